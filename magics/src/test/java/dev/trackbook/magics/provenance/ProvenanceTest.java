package dev.trackbook.magics.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {

  @TempDir Path dir;

  @Test
  void notebookGitAndMachineTags() throws Exception {
    git("init", "-q");
    git("config", "user.email", "t@example.com");
    git("config", "user.name", "t");
    Files.writeString(dir.resolve("nb.ipynb"), "{}");
    git("add", "nb.ipynb");
    git("commit", "-q", "-m", "first");
    String head = Provenance.git(dir, "rev-parse", "HEAD").orElseThrow();

    Map<String, String> tags =
        Provenance.tags(dir, Map.of("JPY_SESSION_NAME", "work/nb.ipynb"), "");
    assertThat(tags)
        .containsEntry("mlflow.source.name", "work/nb.ipynb")
        .containsEntry("mlflow.source.type", "NOTEBOOK")
        .containsEntry("mlflow.source.git.commit", head)
        .containsEntry("trackbook.git.dirty", "false")
        .containsEntry("mlflow.user", System.getProperty("user.name"))
        .containsKeys("trackbook.jdk", "trackbook.os", "trackbook.host")
        .doesNotContainKey("trackbook.classpath.maven");
    assertThat(tags.get("trackbook.jdk")).contains(System.getProperty("java.version"));

    Files.writeString(dir.resolve("nb.ipynb"), "{\"changed\": true}");
    assertThat(Provenance.tags(dir, Map.of(), "")).containsEntry("trackbook.git.dirty", "true");
  }

  @Test
  void noGitAndNoNotebookGiveNoTags() {
    Map<String, String> tags = Provenance.tags(dir, Map.of(), "");
    assertThat(tags)
        .doesNotContainKeys(
            "mlflow.source.name", "mlflow.source.git.commit", "trackbook.git.dirty");
  }

  @Test
  void mavenCoordinatesFromRepositoryPathsAndPomProperties() throws IOException {
    Path repoJar = dir.resolve("m2/repository/org/knowm/xchart/xchart/4.0.3/xchart-4.0.3.jar");
    Files.createDirectories(repoJar.getParent());
    Files.writeString(repoJar, "not read: the path says it all");
    Path shaded = dir.resolve("lib/app.jar");
    Files.createDirectories(shaded.getParent());
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(shaded))) {
      jar.putNextEntry(new JarEntry("META-INF/maven/com.acme/widgets/pom.properties"));
      jar.write("groupId=com.acme\nartifactId=widgets\nversion=1.2\n".getBytes());
      jar.closeEntry();
    }
    String classpath =
        String.join(File.pathSeparator, repoJar.toString(), shaded.toString(), dir.toString());
    assertThat(Provenance.mavenCoordinates(classpath))
        .containsExactly("org.knowm.xchart:xchart:4.0.3", "com.acme:widgets:1.2");
  }

  @Test
  void aHugeClasspathIsCutAtTheTagLimitSayingHowMuchIsMissing() {
    StringBuilder classpath = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      classpath.append(
          dir.resolve("repository/com/example/artifact" + i + "/1.0/artifact" + i + "-1.0.jar"));
      classpath.append(File.pathSeparator);
    }
    String tag =
        Provenance.tags(dir, Map.of(), classpath.toString()).get("trackbook.classpath.maven");
    assertThat(tag.length()).isLessThanOrEqualTo(8000);
    assertThat(tag)
        .startsWith("com.example:artifact0:1.0,")
        .containsPattern(",\\.\\.\\. \\(\\d+ more\\)$");
    int listed = tag.split(",").length - 1;
    assertThat(tag).endsWith("(" + (400 - listed) + " more)");
  }

  private void git(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      // no input
    }
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
  }
}
