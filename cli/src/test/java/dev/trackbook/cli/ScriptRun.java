package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the project's bash scripts as a user would, bounded: output goes to a file (a pipe
 * read to its end would wait for every child and outlive any timeout), the environment gets {@code
 * env} (a private HOME, so a regression that goes on to set things up touches nothing of the
 * user's), and a script still running at the timeout is killed with its children and fails.
 */
record ScriptRun(int exit, String output) {

  static ScriptRun of(Path script, Map<String, String> env, Duration timeout, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("script-run", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(ended).as(script + " still running after " + timeout + ": " + output).isTrue();
      return new ScriptRun(p.exitValue(), output);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
