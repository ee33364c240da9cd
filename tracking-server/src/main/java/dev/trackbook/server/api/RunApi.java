package dev.trackbook.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.RunInfo;
import dev.trackbook.server.model.RunStatus;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.store.TrackingStore;
import java.time.Clock;
import java.util.List;

/** The runs endpoints of MLflow's REST API: argument shape checks, then the store. */
final class RunApi {
  /** The Default experiment MLflow creates at start; runs go there when none is named. */
  private static final String DEFAULT_EXPERIMENT_ID = "0";

  private final TrackingStore store;
  private final Clock clock;

  RunApi(TrackingStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  ObjectNode create(ApiRequest request) {
    String experimentId = ExperimentApi.emptyToNull(request.optionalString("experiment_id"));
    Long startTime = request.optionalLong("start_time");
    Run run =
        store.createRun(
            experimentId == null ? DEFAULT_EXPERIMENT_ID : experimentId,
            request.optionalString("user_id"),
            startTime == null ? clock.millis() : startTime,
            ExperimentApi.emptyToNull(request.optionalString("run_name")),
            WireJson.tags(request, "tags"));
    return withRun(run);
  }

  ObjectNode get(ApiRequest request) {
    return withRun(store.getRun(request.runId()));
  }

  ObjectNode update(ApiRequest request) {
    String runId = request.runId();
    RunStatus status = request.optionalEnum("status", RunStatus.class);
    RunInfo info =
        store.updateRun(
            runId, status, request.optionalLong("end_time"), request.optionalString("run_name"));
    ObjectNode response = WireJson.object();
    response.set("run_info", WireJson.runInfo(info));
    return response;
  }

  ObjectNode delete(ApiRequest request) {
    store.deleteRun(request.requiredString("run_id"));
    return WireJson.object();
  }

  ObjectNode restore(ApiRequest request) {
    store.restoreRun(request.requiredString("run_id"));
    return WireJson.object();
  }

  ObjectNode search(ApiRequest request) {
    return search(request, store::searchRuns);
  }

  /**
   * Trackbook's own: {@code runs/search}'s request and answer, paged by parent groups ({@link
   * TrackingStore#searchRunGroups}), {@code max_results} counting groups. The web UI's runs table
   * uses it, so a page shows a parent with all its children.
   */
  ObjectNode searchGroups(ApiRequest request) {
    return search(request, store::searchRunGroups);
  }

  /** The shape of {@link TrackingStore#searchRuns} and {@link TrackingStore#searchRunGroups}. */
  @FunctionalInterface
  private interface RunSearch {
    Page<Run> search(
        List<String> experimentIds,
        String filter,
        ViewType viewType,
        int maxResults,
        List<String> orderBy,
        String pageToken);
  }

  private static ObjectNode search(ApiRequest request, RunSearch how) {
    ViewType viewType = request.optionalEnum("run_view_type", ViewType.class);
    Page<Run> page =
        how.search(
            request.stringList("experiment_ids"),
            ExperimentApi.emptyToNull(request.optionalString("filter")),
            viewType == null ? ViewType.ACTIVE_ONLY : viewType,
            request.intInRange(
                "max_results",
                1,
                ExperimentApi.SEARCH_MAX_RESULTS_THRESHOLD,
                ExperimentApi.SEARCH_MAX_RESULTS_DEFAULT),
            request.stringList("order_by"),
            ExperimentApi.emptyToNull(request.optionalString("page_token")));
    return WireJson.page(page, "runs", WireJson::run);
  }

  ObjectNode logMetric(ApiRequest request) {
    String runId = request.runId();
    Metric metric = WireJson.metric(request);
    store.logMetric(runId, metric);
    return WireJson.object();
  }

  ObjectNode logParam(ApiRequest request) {
    String runId = request.runId();
    store.logParam(runId, new Param(request.requiredString("key"), WireJson.value(request)));
    return WireJson.object();
  }

  ObjectNode setTag(ApiRequest request) {
    String runId = request.runId();
    store.setTag(runId, new Tag(request.requiredString("key"), WireJson.value(request)));
    return WireJson.object();
  }

  ObjectNode deleteTag(ApiRequest request) {
    store.deleteTag(request.requiredString("run_id"), request.requiredString("key"));
    return WireJson.object();
  }

  ObjectNode logBatch(ApiRequest request) {
    String runId = request.requiredString("run_id");
    List<Metric> metrics = WireJson.metrics(request, "metrics");
    List<Param> params = WireJson.params(request, "params");
    List<Tag> tags = WireJson.tags(request, "tags");
    store.logBatch(runId, metrics, params, tags);
    return WireJson.object();
  }

  /** {@link #logBatch(ApiRequest)} on a body {@link LogBatchBody} reads; null if it cannot. */
  ObjectNode logBatch(byte[] body) {
    LogBatchBody.Parsed batch = LogBatchBody.parse(body);
    if (batch == null) {
      return null;
    }
    store.logBatch(batch.runId(), batch.metrics(), batch.params(), batch.tags());
    return WireJson.object();
  }

  /** The run tag where MLflow keeps what {@code log_model} recorded: a JSON list. */
  static final String LOGGED_MODELS_TAG = "mlflow.log-model.history";

  private static final List<String> MODEL_FIELDS =
      List.of("artifact_path", "flavors", "utc_time_created", "run_id");

  // What MLflow's Model.get_tags_dict keeps of a model, besides its flavors.
  private static final List<String> TAG_FIELDS =
      List.of("run_id", "utc_time_created", "artifact_path", "model_uuid");

  /**
   * MLflow's {@code record_logged_model}: the model's tag form (run id, time, artifact path, model
   * uuid, and its flavors without their {@code config}) appended to {@link #LOGGED_MODELS_TAG}.
   * MLflow's clients call this for every {@code mlflow.<flavor>.log_model}.
   */
  ObjectNode logModel(ApiRequest request) {
    String runId = request.runId();
    String modelJson = request.requiredString("model_json");
    JsonNode model;
    try {
      model = JsonEndpoints.MAPPER.readTree(modelJson);
    } catch (JsonProcessingException e) {
      model = null;
    }
    if (!(model instanceof ObjectNode fields)) {
      throw TrackingException.invalid("Malformed model info: model_json is not a JSON object");
    }
    List<String> missing = MODEL_FIELDS.stream().filter(f -> !fields.has(f)).toList();
    if (!missing.isEmpty()) {
      throw TrackingException.invalid(
          "Model json is missing mandatory fields: " + String.join(", ", missing));
    }
    ObjectNode entry = WireJson.object();
    fields
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (TAG_FIELDS.contains(name)) {
                entry.set(name, fields.get(name));
              }
            });
    ObjectNode flavors = entry.putObject("flavors");
    fields
        .path("flavors")
        .fields()
        .forEachRemaining(
            f -> {
              JsonNode config = f.getValue();
              if (config instanceof ObjectNode o) {
                ObjectNode copy = o.deepCopy();
                copy.remove("config");
                config = copy;
              }
              flavors.set(f.getKey(), config);
            });
    store.changeTag(runId, LOGGED_MODELS_TAG, history -> appended(history, entry));
    return WireJson.object();
  }

  private static String appended(String history, ObjectNode entry) {
    ArrayNode list;
    try {
      JsonNode old = history == null ? null : JsonEndpoints.MAPPER.readTree(history);
      list =
          old == null
              ? JsonEndpoints.MAPPER.createArrayNode()
              : old instanceof ArrayNode a ? a : null;
    } catch (JsonProcessingException e) {
      list = null;
    }
    if (list == null) {
      throw TrackingException.invalid(
          "Tag " + LOGGED_MODELS_TAG + " of this run holds no JSON list to append to");
    }
    list.add(entry);
    try {
      return JsonEndpoints.MAPPER.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a tree built here always serializes
    }
  }

  ObjectNode logInputs(ApiRequest request) {
    String runId = request.requiredString("run_id");
    store.logInputs(runId, WireJson.datasetInputs(request, "datasets"));
    return WireJson.object();
  }

  private static ObjectNode withRun(Run run) {
    ObjectNode response = WireJson.object();
    response.set("run", WireJson.run(run));
    return response;
  }
}
