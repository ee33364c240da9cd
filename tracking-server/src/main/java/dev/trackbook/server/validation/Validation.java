package dev.trackbook.server.validation;

import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.Tag;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * MLflow's names and limits, checked in one place by the store (the REST layer only checks shape
 * and types). Each limit names the MLflow constant it mirrors ({@code mlflow/utils/validation.py}).
 * Every failure is a {@link TrackingException} with INVALID_PARAMETER_VALUE and a message that
 * names the offending key or value.
 */
public final class Validation {

  /** MLflow {@code MAX_ENTITY_KEY_LENGTH}: metric, param and tag keys. */
  public static final int MAX_KEY_LENGTH = 250;

  /** MLflow {@code MAX_PARAM_VAL_LENGTH}. */
  public static final int MAX_PARAM_VALUE_LENGTH = 6000;

  /** MLflow {@code MAX_TAG_VAL_LENGTH}: run tags. */
  public static final int MAX_TAG_VALUE_LENGTH = 8000;

  /** MLflow {@code MAX_EXPERIMENT_TAG_VAL_LENGTH}: experiment tags are shorter than run tags. */
  public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;

  /** MLflow's {@code experiments.name} column is VARCHAR(256). */
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 256;

  /** MLflow's {@code runs.name} column is VARCHAR(250). */
  public static final int MAX_RUN_NAME_LENGTH = 250;

  /** MLflow's artifact location column is VARCHAR(1000)... we allow a little more headroom. */
  public static final int MAX_ARTIFACT_LOCATION_LENGTH = 2048;

  /** MLflow {@code MAX_METRICS_PER_BATCH}. */
  public static final int MAX_METRICS_PER_BATCH = 1000;

  /** MLflow {@code MAX_PARAMS_TAGS_PER_BATCH}, applied to params and tags separately. */
  public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;

  /** MLflow {@code MAX_ENTITIES_PER_BATCH}: metrics + params + tags. */
  public static final int MAX_ENTITIES_PER_BATCH = 1000;

  /** MLflow {@code SEARCH_MAX_RESULTS_THRESHOLD}. */
  public static final int MAX_SEARCH_RESULTS = 50_000;

  /** MLflow {@code MAX_RESULTS_PER_RUN} of get-history-bulk-interval. */
  public static final int MAX_BULK_INTERVAL_RESULTS = 2500;

  /** MLflow {@code MAX_RUNS_GET_METRIC_HISTORY_BULK}. */
  public static final int MAX_BULK_INTERVAL_RUNS = 100;

  /** Upper bound of one get-history page. */
  public static final int MAX_METRIC_HISTORY_PAGE = 100_000;

  // MLflow dataset limits (MAX_DATASET_*_SIZE, MAX_INPUT_TAG_*_SIZE).
  public static final int MAX_DATASET_NAME_LENGTH = 500;
  public static final int MAX_DATASET_DIGEST_LENGTH = 36;
  public static final int MAX_DATASET_SOURCE_TYPE_LENGTH = 36;
  public static final int MAX_DATASET_SOURCE_LENGTH = 65_535;
  public static final int MAX_DATASET_SCHEMA_LENGTH = 1_048_575;
  public static final int MAX_DATASET_PROFILE_LENGTH = 16_777_215;
  public static final int MAX_INPUT_TAG_KEY_LENGTH = 255;
  public static final int MAX_INPUT_TAG_VALUE_LENGTH = 500;

  // MLflow _VALID_PARAM_AND_METRIC_NAMES (2.x added ':'): letters/digits/_ . - space : /
  private static final Pattern VALID_KEY =
      Pattern.compile("[/\\w.\\- :]*", Pattern.UNICODE_CHARACTER_CLASS);

  // MLflow _RUN_ID_REGEX of the SQL store; our own ids are 32 hex chars, which match it.
  private static final Pattern VALID_RUN_ID = Pattern.compile("[a-zA-Z0-9][\\w\\-]{0,255}");

  private static final String BAD_CHARACTERS =
      "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ),"
          + " colons (:) and slashes (/).";

  private Validation() {}

  /** A metric key: MLflow's name rules. */
  public static void metricKey(String key) {
    entityKey("metric", key);
  }

  /** A param key: MLflow's name rules. */
  public static void paramKey(String key) {
    entityKey("param", key);
  }

  /** A run or experiment tag key: MLflow's name rules. */
  public static void tagKey(String key) {
    entityKey("tag", key);
  }

  /** A param: key rules and value length ≤ 6000. */
  public static void param(Param param) {
    if (param == null) {
      throw TrackingException.invalid("Param must not be null");
    }
    paramKey(param.key());
    if (param.value() == null) {
      throw TrackingException.invalid("Param '" + param.key() + "' has no value");
    }
    maxLength("Param '" + param.key() + "' value", param.value(), MAX_PARAM_VALUE_LENGTH);
  }

  /**
   * A run tag: key rules and value length ≤ 8000; {@code mlflow.parentRunId} names a run, so ≤ 256
   * (MLflow's longest run id). PostgreSQL indexes that tag's values (nested runs are found by
   * them), and a btree entry holds at most about 2700 bytes: a longer value failed there with a
   * 500.
   */
  public static void runTag(Tag tag) {
    tag(tag, MAX_TAG_VALUE_LENGTH);
    if (Run.PARENT_RUN_ID_TAG.equals(tag.key())) {
      maxLength("Tag '" + tag.key() + "' value (a run id)", tag.value(), MAX_RUN_ID_LENGTH);
    }
  }

  /** MLflow's run ids: {@code ^[a-zA-Z0-9][\w\-]{0,255}$}. */
  private static final int MAX_RUN_ID_LENGTH = 256;

  /** An experiment tag: key rules and value length ≤ 5000 (MLflow's experiment-tag limit). */
  public static void experimentTag(Tag tag) {
    tag(tag, MAX_EXPERIMENT_TAG_VALUE_LENGTH);
  }

  /**
   * A metric: key rules and a timestamp of 0 or more. Any double is a valid value (NaN and ±Inf are
   * stored as MLflow does).
   */
  public static void metric(Metric metric) {
    if (metric == null) {
      throw TrackingException.invalid("Metric must not be null");
    }
    metricKey(metric.key());
    timestamp(metric);
  }

  // MLflow's _validate_metric: "Timestamp must be a nonnegative long"; a negative one is a client
  // bug (seconds minus an offset, an unset -1) that would otherwise sort first in every history.
  private static void timestamp(Metric metric) {
    if (metric.timestamp() < 0) {
      throw TrackingException.invalid(
          "Invalid timestamp "
              + metric.timestamp()
              + " of metric '"
              + abbreviate(metric.key())
              + "' (value="
              + metric.value()
              + "): it must be a nonnegative long (milliseconds since the epoch)");
    }
  }

  /**
   * A whole log-batch: MLflow's per-call limits, then each entry. Duplicate param keys with
   * different values in one batch are rejected (MLflow rejects duplicate param keys too).
   */
  public static void batch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    int m = metrics.size();
    int p = params.size();
    int t = tags.size();
    if (m > MAX_METRICS_PER_BATCH) {
      throw TrackingException.invalid(
          "A batch logging request can contain at most "
              + MAX_METRICS_PER_BATCH
              + " metrics. Got "
              + m
              + " metrics.");
    }
    if (p > MAX_PARAMS_TAGS_PER_BATCH) {
      throw TrackingException.invalid(
          "A batch logging request can contain at most "
              + MAX_PARAMS_TAGS_PER_BATCH
              + " params. Got "
              + p
              + " params.");
    }
    if (t > MAX_PARAMS_TAGS_PER_BATCH) {
      throw TrackingException.invalid(
          "A batch logging request can contain at most "
              + MAX_PARAMS_TAGS_PER_BATCH
              + " tags. Got "
              + t
              + " tags.");
    }
    if (m + p + t > MAX_ENTITIES_PER_BATCH) {
      throw TrackingException.invalid(
          "A batch logging request can contain at most "
              + MAX_ENTITIES_PER_BATCH
              + " metrics, params and tags in total. Got "
              + (m + p + t)
              + ".");
    }
    String lastKey = null;
    for (Metric metric : metrics) {
      // a batch is mostly the same few keys over and over: check each run of one key once
      if (metric == null || metric.key() == null || !metric.key().equals(lastKey)) {
        metric(metric); // rejects a null metric or key
        lastKey = metric.key();
      } else {
        timestamp(metric);
      }
    }
    Map<String, String> seen = new HashMap<>();
    for (Param param : params) {
      param(param);
      String before = seen.putIfAbsent(param.key(), param.value());
      if (before != null && !before.equals(param.value())) {
        throw TrackingException.invalid(
            "Duplicate parameter key '"
                + param.key()
                + "' with different values in one batch ('"
                + before
                + "' and '"
                + param.value()
                + "')");
      }
    }
    tags.forEach(Validation::runTag);
  }

  /** An experiment name: non-empty, not blank, at most 256 chars. */
  public static void experimentName(String name) {
    if (name == null || name.isBlank()) {
      throw TrackingException.invalid(
          "Invalid experiment name: '" + (name == null ? "" : name) + "'. It must not be empty.");
    }
    maxLength("Experiment name", name, MAX_EXPERIMENT_NAME_LENGTH);
  }

  /** An optional run name: at most 250 chars. */
  public static void runName(String name) {
    if (name != null) {
      maxLength("Run name", name, MAX_RUN_NAME_LENGTH);
    }
  }

  /** An optional artifact location: bounded length, not a {@code runs:} URI. */
  public static void artifactLocation(String location) {
    if (location != null) {
      maxLength("Artifact location", location, MAX_ARTIFACT_LOCATION_LENGTH);
      // MLflow's _validate_experiment_artifact_location: a runs:/ URI names another run's
      // artifacts, so every artifact logged to the experiment's runs would fail to resolve later
      if (location.startsWith("runs:")) {
        throw TrackingException.invalid(
            "Artifact location cannot be a runs:/ URI. Given: '" + abbreviate(location) + "'");
      }
    }
  }

  /** A run id's shape (MLflow {@code _validate_run_id}). */
  public static void runId(String runId) {
    if (runId == null || runId.isEmpty()) {
      throw TrackingException.invalid("Run id must not be empty");
    }
    if (!VALID_RUN_ID.matcher(runId).matches()) {
      throw TrackingException.invalid("Invalid run id: '" + abbreviate(runId) + "'");
    }
  }

  /** A search page size: 1..max. */
  public static void maxResults(String what, int maxResults, int max) {
    if (maxResults < 1 || maxResults > max) {
      throw TrackingException.invalid(
          "Invalid value " + maxResults + " for " + what + ": it must be between 1 and " + max);
    }
  }

  /** A dataset input of log-inputs: MLflow's dataset and input-tag limits. */
  public static void datasetInput(DatasetInput input) {
    if (input == null || input.dataset() == null) {
      throw TrackingException.invalid("Dataset input must have a dataset");
    }
    var d = input.dataset();
    required("Dataset name", d.name(), MAX_DATASET_NAME_LENGTH);
    required("Dataset digest", d.digest(), MAX_DATASET_DIGEST_LENGTH);
    required("Dataset source_type", d.sourceType(), MAX_DATASET_SOURCE_TYPE_LENGTH);
    required("Dataset source", d.source(), MAX_DATASET_SOURCE_LENGTH);
    if (d.schema() != null) {
      maxLength("Dataset schema", d.schema(), MAX_DATASET_SCHEMA_LENGTH);
    }
    if (d.profile() != null) {
      maxLength("Dataset profile", d.profile(), MAX_DATASET_PROFILE_LENGTH);
    }
    if (input.tags() != null) {
      for (Tag tag : input.tags()) {
        if (tag == null || tag.key() == null || tag.key().isEmpty()) {
          throw TrackingException.invalid("Input tag key must not be empty");
        }
        maxLength(
            "Input tag key '" + abbreviate(tag.key()) + "'", tag.key(), MAX_INPUT_TAG_KEY_LENGTH);
        if (tag.value() == null) {
          throw TrackingException.invalid("Input tag '" + tag.key() + "' has no value");
        }
        maxLength("Input tag '" + tag.key() + "' value", tag.value(), MAX_INPUT_TAG_VALUE_LENGTH);
      }
    }
  }

  /** A tag: key rules and value length ≤ {@code maxValue}; for the registry's tags too. */
  static void tag(Tag tag, int maxValue) {
    if (tag == null) {
      throw TrackingException.invalid("Tag must not be null");
    }
    tagKey(tag.key());
    if (tag.value() == null) {
      throw TrackingException.invalid("Tag '" + tag.key() + "' has no value");
    }
    maxLength("Tag '" + tag.key() + "' value", tag.value(), maxValue);
  }

  private static void entityKey(String kind, String key) {
    if (key == null) {
      throw TrackingException.invalid(
          capitalize(kind) + " name must not be null. Each " + kind + " needs a key.");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw TrackingException.invalid(
          capitalize(kind)
              + " name '"
              + abbreviate(key)
              + "' is "
              + key.length()
              + " characters long; the limit is "
              + MAX_KEY_LENGTH);
    }
    if (!VALID_KEY.matcher(key).matches()) {
      throw TrackingException.invalid(
          "Invalid " + kind + " name: '" + key + "'. " + BAD_CHARACTERS);
    }
    if (!pathIsUnique(key)) {
      // MLflow's path_not_unique: names may become file names (file store, artifact paths), so a
      // name must not normalize to another one ("a/../b", "./a", "/a", "a//b", "").
      throw TrackingException.invalid(
          "Invalid "
              + kind
              + " name: '"
              + key
              + "'. Names must not be empty, absolute, or contain '..', '.', or empty path"
              + " segments.");
    }
  }

  // True when the key is a normalized relative POSIX path: posixpath.normpath(key) == key, not ".",
  // not starting with ".." (even "..a") or "/".
  private static boolean pathIsUnique(String key) {
    if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.startsWith("..")) {
      return false;
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static void required(String what, String value, int max) {
    if (value == null || value.isEmpty()) {
      throw TrackingException.invalid(what + " must not be empty");
    }
    maxLength(what, value, max);
  }

  static void maxLength(String what, String value, int max) {
    if (value.length() > max) {
      throw TrackingException.invalid(
          what + " is " + value.length() + " characters long; the limit is " + max);
    }
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Shortens a user value for an error message. */
  public static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
