package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    CliPipelineRun.Outcome run =
        CliPipelineRun.run(CliPipelineRun.script(dir, cells), dir, Map.of());
    assertThat(run.exitCode()).as(run.output()).isNotZero();
    return run.output();
  }
}
