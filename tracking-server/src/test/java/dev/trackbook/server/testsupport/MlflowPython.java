package dev.trackbook.server.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python scripts with the venv's {@code mlflow} client (system property {@code
 * trackbook.python}) against one tracking server. A script prints one JSON object as its last line;
 * a failed script fails the test with its stderr. Other modules' ITs use it through this module's
 * test jar.
 */
public final class MlflowPython {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String trackingUri;

  /** Scripts and their stderr go to {@code dir}; the client talks to {@code trackingUri}. */
  public MlflowPython(Path dir, String trackingUri) {
    this.dir = dir;
    this.trackingUri = trackingUri;
  }

  private static String python() {
    String configured = System.getProperty("trackbook.python");
    return configured != null && !configured.isBlank()
        ? configured
        : "/work/main/.trackbook/venv/bin/python";
  }

  /** Runs {@code script} as {@code NAME.py} and parses its last line of output. */
  public JsonNode run(String name, String script) throws Exception {
    return run(name, script, Map.of());
  }

  /** As {@link #run(String, String)}, with these extra environment variables. */
  public JsonNode run(String name, String script, Map<String, String> env) throws Exception {
    Path file = Files.writeString(dir.resolve(name + ".py"), script);
    ProcessBuilder pb = new ProcessBuilder(python(), file.toString());
    pb.environment().put("MLFLOW_TRACKING_URI", trackingUri);
    // a token from the developer's shell must not leak into a test
    pb.environment().remove("MLFLOW_TRACKING_TOKEN");
    pb.environment().put("GIT_PYTHON_REFRESH", "quiet"); // no git repository needed for run tags
    pb.environment().putAll(env);
    Path stderr = dir.resolve(name + ".stderr.txt");
    pb.redirectError(stderr.toFile());
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("python failed:\n" + Files.readString(stderr) + out)
        .isZero();
    String lastLine = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    return JSON.readTree(lastLine);
  }
}
