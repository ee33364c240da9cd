package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar trackbook.jar test} as a user runs it, on a kernel installed by the CLI. */
class SmokeTestCommandIT {
  private static final Path JAR = Path.of("target/trackbook.jar").toAbsolutePath();

  @Test
  void aSmokeRunLeavesNothingInTheTempDirectory(@TempDir Path dir) throws Exception {
    Path prefix = dir.resolve("jupyter");
    run(
        dir,
        List.of(),
        "kernel",
        "install",
        "--prefix",
        prefix.toString(),
        "--kernel-jar",
        Path.of("../kernel-extensions/target/trackbook-kernel.jar").toAbsolutePath().toString(),
        "--extension",
        Path.of("../magics/target/trackbook-magics.jar").toAbsolutePath().toString());
    Path notebook = dir.resolve("one.ipynb");
    Files.writeString(
        notebook,
        """
        {"nbformat": 4, "nbformat_minor": 5,
         "metadata": {"kernelspec": {"name": "trackbook-java", "language": "java",
                                     "display_name": "Java (Trackbook)"}},
         "cells": [{"cell_type": "code", "id": "c1", "metadata": {}, "outputs": [],
                    "execution_count": null,
                    "source": "%run start leftovers\\n%metric a=1\\n%run end"}]}
        """);
    Path tmp = Files.createDirectories(dir.resolve("tmp"));

    String out =
        run(
            dir,
            List.of("-Djava.io.tmpdir=" + tmp),
            "test",
            notebook.toString(),
            "--reports",
            dir.resolve("reports").toString());

    // The cell, and the check that its run ended FINISHED.
    assertThat(out).contains("2 passed, 0 failed");
    // The ephemeral server's SQLite, artifacts and journal, the kernel's connection file and log.
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  /** Runs the CLI's jar with these JVM flags and arguments; its output, after exit 0. */
  private static String run(Path dir, List<String> jvmFlags, String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "cli-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JUPYTER_PATH", dir.resolve("jupyter/share/jupyter").toString());
    Process p = pb.start();
    boolean ended = p.waitFor(300, TimeUnit.SECONDS); // to a file: a hung run fails, not hangs
    p.destroyForcibly();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
