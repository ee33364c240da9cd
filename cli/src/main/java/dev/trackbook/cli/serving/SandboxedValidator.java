package dev.trackbook.cli.serving;

import dev.trackbook.client.model.ModelJson;
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
 * Validates a model directory in a separate JVM: its own temp and home directory, a bounded heap, a
 * timeout, and an environment holding only PATH and the locale, so no credentials of the caller
 * (tracking tokens, cloud keys) reach code loaded from a model.
 */
public final class SandboxedValidator {
  private final String maxHeap;
  private final Duration timeout;
  private final double latencyBoundMillis;

  /**
   * @param maxHeap the child's -Xmx, e.g. {@code 512m}
   * @param timeout the child is killed after this
   * @param latencyBoundMillis the largest median latency of the example input that passes
   */
  public SandboxedValidator(String maxHeap, Duration timeout, double latencyBoundMillis) {
    this.maxHeap = checkedHeap(maxHeap);
    this.timeout = timeout;
    this.latencyBoundMillis = latencyBoundMillis;
  }

  /**
   * {@code maxHeap} if it is a size -Xmx takes.
   *
   * @throws IllegalArgumentException naming the expected form otherwise
   */
  public static String checkedHeap(String maxHeap) {
    if (!maxHeap.matches("\\d+[kmgKMG]?")) {
      throw new IllegalArgumentException("heap '" + maxHeap + "' is not like 512m or 2g");
    }
    return maxHeap;
  }

  /**
   * Runs the check on the model in {@code modelDir}, with {@code sandbox} (empty, existing) as the
   * child's home and temp directory. Never throws for a bad model: that is a failed verdict.
   */
  public ModelCheck.Verdict validate(Path modelDir, Path sandbox)
      throws IOException, InterruptedException {
    Path stdout = sandbox.resolve("child.out");
    Path stderr = sandbox.resolve("child.err");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.io.tmpdir=" + sandbox);
    command.add("-Duser.home=" + sandbox);
    command.add("-Dai.djl.offline=true");
    // The extracted native engine is shared (read-only use); DJL's other caches stay in the
    // sandbox.
    command.add("-DENGINE_CACHE_DIR=" + engineCacheDir());
    command.add("-DDJL_CACHE_DIR=" + sandbox.resolve("djl"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ValidationChild.class.getName());
    command.add(modelDir.toAbsolutePath().toString());
    command.add(Double.toString(latencyBoundMillis));

    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(sandbox.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    String path = env.get("PATH");
    String lang = env.get("LANG");
    env.clear();
    env.put("PATH", path == null ? "/usr/bin:/bin" : path);
    env.put("LANG", lang == null ? "C.UTF-8" : lang);
    env.put("HOME", sandbox.toString());
    env.put("TMPDIR", sandbox.toString());
    env.put("OMP_NUM_THREADS", "1");

    Process child = builder.start();
    if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return new ModelCheck.Verdict(
          false, "timed out after " + timeout.toMillis() + " ms (killed)", 0, 0);
    }
    for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
      if (line.startsWith(ValidationChild.VERDICT_PREFIX)) {
        return parse(line.substring(ValidationChild.VERDICT_PREFIX.length()));
      }
    }
    return new ModelCheck.Verdict(
        false,
        "the validation process exited with "
            + child.exitValue()
            + " and no verdict: "
            + lastLine(stderr),
        0,
        0);
  }

  private static ModelCheck.Verdict parse(String json) {
    Map<?, ?> v = (Map<?, ?>) ModelJson.parse(json);
    return new ModelCheck.Verdict(
        Boolean.TRUE.equals(v.get("passed")),
        String.valueOf(v.get("detail")),
        v.get("p50_ms") instanceof Number n ? n.doubleValue() : 0,
        v.get("max_ms") instanceof Number n ? n.doubleValue() : 0);
  }

  private static String lastLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank() && !lines.get(i).startsWith("\tat ")) {
        return lines.get(i).strip();
      }
    }
    return "(no output)";
  }

  /** Where DJL keeps extracted native engines: DJL's own lookup order. */
  static String engineCacheDir() {
    for (String key : new String[] {"ENGINE_CACHE_DIR", "DJL_CACHE_DIR"}) {
      String value = System.getProperty(key, System.getenv(key));
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return Path.of(System.getProperty("user.home"), ".djl.ai").toString();
  }
}
