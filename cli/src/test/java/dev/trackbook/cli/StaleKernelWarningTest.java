package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleKernelWarningTest {
  @TempDir Path tmp;

  private String warningFor(byte[] built, byte[] installed) throws IOException {
    Path project = tmp.resolve("project");
    Path jar = project.resolve("kernel-extensions/target/trackbook-kernel.jar");
    Files.createDirectories(jar.getParent());
    Files.write(jar, built);
    Path kernels = tmp.resolve("kernels");
    Path spec = Files.createDirectories(kernels.resolve("trackbook-java"));
    Files.writeString(
        spec.resolve("kernel.json"),
        "{\"argv\": [\"java\", \"{connection_file}\"], \"display_name\": \"J\","
            + " \"language\": \"java\"}");
    Files.write(spec.resolve("trackbook-kernel.jar"), installed);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TestCommand.warnIfNotThisBuildsKernel(
        "trackbook-java",
        List.of(kernels),
        project,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aKernelspecFromAnotherBuildIsNamedInOneLine() throws IOException {
    String warning = warningFor(new byte[] {1, 2, 3}, new byte[] {1, 2, 4});
    assertThat(warning)
        .startsWith("trackbook: kernelspec trackbook-java in ")
        .contains("is not this build's kernel")
        .contains("./trackbook kernel install")
        .hasLineCount(1);
  }

  @Test
  void thisBuildsKernelOrNoBuildSaysNothing() throws IOException {
    assertThat(warningFor(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isEmpty();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TestCommand.warnIfNotThisBuildsKernel(
        "trackbook-java", List.of(), tmp.resolve("elsewhere"), new PrintStream(err));
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aCommandLineMistakeIsItsOneLineWithoutTheWarning() throws Exception {
    // A child JVM: the project is $TRACKBOOK_HOME, as the launcher sets it.
    Path project = tmp.resolve("project");
    Path jar = project.resolve("kernel-extensions/target/trackbook-kernel.jar");
    Files.createDirectories(jar.getParent());
    Files.write(jar, new byte[] {1, 2, 3});
    Path spec = Files.createDirectories(tmp.resolve("kernels/trackbook-java"));
    Files.writeString(
        spec.resolve("kernel.json"),
        "{\"argv\": [\"java\", \"{connection_file}\"], \"display_name\": \"J\","
            + " \"language\": \"java\"}");
    Files.write(spec.resolve("trackbook-kernel.jar"), new byte[] {1, 2, 4});
    Path out = tmp.resolve("out.txt");
    ProcessBuilder pb =
        ChildCli.process(
                "test",
                "--kernel-path=" + tmp.resolve("kernels"),
                tmp.resolve("missing.ipynb").toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("TRACKBOOK_HOME", project.toString());
    Process p = pb.start();
    assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(Files.readString(out))
        .hasLineCount(1)
        .startsWith("trackbook: no such file or directory: " + tmp.resolve("missing.ipynb"));
  }
}
