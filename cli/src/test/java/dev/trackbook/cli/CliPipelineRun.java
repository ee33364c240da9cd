package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code java -jar trackbook.jar run} on a pipeline of given cells, for the ITs. */
final class CliPipelineRun {

  record Outcome(int exitCode, String output) {}

  private CliPipelineRun() {}

  /**
   * Writes {@code dir/pipelines/a.java} of these cells, converted from {@code notebooks/a.ipynb}.
   */
  static Path script(Path dir, String... cells) throws Exception {
    Files.createDirectories(dir.resolve("notebooks"));
    Files.writeString(dir.resolve("notebooks/a.ipynb"), "{}");
    Path script = Files.createDirectories(dir.resolve("pipelines")).resolve("a.java");
    StringBuilder text =
        new StringBuilder(
            String.join(
                "\n",
                "// ---",
                "// jupyter:",
                "//   trackbook:",
                "//     pipeline:",
                "//       format_version: 1",
                "//       source: notebooks/a.ipynb",
                "// ---",
                ""));
    for (String cell : cells) {
      text.append("\n// %%\n").append(cell).append("\n");
    }
    Files.writeString(script, text);
    return script;
  }

  /** Runs {@code script} (with --force) from {@code directory}, with more environment variables. */
  static Outcome run(Path script, Path directory, Map<String, String> environment)
      throws Exception {
    Path jar = Path.of("target/trackbook.jar").toAbsolutePath();
    Path log = Files.createTempFile("pipeline", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "run",
                script.toAbsolutePath().toString(),
                "--force")
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // No server: the client journals and the run goes on.
    pb.environment().put("TRACKBOOK_TRACKING_URI", "http://127.0.0.1:9");
    pb.environment().put("TRACKBOOK_JOURNAL_DIR", script.getParent().resolve("journal").toString());
    pb.environment().putAll(environment);
    Process p = pb.start();
    boolean ended = p.waitFor(120, TimeUnit.SECONDS); // to a file: a hung run fails, not hangs
    p.destroyForcibly();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    assertThat(ended).as(out).isTrue();
    return new Outcome(p.exitValue(), out);
  }
}
