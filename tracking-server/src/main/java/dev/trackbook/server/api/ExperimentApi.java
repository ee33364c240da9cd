package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.model.Experiment;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.store.TrackingStore;

/** The experiments endpoints of MLflow's REST API: argument shape checks, then the store. */
final class ExperimentApi {
  /** MLflow's search limits (mlflow/store/tracking/__init__.py). */
  static final int SEARCH_MAX_RESULTS_DEFAULT = 1000;

  static final int SEARCH_MAX_RESULTS_THRESHOLD = 50000;

  private final TrackingStore store;

  ExperimentApi(TrackingStore store) {
    this.store = store;
  }

  ObjectNode create(ApiRequest request) {
    String id =
        store.createExperiment(
            request.requiredString("name"),
            emptyToNull(request.optionalString("artifact_location")),
            WireJson.tags(request, "tags"));
    ObjectNode response = WireJson.object();
    response.put("experiment_id", id);
    return response;
  }

  ObjectNode get(ApiRequest request) {
    return withExperiment(store.getExperiment(request.requiredString("experiment_id")));
  }

  ObjectNode getByName(ApiRequest request) {
    return withExperiment(store.getExperimentByName(request.requiredString("experiment_name")));
  }

  ObjectNode search(ApiRequest request) {
    ViewType viewType = request.optionalEnum("view_type", ViewType.class);
    Page<Experiment> page =
        store.searchExperiments(
            viewType == null ? ViewType.ACTIVE_ONLY : viewType,
            emptyToNull(request.optionalString("filter")),
            request.stringList("order_by"),
            request.intInRange(
                "max_results", 1, SEARCH_MAX_RESULTS_THRESHOLD, SEARCH_MAX_RESULTS_DEFAULT),
            emptyToNull(request.optionalString("page_token")));
    return WireJson.page(page, "experiments", WireJson::experiment);
  }

  ObjectNode update(ApiRequest request) {
    store.renameExperiment(
        request.requiredString("experiment_id"), request.requiredString("new_name"));
    return WireJson.object();
  }

  ObjectNode delete(ApiRequest request) {
    store.deleteExperiment(request.requiredString("experiment_id"));
    return WireJson.object();
  }

  ObjectNode restore(ApiRequest request) {
    store.restoreExperiment(request.requiredString("experiment_id"));
    return WireJson.object();
  }

  ObjectNode setTag(ApiRequest request) {
    String value = request.optionalString("value");
    store.setExperimentTag(
        request.requiredString("experiment_id"),
        request.requiredString("key"),
        value == null ? "" : value);
    return WireJson.object();
  }

  private static ObjectNode withExperiment(Experiment experiment) {
    ObjectNode response = WireJson.object();
    response.set("experiment", WireJson.experiment(experiment));
    return response;
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
