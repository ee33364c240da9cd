package dev.trackbook.client;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a call's input before it is journaled, with MLflow's rules, so a mistake is reported at
 * the call (one line, no stack trace) instead of being rejected by the server much later. Limits:
 * mlflow/utils/validation.py (MLflow 2.17). Public for the key rule only ({@link #checkKey}), which
 * the magics check when a cell or pipeline is read.
 */
public final class CallValidation {
  static final int MAX_KEY_LENGTH = 250;
  static final int MAX_PARAM_VALUE_LENGTH = 6000;
  static final int MAX_TAG_VALUE_LENGTH = 8000;
  static final int MAX_RUN_NAME_LENGTH = 250;
  // MLflow's experiments.name column is VARCHAR(256).
  static final int MAX_EXPERIMENT_NAME_LENGTH = 256;
  // MLflow's dataset limits (MAX_DATASET_NAME_SIZE, MAX_DATASET_DIGEST_SIZE,
  // MAX_DATASET_SOURCE_SIZE).
  static final int MAX_DATASET_NAME_LENGTH = 500;
  static final int MAX_DATASET_DIGEST_LENGTH = 36;
  static final int MAX_DATASET_SOURCE_TYPE_LENGTH = 36;
  static final int MAX_DATASET_SOURCE_LENGTH = 65535;
  // MAX_INPUT_TAG_VALUE_SIZE: the dataset's context travels as input tag mlflow.data.context.
  static final int MAX_INPUT_TAG_VALUE_LENGTH = 500;
  static final Set<String> END_STATUSES = Set.of("FINISHED", "FAILED", "KILLED");

  // MLflow's _VALID_PARAM_AND_METRIC_NAMES: alphanumerics, underscores, periods, dashes, spaces,
  // colons and slashes; Python's \w is Unicode (précision, 学习率). The server's Validation has the
  // same rules; CallValidationTest pins the two to the same answers.
  private static final Pattern VALID_KEY =
      Pattern.compile("[/\\w.\\- :]+", Pattern.UNICODE_CHARACTER_CLASS);

  private CallValidation() {}

  /**
   * Why {@code key} is not a valid metric, param or tag key, or null when it is.
   *
   * @param kind what the key names ("metric", "param", "tag"), for the message
   */
  public static String checkKey(String kind, String key) {
    if (key == null || key.isEmpty()) {
      return kind + " key must not be empty";
    }
    if (key.length() > MAX_KEY_LENGTH) {
      return kind
          + " key '"
          + abbreviate(key)
          + "' is longer than "
          + MAX_KEY_LENGTH
          + " characters";
    }
    if (!VALID_KEY.matcher(key).matches()) {
      return kind
          + " key '"
          + oneLine(key)
          + "' is invalid: use letters, digits, '_', '-', '.', ' ', ':' and '/'";
    }
    // Keys may become file paths on the server: they must not resolve to another name (MLflow's
    // path_not_unique: normpath(key) == key, and no leading "..", even in "..a").
    if (key.startsWith("/") || key.endsWith("/") || key.contains("//")) {
      return kind + " key '" + key + "' is invalid: it must be a relative path without empty parts";
    }
    if (key.startsWith("..")) {
      return kind + " key '" + key + "' is invalid: it must not start with '..'";
    }
    for (String part : key.split("/")) {
      if (part.equals(".") || part.equals("..")) {
        return kind + " key '" + key + "' is invalid: '.' and '..' parts are not allowed";
      }
    }
    return null;
  }

  /** An artifact directory as the client uploads into it: '\\' read as '/', no trailing '/'. */
  public static String artifactDirectory(String dir) {
    String normalized = dir == null ? "" : dir.replace('\\', '/');
    while (normalized.endsWith("/")) {
      normalized = normalized.substring(0, normalized.length() - 1);
    }
    return normalized;
  }

  /** Why {@code name} cannot name an experiment, or null. */
  public static String checkExperimentName(String name) {
    if (name == null || name.isBlank()) {
      return "experiment name must not be empty";
    }
    if (name.length() > MAX_EXPERIMENT_NAME_LENGTH) {
      return "experiment name '"
          + abbreviate(name)
          + "' is longer than "
          + MAX_EXPERIMENT_NAME_LENGTH
          + " characters";
    }
    return null;
  }

  static String checkValue(String kind, String key, String value, int maxLength) {
    if (value == null) {
      return kind + " '" + key + "' has no value (null)";
    }
    if (value.length() > maxLength) {
      return kind
          + " '"
          + key
          + "' has a value of "
          + value.length()
          + " characters; the limit is "
          + maxLength;
    }
    return null;
  }

  /**
   * Why param {@code key} cannot take {@code value} in a run that already logged it with {@code
   * earlier} (MLflow's INVALID_PARAMETER_VALUE: params are write-once), or null.
   */
  static String checkParamUnchanged(String key, String earlier, String value) {
    if (earlier == null || earlier.equals(value)) {
      return null;
    }
    return "param '"
        + key
        + "' was already logged in this run with value '"
        + abbreviate(earlier)
        + "'; params cannot change: log '"
        + abbreviate(value)
        + "' under another key or in a new run";
  }

  /** Why a dataset field is unusable (MLflow requires each one, within its limit), or null. */
  static String checkDatasetField(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      return "dataset " + field + " must not be empty";
    }
    if (value.length() > maxLength) {
      return "dataset "
          + field
          + " '"
          + abbreviate(value)
          + "' is longer than "
          + maxLength
          + " characters";
    }
    return null;
  }

  static String abbreviate(String s) {
    return oneLine(s.length() <= 40 ? s : s.substring(0, 37) + "...");
  }

  // User text inside a one-line message: its line breaks shown as \n, \r.
  private static String oneLine(String s) {
    return s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
