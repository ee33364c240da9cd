package dev.trackbook.nbtest.parity;

import dev.trackbook.converter.run.PipelineProcess;
import dev.trackbook.nbtest.ChildProcesses;
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
 * Runs a converted pipeline as {@code ./trackbook run} does (its own JVM, in the notebook's
 * directory, failing fast), with the given parameters and tracking environment.
 */
public final class PipelineExecution {

  /**
   * @param exitCode 0 when every cell ran; -1 when it timed out and was killed
   * @param output what the runner printed (progress, and the failing cell with its error)
   * @param startedAtMillis when the process was started; its runs start after this
   */
  public record Result(int exitCode, String output, long startedAtMillis) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private PipelineExecution() {}

  public static Result run(
      Path script, Map<String, Object> parameters, Map<String, String> env, Duration timeout)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    parameters.forEach((k, v) -> args.addAll(List.of("-p", k + "=" + v)));
    ProcessBuilder pb = PipelineProcess.builder(script, args);
    pb.environment().putAll(env);
    Path log = Files.createTempFile("trackbook-pipeline-", ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long started = System.currentTimeMillis();
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      Files.deleteIfExists(log);
      throw e;
    }
    ChildProcesses.started(process, log);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        return new Result(
            -1, read(log) + "\ntimed out after " + timeout.toSeconds() + " s", started);
      }
      return new Result(process.exitValue(), read(log), started);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
      ChildProcesses.ended(process);
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path log) throws IOException {
    return new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
  }
}
