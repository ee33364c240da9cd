package dev.trackbook.cli.serving;

import dev.trackbook.client.model.ModelFiles;
import dev.trackbook.client.model.ModelJson;
import dev.trackbook.client.model.ServableModel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child JVM of {@link SandboxedValidator}: loads the model in a directory, runs {@link
 * ModelCheck} and prints one line {@code VERDICT {json}} on stdout. Nothing else is trusted from
 * the child; a crash or a hang is a failed validation in the parent.
 */
public final class ValidationChild {
  static final String VERDICT_PREFIX = "VERDICT ";

  private ValidationChild() {}

  /** Arguments: model directory, latency bound in milliseconds. */
  public static void main(String[] args) {
    Map<String, Object> out = new LinkedHashMap<>();
    try (ServableModel model = ModelFiles.load(Path.of(args[0]))) {
      ModelCheck.Verdict verdict = ModelCheck.run(model, Double.parseDouble(args[1]));
      out.put("passed", verdict.passed());
      out.put("detail", verdict.detail());
      out.put("p50_ms", verdict.p50Millis());
      out.put("max_ms", verdict.maxMillis());
    } catch (Exception | LinkageError e) {
      out.put("passed", false);
      out.put("detail", "cannot load the model: " + ModelCheck.oneLine(e));
    }
    System.out.println(VERDICT_PREFIX + ModelJson.writeCompact(out));
    System.out.flush();
    // DJL's engine threads must not keep the child alive.
    System.exit(0);
  }
}
