package dev.trackbook.kernel.dependencies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body of %%loadFromPOM (and the file of %loadFromPOM PATH): fragments and whole POMs, and what
 * it refuses, as one line each.
 */
class PomDependenciesTest {

  @Test
  void looseFragmentsAsAReadmeShowsThemBecomeCoordinatesAndRepositories() {
    PomDependencies pom =
        PomDependencies.parse(
            List.of(),
            """
            <repository>
              <id>snapshots</id>
              <url>https://repo.example/snapshots/</url>
            </repository>

            <dependency>
              <groupId>io.example</groupId>
              <artifactId>kernel</artifactId>
              <version>2.0.0-SNAPSHOT</version>
            </dependency>
            <dependencies>
              <dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version>
                <classifier>linux</classifier></dependency>
              <dependency><groupId>a</groupId><artifactId>t</artifactId><version>1</version>
                <type>test-jar</type><scope>test</scope></dependency>
              <dependency><groupId>a</groupId><artifactId>bom</artifactId><version>3</version>
                <type>pom</type><scope>runtime</scope><optional>true</optional></dependency>
            </dependencies>
            """);

    assertThat(pom.coordinates())
        .containsExactly("io.example:kernel:2.0.0-SNAPSHOT", "a:b:jar:linux:1", "a:bom:pom:3");
    assertThat(pom.repositories())
        .containsExactly(
            new MavenResolver.Repository("snapshots", "https://repo.example/snapshots/"));
  }

  @Test
  void aWholePomXmlWithItsNamespaceAndPropertiesIsRead() {
    PomDependencies pom =
        PomDependencies.parse(
            List.of("compile", "test"),
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0"
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>
              <groupId>my.group</groupId>
              <artifactId>app</artifactId>
              <version>0.1</version>
              <name>An app</name>
              <properties>
                <jackson.version>2.17.1</jackson.version>
                <jackson.again>${jackson.version}</jackson.again>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>com.fasterxml.jackson.core</groupId>
                  <artifactId>jackson-databind</artifactId>
                  <version>${jackson.again}</version>
                </dependency>
                <dependency>
                  <groupId>${project.groupId}</groupId>
                  <artifactId>lib</artifactId>
                  <version>${project.version}</version>
                  <scope>test</scope>
                </dependency>
                <dependency>
                  <groupId>javax.servlet</groupId><artifactId>servlet-api</artifactId>
                  <version>2.5</version><scope>provided</scope>
                </dependency>
              </dependencies>
              <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId></plugin></plugins></build>
            </project>
            """);

    assertThat(pom.coordinates())
        .containsExactly("com.fasterxml.jackson.core:jackson-databind:2.17.1", "my.group:lib:0.1");
    assertThat(pom.repositories()).isEmpty();
  }

  @Test
  void whatNeedsAnotherPomOrMavensModelBuilderIsRefusedNamingIt() {
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    List.of(), "<project><parent><groupId>a</groupId></parent></project>"))
        .hasMessage(
            "%%loadFromPOM: <parent> is not supported (only <dependencies>, <repositories> and"
                + " <properties> are read)");
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    List.of(),
                    "<dependency><groupId>a</groupId><artifactId>b</artifactId>"
                        + "<version>1</version><exclusions/></dependency>"))
        .hasMessage("%%loadFromPOM: <exclusions> is not supported in a <dependency>");
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    List.of(),
                    "<dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>"))
        .hasMessage(
            "%%loadFromPOM: <dependency> a:b has no <version> (versions from <parent> or"
                + " <dependencyManagement> are not supported)");
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    List.of(),
                    "<dependency><groupId>a</groupId><artifactId>b</artifactId>"
                        + "<version>${b.version}</version></dependency>"))
        .hasMessage(
            "%%loadFromPOM: ${b.version} is not defined in the POM's <properties> (properties of a"
                + " <parent>, settings.xml or the environment are not supported)");
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    List.of(),
                    "<dependency><groupId>a</groupId><artifactId>b</artifactId><version>1</version>"
                        + "<scope>system</scope><systemPath>/x.jar</systemPath></dependency>"))
        .hasMessage("%%loadFromPOM: <systemPath> is not supported in a <dependency>");
    assertThatThrownBy(() -> PomDependencies.parse(List.of("compiled"), "<dependencies/>"))
        .hasMessage(
            "%%loadFromPOM: unknown scope 'compiled'; expected some of compile, import, provided,"
                + " runtime, system, test");
    assertThatThrownBy(() -> PomDependencies.parse(List.of(), "  \n"))
        .hasMessage(
            "%%loadFromPOM: expected <dependency> or <dependencies> elements, or a whole <project>");
  }

  @Test
  void aRepositoryUrlWithCredentialsIsRefusedAsByMavenRepo() {
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    List.of(),
                    "<repository><id>corp</id><url>https://me:token@repo.corp/m2/</url>"
                        + "</repository>"))
        .hasMessageStartingWith("%%loadFromPOM: the URL holds credentials (user:token@)")
        .hasMessageNotContaining("token@repo");
  }

  @Test
  void malformedXmlIsOneLineNamingTheLineOfTheBody() {
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    List.of(),
                    "<dependency>\n  <groupId>a</groupId>\n  <artifactId>b</artifact>\n"
                        + "</dependency>"))
        .hasMessageStartingWith("%%loadFromPOM: malformed XML at line 3, column ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aDoctypeIsRefusedSoNoExternalEntityIsRead(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cret");
    String xxe =
        "<!DOCTYPE d [<!ENTITY x SYSTEM \""
            + secret.toUri()
            + "\">]>\n<dependency><groupId>&x;</groupId><artifactId>b</artifactId>"
            + "<version>1</version></dependency>";

    assertThatThrownBy(() -> PomDependencies.parse(List.of(), xxe))
        .hasMessage(
            "%%loadFromPOM: a DOCTYPE is not allowed (it could read files through external"
                + " entities)");
    assertThatThrownBy(
            () ->
                PomDependencies.parse(
                    List.of(),
                    "<?xml version=\"1.0\"?>\n" + xxe.replace("<!DOCTYPE d", "<!DOCTYPE project")))
        .hasMessageStartingWith("%%loadFromPOM: a DOCTYPE is not allowed");
  }

  @Test
  void theLineMagicReadsThePomAtItsPathRelativeToTheGivenDirectory(@TempDir Path dir)
      throws Exception {
    Files.createDirectories(dir.resolve("deps"));
    Files.writeString(
        dir.resolve("deps/pom.xml"),
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <properties><v>2.1</v></properties>
          <repositories>
            <repository><id>corp</id><url>https://repo.corp/m2/</url></repository>
          </repositories>
          <dependencies>
            <dependency><groupId>g</groupId><artifactId>a</artifactId><version>${v}</version>
            </dependency>
            <dependency><groupId>g</groupId><artifactId>t</artifactId><version>1</version>
              <scope>test</scope></dependency>
          </dependencies>
          <name>Grüße</name>
        </project>
        """);

    PomDependencies pom = PomDependencies.read(dir, List.of("deps/pom.xml"));

    assertThat(pom.coordinates()).containsExactly("g:a:2.1");
    assertThat(pom.repositories())
        .containsExactly(new MavenResolver.Repository("corp", "https://repo.corp/m2/"));
    assertThat(PomDependencies.read(dir, List.of("deps/pom.xml", "test")).coordinates())
        .containsExactly("g:t:1");
    // An absolute path ignores the directory.
    assertThat(
            PomDependencies.read(
                    dir.resolve("elsewhere"),
                    List.of(dir.resolve("deps/pom.xml").toString(), "compile"))
                .coordinates())
        .containsExactly("g:a:2.1");
  }

  @Test
  void theLineMagicsMistakesAreOneLineNamingTheMagicAndThePath(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> PomDependencies.read(dir, List.of()))
        .hasMessage("%loadFromPOM: expected the path of a pom.xml, then optional scopes");
    assertThatThrownBy(() -> PomDependencies.read(dir, List.of("pom.xml")))
        .hasMessage("%loadFromPOM: no such file: pom.xml (in " + dir + ")");
    assertThatThrownBy(() -> PomDependencies.read(dir, List.of(dir.toString())))
        .hasMessageStartingWith("%loadFromPOM: cannot read " + dir + ": ")
        .hasMessageNotContaining("\n");
    Files.write(dir.resolve("latin1.xml"), new byte[] {'<', 'a', '>', (byte) 0xfc, '<', '/', 'a'});
    assertThatThrownBy(() -> PomDependencies.read(dir, List.of("latin1.xml")))
        .hasMessage("%loadFromPOM: cannot read latin1.xml: not UTF-8 text");
    // The cell's refusals, naming the file.
    Files.writeString(dir.resolve("parent.xml"), "<project>\n  <parent/>\n</project>\n");
    assertThatThrownBy(() -> PomDependencies.read(dir, List.of("parent.xml")))
        .hasMessageStartingWith("%loadFromPOM parent.xml: <parent> is not supported");
    assertThatThrownBy(() -> PomDependencies.read(dir, List.of("parent.xml", "compiled")))
        .hasMessageStartingWith("%loadFromPOM parent.xml: unknown scope 'compiled'");
    Files.writeString(dir.resolve("broken.xml"), "<dependency>\n  <groupId>a</group>\n");
    assertThatThrownBy(() -> PomDependencies.read(dir, List.of("broken.xml")))
        .hasMessageStartingWith("%loadFromPOM broken.xml: malformed XML at line 2, column ")
        .hasMessageContaining(" of broken.xml: ")
        .hasMessageNotContaining("\n");
  }
}
