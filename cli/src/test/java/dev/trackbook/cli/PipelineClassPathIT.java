package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar trackbook.jar run}: the CLI's jar holds Jackson, Jetty, DJL, Tablesaw and more,
 * unrelocated; a pipeline's cells must not see them, as a notebook's cells do not in the kernel.
 */
class PipelineClassPathIT {

  @Test
  void pipelineCellsSeeTheTrackingClientButNotTheCliJarsLibraries(@TempDir Path dir)
      throws Exception {
    String out =
        run(
            dir,
            "String client = Tracking.class.getName();",
            "Class.forName(\"com.fasterxml.jackson.databind.ObjectMapper\");");
    assertThat(out)
        .contains("running cell 0")
        .contains(
            "pipeline failed at cell 1 \"Class.forName(\"com.fasterxml.jackson.databind.ObjectMappe"
                + "...\": java.lang.ClassNotFoundException: com.fasterxml.jackson.databind.ObjectMapper");
    assertThat(List.of(out.split("\n"))).noneMatch(l -> l.contains("failed at cell 0"));
  }

  @Test
  void andCannotCompileAgainstThemEither(@TempDir Path dir) throws Exception {
    String out = run(dir, "com.fasterxml.jackson.databind.ObjectMapper mapper = null;");
    assertThat(out)
        .contains("pipeline failed at cell 0")
        .contains("compile error at line 1: package com.fasterxml.jackson.databind does not exist");
  }

  /** Runs a pipeline of these cells with the CLI's jar; its output, after a non-zero exit. */
  private static String run(Path dir, String... cells) throws Exception {
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
    Path jar = Path.of("target/trackbook.jar").toAbsolutePath();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "run",
                script.toString(),
                "--force")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("run.log").toFile());
    // No server: the client journals and the run goes on.
    pb.environment().put("TRACKBOOK_TRACKING_URI", "http://127.0.0.1:9");
    pb.environment().put("TRACKBOOK_JOURNAL_DIR", dir.resolve("journal").toString());
    Process p = pb.start();
    boolean ended = p.waitFor(120, TimeUnit.SECONDS); // to a file: a hung run fails, not hangs
    p.destroyForcibly();
    String out = Files.readString(dir.resolve("run.log"), StandardCharsets.UTF_8);
    assertThat(ended).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isNotZero();
    return out;
  }
}
