package dev.trackbook.server.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.validation.RegistryValidation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

  /** Runs read at most per version: the run and its ancestors. */
  private static final int MAX_ANCESTRY = 16;

  private Lineage() {}

  /** The lineage tags of a version made from {@code run} alone; facts it lacks give no tag. */
  public static List<Tag> of(Run run) {
    return of(run, id -> null);
  }

  /**
   * The lineage tags of a version made from {@code run}. A fact the run lacks comes from its
   * nearest ancestor ({@code mlflow.parentRunId}) that has it: {@code ./trackbook run} tags the
   * pipeline's own run and the notebook's runs (which log and register the model) nest under it,
   * and a sweep logs git and dataset facts once on its parent. Without this, a version registered
   * from a nested run had no notebook, pipeline, git or dataset lineage. Facts the whole chain
   * lacks give no tag.
   *
   * <p>Facts that describe one thing travel together: a commit's dirty flag, a notebook's sha and a
   * pipeline script's version come from the run that named that commit, notebook or script (or from
   * an ancestor naming the same one), never from an ancestor that ran another commit.
   *
   * @param runs a run by id; null, RESOURCE_DOES_NOT_EXIST (a parent deleted for good) or
   *     INVALID_PARAMETER_VALUE (a malformed parent id) ends the walk, any other error (a busy
   *     database) fails the caller rather than drop lineage silently
   */
  public static List<Tag> of(Run run, Function<String, Run> runs) {
    List<Map<String, String>> chain = new ArrayList<>();
    List<Run> lineage = ancestry(run, runs);
    for (Run r : lineage) {
      Map<String, String> runTags = new HashMap<>();
      r.data().tags().forEach(t -> runTags.put(t.key(), t.value()));
      chain.add(runTags);
    }
    List<Tag> tags = new ArrayList<>();
    add(tags, RUN_ID, run.info().runId());
    add(tags, EXPERIMENT_ID, run.info().experimentId());
    String[] notebook = {"trackbook.pipeline.source", "mlflow.source.name"};
    add(tags, NOTEBOOK, nearest(chain, notebook));
    add(tags, NOTEBOOK_SHA256, companion(chain, notebook, "trackbook.pipeline.source_sha256"));
    String[] script = {"trackbook.pipeline.script"};
    add(tags, PIPELINE_SCRIPT, nearest(chain, script));
    add(tags, PIPELINE_VERSION, companion(chain, script, "trackbook.pipeline.version"));
    String[] commit = {"mlflow.source.git.commit", "trackbook.pipeline.git_commit"};
    add(tags, GIT_COMMIT, nearest(chain, commit));
    add(
        tags,
        GIT_DIRTY,
        companion(chain, commit, "trackbook.git.dirty", "trackbook.pipeline.git_dirty"));
    for (Run r : lineage) {
      String datasets = datasets(r.inputs());
      if (datasets != null) {
        add(tags, DATASETS, datasets);
        break;
      }
    }
    return tags;
  }

  /** {@code run}, then its parent, grandparent...; bounded, and a cycle ends it. */
  private static List<Run> ancestry(Run run, Function<String, Run> runs) {
    List<Run> chain = new ArrayList<>(List.of(run));
    Set<String> seen = new HashSet<>(Set.of(run.info().runId()));
    Run current = run;
    while (chain.size() < MAX_ANCESTRY) {
      String parentId =
          current.data().tags().stream()
              .filter(t -> t.key().equals(Run.PARENT_RUN_ID_TAG))
              .map(Tag::value)
              .findFirst()
              .orElse(null);
      if (parentId == null || parentId.isBlank() || !seen.add(parentId)) {
        break;
      }
      try {
        current = runs.apply(parentId);
      } catch (TrackingException e) {
        // Tags are user data: a parent id that names no run, or cannot (refused as a run id),
        // ends the walk like a deleted parent.
        if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST
            && e.code() != ErrorCode.INVALID_PARAMETER_VALUE) {
          throw e;
        }
        current = null;
      }
      if (current == null) {
        break;
      }
      chain.add(current);
    }
    return chain;
  }

  private static String nearest(List<Map<String, String>> chain, String... keys) {
    for (Map<String, String> runTags : chain) {
      String value = first(runTags, keys);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /**
   * A fact about the subject {@link #nearest} found under {@code subjectKeys}: from the runs,
   * nearest first, that name the same subject value (a run naming another value is skipped, and one
   * naming none is not evidence either way). With no subject in the chain there is nothing to
   * mismatch, and the nearest run stating the fact gives it.
   */
  private static String companion(
      List<Map<String, String>> chain, String[] subjectKeys, String... factKeys) {
    String subject = nearest(chain, subjectKeys);
    if (subject == null) {
      return nearest(chain, factKeys);
    }
    for (Map<String, String> runTags : chain) {
      if (subject.equals(first(runTags, subjectKeys))) {
        String value = first(runTags, factKeys);
        if (value != null) {
          return value;
        }
      }
    }
    return null;
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
