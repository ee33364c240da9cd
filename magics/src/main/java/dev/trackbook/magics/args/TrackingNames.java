package dev.trackbook.magics.args;

import dev.trackbook.client.CallValidation;

/**
 * Checks keys and values against MLflow's limits when a magic is read, in the cell or when a
 * pipeline is converted, rather than when the client logs. Keys follow the client's rule ({@link
 * CallValidation#checkKey}, the server's too): a key {@code Tracking.metric} takes, the magic
 * takes. Limits from mlflow/utils/validation.py (MLflow 2.17): param values up to 6000 characters,
 * tag values up to 8000.
 */
public final class TrackingNames {

  public static final int MAX_KEY_LENGTH = 250;
  public static final int MAX_PARAM_VALUE_LENGTH = 6000;
  public static final int MAX_TAG_VALUE_LENGTH = 8000;

  private TrackingNames() {}

  /**
   * Refuses a metric, param or tag key MLflow would reject.
   *
   * @param kind what the key names ("metric", "param", "tag"), for the message
   */
  public static void checkKey(ParsedArgs args, String kind, String key) {
    if (key.length() > MAX_KEY_LENGTH) {
      throw args.usageError("key '" + key + "' is longer than " + MAX_KEY_LENGTH + " characters");
    }
    String why = CallValidation.checkKey(kind, key);
    if (why != null) {
      throw args.usageError(why);
    }
  }

  /** Refuses an experiment name the client would refuse (blank, or over MLflow's 256). */
  public static void checkExperimentName(ParsedArgs args, String name) {
    String why = CallValidation.checkExperimentName(name);
    if (why != null) {
      throw args.usageError(why);
    }
  }

  /** Refuses a value longer than {@code max} characters. */
  public static void checkValueLength(ParsedArgs args, String key, String value, int max) {
    if (value.length() > max) {
      throw args.usageError("value of '" + key + "' is longer than " + max + " characters");
    }
  }
}
