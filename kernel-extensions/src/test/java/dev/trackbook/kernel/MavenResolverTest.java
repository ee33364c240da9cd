package dev.trackbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpServer;
import dev.trackbook.kernel.dependencies.MavenResolver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;

/** %maven's resolver against file:// repositories: settings.xml, and one graph per call. */
class MavenResolverTest {

  @TempDir static Path dir;

  private static Path company;

  @BeforeAll
  static void publish() throws Exception {
    // The company's repository manager: artifacts Maven Central does not have.
    company = dir.resolve("company");
    FakeMavenRepository.publishAll(
        company,
        "corp.util:strings:1.0 corp.util.Strings1",
        "corp.util:strings:2.0 corp.util.Strings2",
        "corp.app:reports:1.0 corp.app.Reports corp.util:strings:1.0",
        "corp.app:charts:1.0 corp.app.Charts corp.util:strings:2.0",
        "corp.app:ranged:1.0 corp.app.Ranged corp.util:strings:[1.0,3.0)");
    FakeMavenRepository.publishVersionList(company, "corp.util", "strings", "1.0", "2.0");
    FakeMavenRepository.publishWithParent(
        company,
        "corp.app",
        "app-parent",
        "inherits",
        "1.0",
        "corp.app.Inherits",
        "corp.util:strings:1.0");
  }

  private static Path settings(String name, String body) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file, "<settings xmlns=\"http://maven.apache.org/SETTINGS/1.0.0\">" + body + "</settings>");
    return file;
  }

  @Test
  void aMirrorOfCentralAndTheLocalRepositoryComeFromSettingsXml() throws Exception {
    Path local = dir.resolve("settings-local");
    Path file =
        settings(
            "mirror.xml",
            "<localRepository>"
                + local
                + "</localRepository><mirrors><mirror><id>company</id><mirrorOf>central</mirrorOf>"
                + "<url>"
                + company.toUri()
                + "</url></mirror></mirrors>");
    MavenResolver resolver =
        MavenResolver.fromSettings(file, dir.resolve("no-global.xml"), dir.resolve("unused"));

    List<MavenResolver.Jar> jars = resolver.resolve(List.of("corp.app:reports:1.0"));

    assertThat(jars)
        .extracting(MavenResolver.Jar::key, MavenResolver.Jar::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("corp.app:reports", "1.0"),
            org.assertj.core.groups.Tuple.tuple("corp.util:strings", "1.0"));
    assertThat(jars.get(0).file()).startsWith(local);
    assertThat(dir.resolve("unused")).doesNotExist();
  }

  @Test
  void theRepositoriesOfSettingsXmlsActiveProfilesAreSearched() throws Exception {
    String dead = "http://127.0.0.1:" + closedPort() + "/";
    Path file =
        settings(
            "profiles.xml",
            "<localRepository>"
                + dir.resolve("profiles-local")
                + "</localRepository><profiles>"
                + "<profile><id>old</id><repositories><repository><id>old</id><url>"
                + dead
                + "</url></repository></repositories></profile>"
                + "<profile><id>company</id><repositories><repository><id>company</id><url>"
                + company.toUri()
                + "</url></repository></repositories></profile>"
                + "</profiles><activeProfiles><activeProfile>company</activeProfile>"
                + "</activeProfiles>");

    assertThat(
            MavenResolver.fromSettings(file, null, dir.resolve("unused"))
                .resolve(List.of("corp.app:reports:1.0")))
        .extracting(MavenResolver.Jar::key)
        .containsExactly("corp.app:reports", "corp.util:strings");
  }

  @Test
  void aProfileActiveByDefaultCountsWhenNoneIsNamed() throws Exception {
    Path file =
        settings(
            "default-profile.xml",
            "<localRepository>"
                + dir.resolve("default-profile-local")
                + "</localRepository><profiles><profile><id>company</id>"
                + "<activation><activeByDefault>true</activeByDefault></activation>"
                + "<repositories><repository><id>company</id><url>"
                + company.toUri()
                + "</url></repository></repositories></profile></profiles>");

    assertThat(
            MavenResolver.fromSettings(file, null, dir.resolve("unused"))
                .resolve(List.of("corp.app:reports:1.0")))
        .extracting(MavenResolver.Jar::key)
        .containsExactly("corp.app:reports", "corp.util:strings");
  }

  @Test
  void offlineInSettingsXmlResolvesFromTheLocalRepositoryOnly() throws Exception {
    Path file =
        settings(
            "offline.xml",
            "<offline>true</offline><localRepository>"
                + dir.resolve("empty-local")
                + "</localRepository>");
    MavenResolver resolver = MavenResolver.fromSettings(file, null, dir.resolve("unused"));

    assertThatThrownBy(() -> resolver.resolve(List.of("corp.app:reports:1.0")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corp.app:reports:1.0")
        .hasMessageContaining("offline");
  }

  @Test
  void whatTheLocalRepositoryHoldsResolvesWhenTheRemoteIsDown() throws Exception {
    HttpServer central = repositoryOverHttp(company, null);
    String url = "http://127.0.0.1:" + central.getAddress().getPort() + "/";
    Path local = dir.resolve("down-local");
    List<String> fixed = List.of("corp.app:reports:1.0");
    List<String> ranged = List.of("corp.app:ranged:1.0");
    List<MavenResolver.Jar> fixedJars = new MavenResolver(local, List.of(url)).resolve(fixed);
    List<MavenResolver.Jar> rangedJars = new MavenResolver(local, List.of(url)).resolve(ranged);
    central.stop(0);

    // A restarted kernel: from the resolution cache...
    assertThat(new MavenResolver(local, List.of(url)).resolve(fixed)).isEqualTo(fixedJars);
    assertThat(new MavenResolver(local, List.of(url)).resolve(ranged)).isEqualTo(rangedJars);
    // ...and without it (expired, deleted), from the local repository's files and metadata.
    try (var entries = Files.list(local.resolve(".trackbook-resolutions"))) {
      for (Path entry : entries.toList()) {
        Files.delete(entry);
      }
    }
    assertThat(new MavenResolver(local, List.of(url)).resolve(fixed)).isEqualTo(fixedJars);
    assertThat(new MavenResolver(local, List.of(url)).resolve(ranged)).isEqualTo(rangedJars);
    // What it never downloaded names the repository it could not reach.
    assertThatThrownBy(
            () -> new MavenResolver(local, List.of(url)).resolve(List.of("corp.app:charts:1.0")))
        .hasMessage(
            "cannot resolve corp.app:charts:1.0: cannot reach " + url + " (Connection refused)");
  }

  @Test
  void aResolutionStuckOnARepositoryThatNeverAnswersDoesNotHoldUpTheNext() throws Exception {
    Path local = dir.resolve("silent-local");
    // reports:1.0 in the local repository, from a repository with the id the next one has.
    new MavenResolver(local, List.of(company.toUri().toString()))
        .resolve(List.of("corp.app:reports:1.0"));
    // A broken proxy: takes the connection, never answers. An interrupted %maven's thread stays
    // in its read for the request timeout, 30 min.
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      MavenResolver resolver =
          new MavenResolver(local, List.of("http://127.0.0.1:" + silent.getLocalPort() + "/"));
      var stuck =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  org.assertj.core.api.Assertions.catchThrowable(
                      () -> resolver.resolve(List.of("corp.app:charts:1.0"))));
      try (java.net.Socket waiting = silent.accept()) {
        // What the local repository holds resolves meanwhile (the timeout only guards a hang).
        assertThat(
                java.util.concurrent.CompletableFuture.supplyAsync(
                        () -> resolver.resolve(List.of("corp.app:reports:1.0")))
                    .get(60, java.util.concurrent.TimeUnit.SECONDS))
            .extracting(MavenResolver.Jar::key)
            .containsExactly("corp.app:reports", "corp.util:strings");
      }
      silent.close();
      assertThat(stuck.get(60, java.util.concurrent.TimeUnit.SECONDS))
          .hasMessageStartingWith("cannot resolve corp.app:charts:1.0: ");
    }
  }

  @Test
  void aBrokenSettingsXmlIsAOneLineErrorNamingFileAndLine() throws Exception {
    Path file = dir.resolve("broken.xml");
    Files.writeString(file, "<settings>\n<mirrors>\n<mirror>\n</settings>");
    MavenResolver resolver = MavenResolver.fromSettings(file, null, dir.resolve("unused"));

    assertThatThrownBy(() -> resolver.resolve(List.of("corp.app:reports:1.0")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot read Maven settings: " + file)
        .hasMessageContaining("line 4");
  }

  /** A port on the loopback interface that nothing listens on. */
  private static int closedPort() throws Exception {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aRepositoryThatCannotBeReachedIsNamedWithTheReason() throws Exception {
    String refused = "http://127.0.0.1:" + closedPort() + "/";
    assertThatThrownBy(
            () ->
                new MavenResolver(dir.resolve("refused-local"), List.of(refused))
                    .resolve(List.of("corp.app:reports:1.0")))
        .hasMessage(
            "cannot resolve corp.app:reports:1.0: cannot reach "
                + refused
                + " (Connection refused)");
    // The bare host name was all the line said.
    assertThatThrownBy(
            () ->
                new MavenResolver(
                        dir.resolve("unknown-local"), List.of("http://no-such-host.invalid/"))
                    .resolve(List.of("corp.app:reports:1.0")))
        .hasMessageStartingWith(
            "cannot resolve corp.app:reports:1.0: cannot reach http://no-such-host.invalid/"
                + " (unknown host no-such-host.invalid");
    // Central through settings.xml's proxy: the proxy is what refused.
    int proxyPort = closedPort();
    Path file =
        settings(
            "dead-proxy.xml",
            "<localRepository>"
                + dir.resolve("proxied-local")
                + "</localRepository><proxies><proxy><id>corp</id><active>true</active>"
                + "<protocol>https</protocol><host>127.0.0.1</host><port>"
                + proxyPort
                + "</port></proxy></proxies>");
    assertThatThrownBy(
            () ->
                MavenResolver.fromSettings(file, null, dir.resolve("unused"))
                    .resolve(List.of("corp.app:reports:1.0")))
        .hasMessage(
            "cannot resolve corp.app:reports:1.0: cannot reach "
                + MavenResolver.MAVEN_CENTRAL
                + " through proxy 127.0.0.1:"
                + proxyPort
                + " (Connection refused)");
  }

  @Test
  void coordinatesResolvedTogetherBringASharedLibraryOnce() {
    MavenResolver resolver =
        new MavenResolver(dir.resolve("together-local"), List.of(company.toUri().toString()));

    List<MavenResolver.Jar> jars =
        resolver.resolve(List.of("corp.app:reports:1.0", "corp.app:charts:1.0"));

    // Nearest wins, and at equal depth the first declared: strings 1.0, once.
    assertThat(jars)
        .filteredOn(j -> j.key().equals("corp.util:strings"))
        .extracting(MavenResolver.Jar::version)
        .containsExactly("1.0");
  }

  @Test
  void aPomArtifactBringsItsDependenciesButIsNoJar() {
    List<MavenResolver.Jar> jars =
        new MavenResolver(dir.resolve("pom-local"), List.of(company.toUri().toString()))
            .resolve(List.of("corp.app:app-parent:pom:1.0"));

    assertThat(jars).extracting(MavenResolver.Jar::key).containsExactly("corp.util:strings");
    assertThat(jars.get(0).file().toString()).endsWith(".jar");
  }

  @Test
  void aClassifierComesBeforeTheVersionAndGradlesOrderIsRefusedWithTheRightCoordinate()
      throws Exception {
    Path version = company.resolve("corp/util/strings/1.0");
    Files.copy(version.resolve("strings-1.0.jar"), version.resolve("strings-1.0-linux.jar"));
    MavenResolver resolver =
        new MavenResolver(dir.resolve("classifier-local"), List.of(company.toUri().toString()));

    List<MavenResolver.Jar> jars = resolver.resolve(List.of("corp.util:strings:jar:linux:1.0"));

    assertThat(jars).extracting(MavenResolver.Jar::key).containsExactly("corp.util:strings:linux");
    assertThat(jars.get(0).file().getFileName()).hasToString("strings-1.0-linux.jar");
    // Read as extension "1.0" and version "linux", it failed as "Could not find artifact
    // corp.util:strings:1.0:linux", which looks just like what was typed.
    assertThatThrownBy(() -> resolver.resolve(List.of("corp.util:strings:1.0:linux")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'corp.util:strings:1.0:linux' puts the version before the classifier;"
                + " write corp.util:strings:jar:linux:1.0");
  }

  /** The keys of the jars a new resolver (as after a kernel restart) resolves. */
  private static List<String> keysAfterRestart(Path local, String coordinates) {
    return new MavenResolver(local, List.of(company.toUri().toString()))
        .resolve(List.of(coordinates)).stream().map(MavenResolver.Jar::key).toList();
  }

  /** As `mvn install` leaves a file: changed, two seconds later. */
  private static void reinstalled(Path file) throws Exception {
    Files.setLastModifiedTime(
        file,
        java.nio.file.attribute.FileTime.fromMillis(
            Files.getLastModifiedTime(file).toMillis() + 2000));
  }

  @Test
  void aRestartedKernelReusesTheResolvedGraphUntilAPomChanges() throws Exception {
    Path local = dir.resolve("cached-local");
    assertThat(keysAfterRestart(local, "corp.app:reports:1.0")).hasSize(2);
    // Rewrite the local pom without its dependency, keeping size and time: only a resolver that
    // walks the graph again would see it.
    Path pom = local.resolve("corp/app/reports/1.0/reports-1.0.pom");
    String text = Files.readString(pom);
    String stripped =
        text.replaceAll("<dependencies>.*</dependencies>", "<dependencies></dependencies>");
    var time = Files.getLastModifiedTime(pom);
    Files.writeString(pom, stripped + " ".repeat(text.length() - stripped.length()));
    Files.setLastModifiedTime(pom, time);

    // The graph comes from the cache...
    assertThat(keysAfterRestart(local, "corp.app:reports:1.0"))
        .containsExactly("corp.app:reports", "corp.util:strings");
    // ...until the pom changes.
    reinstalled(pom);
    assertThat(keysAfterRestart(local, "corp.app:reports:1.0")).containsExactly("corp.app:reports");
  }

  @Test
  void aChangedParentPomMeansWalkingTheGraphAgain() throws Exception {
    Path local = dir.resolve("parent-local");
    assertThat(keysAfterRestart(local, "corp.app:inherits:1.0"))
        .containsExactly("corp.app:inherits", "corp.util:strings");
    // The parent reinstalled without its dependency: the child's own files are unchanged.
    Path parentPom = local.resolve("corp/app/app-parent/1.0/app-parent-1.0.pom");
    Files.writeString(
        parentPom, Files.readString(parentPom).replaceAll("<dependencies>.*</dependencies>", ""));
    reinstalled(parentPom);
    assertThat(keysAfterRestart(local, "corp.app:inherits:1.0"))
        .containsExactly("corp.app:inherits");
  }

  @Test
  void aVersionRangeInsideTheGraphIsReusedForADayOnly() throws Exception {
    Path local = dir.resolve("ranged-local");
    assertThat(
            new MavenResolver(local, List.of(company.toUri().toString()))
                .resolve(List.of("corp.app:ranged:1.0")))
        .extracting(MavenResolver.Jar::key, MavenResolver.Jar::version)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("corp.app:ranged", "1.0"),
            org.assertj.core.groups.Tuple.tuple("corp.util:strings", "2.0"));
    // A newer strings in the range may be published: the cached graph expires, unlike a fixed one.
    List<String> entry;
    try (var files = Files.list(local.resolve(".trackbook-resolutions"))) {
      entry = Files.readAllLines(files.findFirst().orElseThrow());
    }
    assertThat(entry.get(1)).startsWith("expires ").isNotEqualTo("expires never");
  }

  @Test
  void anEncryptedServerPasswordIsDecryptedWithTheMasterPasswordAsMvnDoes() throws Exception {
    DefaultPlexusCipher cipher = new DefaultPlexusCipher();
    Path m2 = Files.createDirectories(dir.resolve("encrypted-m2"));
    // What `mvn --encrypt-master-password` and `mvn --encrypt-password` write.
    Files.writeString(
        m2.resolve("settings-security.xml"),
        "<settingsSecurity><master>"
            + cipher.encryptAndDecorate("master-pw", "settings.security")
            + "</master></settingsSecurity>");
    HttpServer nexus = authenticatedRepository(company, "deployer", "s3cret");
    // mvn reads ~/.m2/settings-security.xml unless -Dsettings.security says otherwise.
    System.setProperty("settings.security", m2.resolve("settings-security.xml").toString());
    try {
      Path file = m2.resolve("settings.xml");
      Files.writeString(
          file,
          "<settings><mirrors><mirror><id>nexus</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:"
              + nexus.getAddress().getPort()
              + "/</url></mirror></mirrors><servers><server><id>nexus</id>"
              + "<username>deployer</username><password>"
              + cipher.encryptAndDecorate("s3cret", "master-pw")
              + "</password></server></servers><localRepository>${local}</localRepository>"
              + "</settings>");
      System.setProperty("local", m2.resolve("local-1").toString());
      assertThat(
              MavenResolver.fromSettings(file, null, m2).resolve(List.of("corp.app:reports:1.0")))
          .extracting(MavenResolver.Jar::key)
          .containsExactly("corp.app:reports", "corp.util:strings");

      // Without the master password the encrypted text goes out as written, and is refused.
      Files.delete(m2.resolve("settings-security.xml"));
      System.setProperty("local", m2.resolve("local-2").toString());
      MavenResolver withoutMaster = MavenResolver.fromSettings(file, null, m2);
      java.io.PrintStream err = System.err;
      java.io.ByteArrayOutputStream warned = new java.io.ByteArrayOutputStream();
      System.setErr(new java.io.PrintStream(warned, true, java.nio.charset.StandardCharsets.UTF_8));
      try {
        assertThatThrownBy(() -> withoutMaster.resolve(List.of("corp.app:reports:1.0")))
            .isInstanceOf(IllegalStateException.class)
            // The server answered: it was reached, and is named with what it said.
            .hasMessage(
                "cannot resolve corp.app:reports:1.0: Could not transfer artifact"
                    + " corp.app:reports:pom:1.0 from/to nexus (http://127.0.0.1:"
                    + nexus.getAddress().getPort()
                    + "/): status code: 401, reason phrase: Unauthorized (401)");
      } finally {
        System.setErr(err);
      }
      assertThat(warned.toString(java.nio.charset.StandardCharsets.UTF_8))
          .startsWith("warning: settings.xml: Failed to decrypt password for server nexus: ")
          .contains("settings-security.xml")
          .endsWith("; it is sent as written\n");
    } finally {
      System.clearProperty("local");
      System.clearProperty("settings.security");
      nexus.stop(0);
    }
  }

  /** A repository manager over HTTP that serves {@code root} to one user with Basic auth. */
  private static HttpServer authenticatedRepository(Path root, String user, String password)
      throws Exception {
    return repositoryOverHttp(
        root,
        new BasicAuthenticator("nexus") {
          @Override
          public boolean checkCredentials(String u, String p) {
            return u.equals(user) && p.equals(password);
          }
        });
  }

  /**
   * A repository manager over HTTP that serves {@code root}, to anyone when {@code auth} is null.
   */
  private static HttpServer repositoryOverHttp(Path root, com.sun.net.httpserver.Authenticator auth)
      throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    var context =
        server.createContext(
            "/",
            exchange -> {
              Path file = root.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
              if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
              } else if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
              } else {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
              }
              exchange.close();
            });
    if (auth != null) {
      context.setAuthenticator(auth);
    }
    server.start();
    return server;
  }
}
