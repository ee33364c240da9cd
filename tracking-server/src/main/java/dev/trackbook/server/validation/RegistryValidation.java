package dev.trackbook.server.validation;

import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.Tag;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The model registry's names and limits (mlflow/utils/validation.py {@code _validate_model_name},
 * {@code _validate_model_version}, {@code _validate_model_alias_name}; column sizes of
 * mlflow/store/model_registry/dbmodels/models.py). Failures are INVALID_PARAMETER_VALUE.
 */
public final class RegistryValidation {
  /** {@code registered_models.name} is VARCHAR(256) in MLflow. */
  public static final int MAX_MODEL_NAME_LENGTH = 256;

  /** MLflow's registry tag values are VARCHAR(5000). */
  public static final int MAX_TAG_VALUE_LENGTH = 5000;

  /** {@code model_versions.source} and {@code run_link} are VARCHAR(500) in MLflow; more room. */
  public static final int MAX_URI_LENGTH = 4096;

  public static final int MAX_DESCRIPTION_LENGTH = 5000;

  /** MLflow {@code SEARCH_REGISTERED_MODEL_MAX_RESULTS_THRESHOLD}. */
  public static final int MAX_MODEL_SEARCH_RESULTS = 1000;

  /** MLflow {@code SEARCH_MODEL_VERSION_MAX_RESULTS_THRESHOLD}. */
  public static final int MAX_VERSION_SEARCH_RESULTS = 200_000;

  /** MLflow {@code MAX_REGISTERED_MODEL_ALIAS_LENGTH}... its alias column is VARCHAR(256). */
  public static final int MAX_ALIAS_LENGTH = 255;

  private static final Pattern VALID_ALIAS = Pattern.compile("[\\w\\-]+");
  // "v3" would be ambiguous with a version in models:/name@alias URIs; "latest" is reserved
  private static final Pattern VERSION_LIKE = Pattern.compile("v\\d+", Pattern.CASE_INSENSITIVE);

  private RegistryValidation() {}

  public static void modelName(String name) {
    if (name == null || name.isBlank()) {
      throw TrackingException.invalid("Registered model name must not be empty.");
    }
    if (name.length() > MAX_MODEL_NAME_LENGTH) {
      throw TrackingException.invalid(
          "Registered model name '"
              + Validation.abbreviate(name)
              + "' is "
              + name.length()
              + " characters long; the limit is "
              + MAX_MODEL_NAME_LENGTH);
    }
  }

  /**
   * A version number: any decimal integer, as MLflow's {@code int(version)}. Versions count from 1,
   * so 0 or a negative number is a version that does not exist (RESOURCE_DOES_NOT_EXIST from the
   * lookup, as MLflow answers), not a malformed one.
   */
  public static long version(String version) {
    if (version != null) {
      try {
        return Long.parseLong(version.trim());
      } catch (NumberFormatException e) {
        // the message below says what is expected
      }
    }
    throw TrackingException.invalid(
        "Model version must be an integer, got '"
            + (version == null ? "null" : Validation.abbreviate(version))
            + "'.");
  }

  public static void alias(String alias) {
    if (alias == null || alias.isEmpty()) {
      throw TrackingException.invalid("Registered model alias name must not be empty.");
    }
    if (alias.length() > MAX_ALIAS_LENGTH) {
      throw TrackingException.invalid(
          "Registered model alias name '"
              + Validation.abbreviate(alias)
              + "' exceeds the maximum length of "
              + MAX_ALIAS_LENGTH
              + " characters.");
    }
    if (!VALID_ALIAS.matcher(alias).matches()) {
      throw TrackingException.invalid(
          "Invalid alias name: '"
              + Validation.abbreviate(alias)
              + "'. Aliases may only contain alphanumerics, underscores (_) and dashes (-).");
    }
    if (alias.toLowerCase(Locale.ROOT).equals("latest") || VERSION_LIKE.matcher(alias).matches()) {
      throw TrackingException.invalid(
          "'"
              + alias
              + "' is reserved and cannot be used as an alias: 'latest' and v<number> name"
              + " versions in model URIs.");
    }
  }

  public static void tag(Tag tag) {
    Validation.tag(tag, MAX_TAG_VALUE_LENGTH);
  }

  public static void description(String description) {
    if (description != null) {
      Validation.maxLength("Description", description, MAX_DESCRIPTION_LENGTH);
    }
  }

  public static void uri(String what, String uri) {
    if (uri != null) {
      Validation.maxLength(what, uri, MAX_URI_LENGTH);
    }
  }
}
