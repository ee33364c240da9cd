package dev.trackbook.magics.args;

import java.util.regex.Pattern;

/**
 * Checks keys and values against MLflow's limits before they are journaled: the client sends in the
 * background, so a value the server would reject must be refused here, in the cell, rather than
 * dropped later. Limits from mlflow/utils/validation.py (MLflow 2.17): names of letters, digits,
 * underscores, dashes, periods, spaces and slashes, at most 250 characters; param values up to 6000
 * characters, tag values up to 8000.
 */
public final class TrackingNames {

  public static final int MAX_KEY_LENGTH = 250;
  public static final int MAX_PARAM_VALUE_LENGTH = 6000;
  public static final int MAX_TAG_VALUE_LENGTH = 8000;

  private static final Pattern KEY = Pattern.compile("[\\w\\-. /]+");

  private TrackingNames() {}

  /** Refuses a metric, param or tag key MLflow would reject. */
  public static void checkKey(ParsedArgs args, String key) {
    if (key.length() > MAX_KEY_LENGTH) {
      throw args.usageError("key '" + key + "' is longer than " + MAX_KEY_LENGTH + " characters");
    }
    if (!KEY.matcher(key).matches() || key.contains("..") || key.startsWith("/")) {
      throw args.usageError("invalid key '" + key + "' (use letters, digits, _ - . / and spaces)");
    }
  }

  /** Refuses a value longer than {@code max} characters. */
  public static void checkValueLength(ParsedArgs args, String key, String value, int max) {
    if (value.length() > max) {
      throw args.usageError("value of '" + key + "' is longer than " + max + " characters");
    }
  }
}
