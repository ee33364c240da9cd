package dev.trackbook.client.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model reference in MLflow's URI forms: {@code models:/NAME/VERSION}, {@code
 * models:/NAME@ALIAS}, {@code models:/NAME/latest}, {@code models:/NAME/STAGE} or {@code
 * runs:/RUN_ID/PATH}.
 *
 * @param name registered model name (models: forms), else null
 * @param version version number as text, or null
 * @param alias alias, or null
 * @param runId run id (runs: form), else null
 * @param path artifact path inside the run (runs: form), else null
 * @param stage {@code latest} (the newest version) or a stage name such as {@code Production} (its
 *     newest version), or null
 */
public record ModelUri(
    String name, String version, String alias, String runId, String path, String stage) {

  /** The stage text of {@code models:/NAME/latest}. */
  public static final String LATEST = "latest";

  private static final Pattern BY_VERSION = Pattern.compile("models:/([^/@]+)/(\\d+)");
  private static final Pattern BY_ALIAS = Pattern.compile("models:/([^/@]+)@([\\w-]+)");
  // MLflow (mlflow/store/artifact/utils/models.py) reads a non-numeric suffix as "latest" or a
  // stage.
  private static final Pattern BY_STAGE = Pattern.compile("models:/([^/@]+)/([A-Za-z]+)");
  private static final Pattern IN_RUN = Pattern.compile("runs:/([^/]+)/(.+)");

  /**
   * Parses a model URI.
   *
   * @throws IllegalArgumentException with a one-line message naming the accepted forms
   */
  public static ModelUri parse(String uri) {
    String text = uri == null ? "" : uri.trim();
    Matcher m = BY_VERSION.matcher(text);
    if (m.matches()) {
      return new ModelUri(m.group(1), m.group(2), null, null, null, null);
    }
    m = BY_STAGE.matcher(text);
    if (m.matches()) {
      String stage = m.group(2).equalsIgnoreCase(LATEST) ? LATEST : m.group(2);
      return new ModelUri(m.group(1), null, null, null, null, stage);
    }
    m = BY_ALIAS.matcher(text);
    if (m.matches()) {
      return new ModelUri(m.group(1), null, m.group(2), null, null, null);
    }
    m = IN_RUN.matcher(text);
    if (m.matches() && !m.group(2).contains("..")) {
      String path = m.group(2);
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return new ModelUri(null, null, null, m.group(1), path, null);
    }
    throw new IllegalArgumentException(
        "model URI '"
            + uri
            + "' is not one of models:/NAME/VERSION, models:/NAME@ALIAS, models:/NAME/latest,"
            + " models:/NAME/STAGE, runs:/RUN_ID/PATH");
  }

  /** Whether this names a registered model (by version, alias, latest or stage). */
  public boolean isRegistered() {
    return name != null;
  }

  @Override
  public String toString() {
    if (runId != null) {
      return "runs:/" + runId + "/" + path;
    }
    return "models:/"
        + name
        + (alias != null ? "@" + alias : "/" + (stage != null ? stage : version));
  }
}
