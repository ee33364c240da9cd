package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.kernel.install.KernelInstaller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published {@code nb-smoke-tests} artifact as a user's Maven project takes it: a test-scoped
 * dependency, one {@code @Notebooks} class, {@code mvn test}. Runs after nb-smoke-tests is
 * installed (this module builds last), offline, against the local repository of this build.
 */
class NotebookTestsInAMavenProjectIT {
  private static final String POM =
      """
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>example</groupId>
        <artifactId>notebook-project</artifactId>
        <version>1</version>
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <dependencies>
          <dependency>
            <groupId>dev.trackbook</groupId>
            <artifactId>nb-smoke-tests</artifactId>
            <version>%s</version>
            <scope>test</scope>
          </dependency>
        </dependencies>
        <build>
          <plugins>
            <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
            <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
            <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
          </plugins>
        </build>
      </project>
      """;

  private static final String TEST_CLASS =
      """
      import dev.trackbook.nbtest.NotebookTests;
      import dev.trackbook.nbtest.Notebooks;
      import java.util.stream.Stream;
      import org.junit.jupiter.api.DynamicNode;
      import org.junit.jupiter.api.TestFactory;

      @Notebooks(value = "notebooks", smokeParameters = "rows=3")
      class NotebookSmokeTest {
        @TestFactory
        Stream<DynamicNode> notebooks(NotebookTests tests) {
          return tests.tests();
        }
      }
      """;

  private static final String NOTEBOOK =
      """
      {"nbformat": 4, "nbformat_minor": 5,
       "metadata": {"kernelspec": {"name": "trackbook-java", "language": "java",
                                   "display_name": "Java (Trackbook)"}},
       "cells": [
        {"cell_type": "code", "id": "p", "metadata": {"tags": ["parameters"]}, "outputs": [],
         "execution_count": null, "source": "int rows = 1000000;"},
        {"cell_type": "code", "id": "t", "metadata": {}, "outputs": [], "execution_count": null,
         "source": "%run start consumer\\n%metric seen=rows\\n%run end"},
        {"cell_type": "code", "id": "f", "metadata": {}, "outputs": [], "execution_count": null,
         "source": "if (rows != 3) throw new IllegalStateException(\\"rows \\" + rows);"}
       ]}
      """;

  @Test
  void aMavenProjectRunsItsNotebooksAsTestsThroughTheArtifact(@TempDir Path project)
      throws Exception {
    Path kernels = KernelInstaller.prefixKernelsDir(project.resolve("jupyter"));
    KernelInstaller.install(
        kernels,
        Path.of("../kernel-extensions/target/trackbook-kernel.jar").toAbsolutePath(),
        List.of(Path.of("../magics/target/trackbook-magics.jar").toAbsolutePath()),
        KernelInstaller.currentJava());
    Files.writeString(
        project.resolve("pom.xml"), POM.formatted(System.getProperty("trackbook.version")));
    Path tests = Files.createDirectories(project.resolve("src/test/java"));
    Files.writeString(tests.resolve("NotebookSmokeTest.java"), TEST_CLASS);
    Files.writeString(
        Files.createDirectories(project.resolve("notebooks")).resolve("rows.ipynb"), NOTEBOOK);

    Path log = project.resolve("mvn.log");
    Process mvn =
        new ProcessBuilder(
                Path.of(System.getProperty("trackbook.mavenHome"), "bin", "mvn").toString(),
                "-B",
                "-o",
                "-Dmaven.repo.local=" + System.getProperty("trackbook.localRepository"),
                // A JUnit configuration parameter, as a user would pass one.
                "-Dtrackbook.kernelPath=" + kernels,
                "test")
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = mvn.waitFor(300, TimeUnit.SECONDS);
    mvn.destroyForcibly();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as(out).isTrue();
    assertThat(mvn.exitValue()).as(out).isZero();
    // Three cells (the smoke value reached the last) and the FINISHED check, in Surefire's report.
    String report =
        Files.readString(project.resolve("target/surefire-reports/TEST-NotebookSmokeTest.xml"));
    assertThat(report).contains("tests=\"4\"", "failures=\"0\"", "errors=\"0\"");
    assertThat(out).contains("Tests run: 4, Failures: 0, Errors: 0, Skipped: 0");
    // The ephemeral server's libraries keep their start and stop to themselves.
    assertThat(out)
        .doesNotContainPattern("INFO (com\\.zaxxer|org\\.flywaydb|org\\.eclipse|io\\.javalin)");
    // The libraries are the versions this build runs with: the parent POM's management does not
    // reach a project that depends on us, only what our modules declare does.
    Matcher classpath =
        Pattern.compile("name=\"surefire.test.class.path\" value=\"([^\"]*)\"").matcher(report);
    assertThat(classpath.find()).as("the test class path in the report").isTrue();
    List<String> jars =
        Stream.of(classpath.group(1).split(java.io.File.pathSeparator))
            .map(j -> Path.of(j).getFileName().toString())
            .toList();
    assertThat(jars.stream().filter(j -> j.startsWith("jackson-")))
        .isNotEmpty()
        .allMatch(j -> j.endsWith("-" + System.getProperty("trackbook.jacksonVersion") + ".jar"));
    assertThat(jars.stream().filter(j -> j.startsWith("slf4j-")))
        .isNotEmpty()
        .allMatch(j -> j.endsWith("-" + System.getProperty("trackbook.slf4jVersion") + ".jar"));
  }
}
