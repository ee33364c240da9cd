package dev.trackbook.data.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DatasetProfile} in MLflow's dataset form (the {@code Dataset} message of
 * mlflow/protos/service.proto): schema as {@code {"mlflow_colspec": [...]}}, as MLflow's own
 * datasets write it; profile as {@code {"num_rows", "num_elements"}} like MLflow's pandas datasets,
 * plus our per-column statistics under {@code "trackbook"}, which drift checks read back.
 */
public final class MlflowDatasetJson {

  /** Version of the {@code "trackbook"} profile block; bump on an incompatible change. */
  static final int PROFILE_VERSION = 1;

  // A profile logged by a newer Trackbook may carry column fields this one does not know: read
  // what it knows rather than refuse the dataset (the version is bumped for what it must not skip).
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private MlflowDatasetJson() {}

  /** The {@code dataset} object of a log-inputs request. */
  public static ObjectNode dataset(DatasetProfile p) {
    ObjectNode d = JSON.createObjectNode();
    d.put("name", p.name());
    d.put("digest", p.digest());
    d.put("source_type", p.sourceType());
    ObjectNode source = JSON.createObjectNode();
    source.put("local".equals(p.sourceType()) ? "uri" : "name", p.source());
    d.put("source", source.toString());
    d.put("schema", schema(p).toString());
    d.put("profile", profile(p).toString());
    return d;
  }

  static ObjectNode schema(DatasetProfile p) {
    ObjectNode schema = JSON.createObjectNode();
    ArrayNode cols = schema.putArray("mlflow_colspec");
    for (ColumnProfile c : p.columns()) {
      cols.addObject()
          .put("type", mlflowType(c.type()))
          .put("name", c.name())
          .put("required", c.missing() == 0);
    }
    return schema;
  }

  static ObjectNode profile(DatasetProfile p) {
    ObjectNode profile = JSON.createObjectNode();
    profile.put("num_rows", p.rows());
    profile.put("num_elements", p.rows() * p.columns().size());
    ObjectNode ours = profile.putObject("trackbook");
    ours.put("version", PROFILE_VERSION);
    ours.put("sha256", p.sha256());
    ours.set("columns", JSON.valueToTree(p.columns()));
    return profile;
  }

  /**
   * Reads a dataset back from the {@code dataset} object of a run's inputs.
   *
   * @throws DataUsageException if it was not logged by Trackbook (no statistics)
   */
  public static DatasetProfile parse(JsonNode dataset) {
    try {
      JsonNode profile = JSON.readTree(dataset.path("profile").asText("{}"));
      JsonNode ours = profile.path("trackbook");
      if (!ours.isObject() || ours.path("version").asInt() != PROFILE_VERSION) {
        throw new DataUsageException(
            "dataset '"
                + dataset.path("name").asText()
                + "' has no Trackbook statistics (logged by another client?)");
      }
      List<ColumnProfile> columns = new ArrayList<>();
      for (JsonNode c : ours.path("columns")) {
        columns.add(JSON.treeToValue(c, ColumnProfile.class));
      }
      JsonNode source = JSON.readTree(dataset.path("source").asText("{}"));
      String sourceText =
          source.has("uri") ? source.path("uri").asText() : source.path("name").asText();
      return new DatasetProfile(
          dataset.path("name").asText(),
          ours.path("sha256").asText(),
          dataset.path("source_type").asText(),
          sourceText,
          profile.path("num_rows").asLong(),
          columns);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "unreadable dataset profile: " + e.getOriginalMessage(), e);
    }
  }

  /** Tablesaw type names to MLflow's column-spec types (mlflow/types/schema.py DataType). */
  static String mlflowType(String tablesawType) {
    return switch (tablesawType) {
      case "DOUBLE" -> "double";
      case "FLOAT" -> "float";
      case "INTEGER", "SHORT" -> "integer";
      case "LONG" -> "long";
      case "BOOLEAN" -> "boolean";
      case "LOCAL_DATE", "LOCAL_DATE_TIME", "INSTANT", "LOCAL_TIME" -> "datetime";
      default -> "string";
    };
  }

  /** Input tags of log-inputs: MLflow's {@code mlflow.data.context} (training, eval, ...). */
  public static Map<String, String> inputTags(String context) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (context != null && !context.isBlank()) {
      tags.put("mlflow.data.context", context);
    }
    return tags;
  }
}
