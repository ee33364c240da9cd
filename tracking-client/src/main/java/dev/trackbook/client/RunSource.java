package dev.trackbook.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run was started from, as MLflow's system tags: a run started in a Jupyter kernel is
 * tagged with its notebook ({@code mlflow.source.name}, type {@code NOTEBOOK}), as MLflow's own
 * run-context providers do for Python. The client tags every run it starts without a parent this
 * way, so a run started with plain {@code Tracking.startRun(...)} is found as the notebook's (by
 * the smoke runner's FINISHED check, and in the UI) just as one started by a magic.
 */
public final class RunSource {
  public static final String SOURCE_NAME = "mlflow.source.name";
  public static final String SOURCE_TYPE = "mlflow.source.type";

  /**
   * The environment variable Jupyter Server sets to the notebook's path for the kernels it starts.
   */
  public static final String JUPYTER_SESSION_NAME = "JPY_SESSION_NAME";

  private RunSource() {}

  /** The source tags for a process with environment {@code env}; empty outside a notebook. */
  public static Map<String, String> tags(Map<String, String> env) {
    Map<String, String> tags = new LinkedHashMap<>();
    String notebook = env.get(JUPYTER_SESSION_NAME);
    if (notebook != null && !notebook.isBlank()) {
      tags.put(SOURCE_NAME, notebook);
      tags.put(SOURCE_TYPE, "NOTEBOOK");
    }
    return tags;
  }
}
