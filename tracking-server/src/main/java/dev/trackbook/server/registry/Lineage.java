package dev.trackbook.server.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.validation.RegistryValidation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model version came from, captured from its run when the version is created and stored as
 * read-only model version tags under {@code trackbook.lineage.} — plain string tags, so every
 * MLflow client reads them, and the run can change later without rewriting history.
 *
 * <p>The run tags read are the ones Trackbook writes: {@code mlflow.source.name} and {@code
 * mlflow.source.git.commit} and {@code trackbook.git.dirty} (magics' Provenance), {@code
 * trackbook.pipeline.source}, {@code source_sha256}, {@code version}, {@code script}, {@code
 * git_commit} (converter's PipelineRunner), and the run's dataset inputs (name and digest).
 */
public final class Lineage {
  public static final String PREFIX = "trackbook.lineage.";

  public static final String RUN_ID = PREFIX + "run_id";
  public static final String EXPERIMENT_ID = PREFIX + "experiment_id";
  public static final String NOTEBOOK = PREFIX + "notebook";
  public static final String NOTEBOOK_SHA256 = PREFIX + "notebook_sha256";
  public static final String PIPELINE_SCRIPT = PREFIX + "pipeline_script";
  public static final String PIPELINE_VERSION = PREFIX + "pipeline_version";
  public static final String GIT_COMMIT = PREFIX + "git_commit";
  public static final String GIT_DIRTY = PREFIX + "git_dirty";

  /** A JSON array of {@code {"name","digest"}} (plus {@code "context"} when the run gave one). */
  public static final String DATASETS = PREFIX + "datasets";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Lineage() {}

  /** The lineage tags of a version made from {@code run}; facts the run lacks give no tag. */
  public static List<Tag> of(Run run) {
    Map<String, String> runTags = new HashMap<>();
    run.data().tags().forEach(t -> runTags.put(t.key(), t.value()));
    List<Tag> tags = new ArrayList<>();
    add(tags, RUN_ID, run.info().runId());
    add(tags, EXPERIMENT_ID, run.info().experimentId());
    add(tags, NOTEBOOK, first(runTags, "trackbook.pipeline.source", "mlflow.source.name"));
    add(tags, NOTEBOOK_SHA256, runTags.get("trackbook.pipeline.source_sha256"));
    add(tags, PIPELINE_SCRIPT, runTags.get("trackbook.pipeline.script"));
    add(tags, PIPELINE_VERSION, runTags.get("trackbook.pipeline.version"));
    add(
        tags,
        GIT_COMMIT,
        first(runTags, "mlflow.source.git.commit", "trackbook.pipeline.git_commit"));
    add(tags, GIT_DIRTY, first(runTags, "trackbook.git.dirty", "trackbook.pipeline.git_dirty"));
    add(tags, DATASETS, datasets(run.inputs()));
    return tags;
  }

  /** Whether {@code key} is a lineage tag, which clients may not set or delete. */
  public static boolean isLineageKey(String key) {
    return key != null && key.startsWith(PREFIX);
  }

  private static String datasets(List<DatasetInput> inputs) {
    if (inputs == null || inputs.isEmpty()) {
      return null;
    }
    ArrayNode list = JSON.createArrayNode();
    for (DatasetInput input : inputs) {
      ObjectNode d = JSON.createObjectNode();
      d.put("name", input.dataset().name());
      d.put("digest", input.dataset().digest());
      if (input.tags() != null) {
        input.tags().stream()
            .filter(t -> t.key().equals("mlflow.data.context"))
            .findFirst()
            .ifPresent(t -> d.put("context", t.value()));
      }
      // a tag value has a limit: keep the datasets that fit, they are listed in order of use
      if (list.toString().length() + d.toString().length() + 1
          > RegistryValidation.MAX_TAG_VALUE_LENGTH) {
        break;
      }
      list.add(d);
    }
    return list.toString();
  }

  private static String first(Map<String, String> tags, String... keys) {
    for (String key : keys) {
      String value = tags.get(key);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static void add(List<Tag> tags, String key, String value) {
    if (value != null && !value.isBlank()) {
      String v =
          value.length() > RegistryValidation.MAX_TAG_VALUE_LENGTH
              ? value.substring(0, RegistryValidation.MAX_TAG_VALUE_LENGTH)
              : value;
      tags.add(new Tag(key, v));
    }
  }
}
