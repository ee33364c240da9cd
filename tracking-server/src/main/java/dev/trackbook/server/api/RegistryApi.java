package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.model.ModelVersion;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.RegisteredModel;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.registry.ValidationGate;
import dev.trackbook.server.store.ModelRegistryStore;
import dev.trackbook.server.store.TrackingStore;
import dev.trackbook.server.validation.RegistryValidation;

/**
 * The model registry endpoints of MLflow's REST API (mlflow/protos/model_registry.proto
 * ModelRegistryService): argument shape checks, then the store. Setting an alias also passes the
 * server's {@link ValidationGate}.
 */
final class RegistryApi {
  /** MLflow's registry search limits (mlflow/store/model_registry/__init__.py). */
  static final int MODELS_MAX_RESULTS_DEFAULT = 100;

  static final int MODELS_MAX_RESULTS_THRESHOLD = RegistryValidation.MAX_MODEL_SEARCH_RESULTS;
  static final int VERSIONS_MAX_RESULTS_DEFAULT = 10_000;
  static final int VERSIONS_MAX_RESULTS_THRESHOLD = RegistryValidation.MAX_VERSION_SEARCH_RESULTS;

  private final TrackingStore store;
  private final ValidationGate gate;

  /**
   * Asks {@code store} for its registry per call, so building the endpoint table touches no store.
   */
  RegistryApi(TrackingStore store, ValidationGate gate) {
    this.store = store;
    this.gate = gate;
  }

  private ModelRegistryStore registry() {
    return store.registry();
  }

  // ---- registered models ----

  ObjectNode createModel(ApiRequest request) {
    return withModel(
        registry()
            .createRegisteredModel(
                request.requiredString("name"),
                request.optionalString("description"),
                WireJson.tags(request, "tags")));
  }

  ObjectNode getModel(ApiRequest request) {
    return withModel(registry().getRegisteredModel(request.requiredString("name")));
  }

  ObjectNode searchModels(ApiRequest request) {
    Page<RegisteredModel> page =
        registry()
            .searchRegisteredModels(
                ExperimentApi.emptyToNull(request.optionalString("filter")),
                request.stringList("order_by"),
                request.intInRange(
                    "max_results", 1, MODELS_MAX_RESULTS_THRESHOLD, MODELS_MAX_RESULTS_DEFAULT),
                ExperimentApi.emptyToNull(request.optionalString("page_token")));
    return WireJson.page(page, "registered_models", RegistryJson::registeredModel);
  }

  ObjectNode updateModel(ApiRequest request) {
    return withModel(
        registry()
            .updateRegisteredModel(
                request.requiredString("name"), request.optionalString("description")));
  }

  ObjectNode renameModel(ApiRequest request) {
    return withModel(
        registry()
            .renameRegisteredModel(
                request.requiredString("name"), request.requiredString("new_name")));
  }

  ObjectNode deleteModel(ApiRequest request) {
    registry().deleteRegisteredModel(request.requiredString("name"));
    return WireJson.object();
  }

  ObjectNode setModelTag(ApiRequest request) {
    registry()
        .setRegisteredModelTag(
            request.requiredString("name"),
            new Tag(request.requiredString("key"), WireJson.value(request)));
    return WireJson.object();
  }

  ObjectNode deleteModelTag(ApiRequest request) {
    registry()
        .deleteRegisteredModelTag(request.requiredString("name"), request.requiredString("key"));
    return WireJson.object();
  }

  ObjectNode setAlias(ApiRequest request) {
    String name = request.requiredString("name");
    String alias = request.requiredString("alias");
    String version = request.requiredString("version");
    // in the write's transaction: a validation failing meanwhile cannot slip between check and set
    registry().setRegisteredModelAlias(name, alias, version, v -> gate.check(alias, v));
    return WireJson.object();
  }

  ObjectNode deleteAlias(ApiRequest request) {
    registry()
        .deleteRegisteredModelAlias(
            request.requiredString("name"), request.requiredString("alias"));
    return WireJson.object();
  }

  ObjectNode getByAlias(ApiRequest request) {
    return withVersion(
        registry()
            .getModelVersionByAlias(
                request.requiredString("name"), request.requiredString("alias")));
  }

  ObjectNode latestVersions(ApiRequest request) {
    ObjectNode response = WireJson.object();
    ArrayNode versions = response.arrayNode();
    registry()
        .getLatestVersions(request.requiredString("name"), request.stringList("stages"))
        .forEach(v -> versions.add(RegistryJson.modelVersion(v)));
    WireJson.putList(response, "model_versions", versions);
    return response;
  }

  // ---- model versions ----

  ObjectNode createVersion(ApiRequest request) {
    return withVersion(
        registry()
            .createModelVersion(
                request.requiredString("name"),
                request.requiredString("source"),
                ExperimentApi.emptyToNull(request.optionalString("run_id")),
                WireJson.tags(request, "tags"),
                ExperimentApi.emptyToNull(request.optionalString("run_link")),
                request.optionalString("description")));
  }

  ObjectNode getVersion(ApiRequest request) {
    return withVersion(
        registry()
            .getModelVersion(request.requiredString("name"), request.requiredString("version")));
  }

  ObjectNode searchVersions(ApiRequest request) {
    Page<ModelVersion> page =
        registry()
            .searchModelVersions(
                ExperimentApi.emptyToNull(request.optionalString("filter")),
                request.stringList("order_by"),
                request.intInRange(
                    "max_results", 1, VERSIONS_MAX_RESULTS_THRESHOLD, VERSIONS_MAX_RESULTS_DEFAULT),
                ExperimentApi.emptyToNull(request.optionalString("page_token")));
    return WireJson.page(page, "model_versions", RegistryJson::modelVersion);
  }

  ObjectNode updateVersion(ApiRequest request) {
    return withVersion(
        registry()
            .updateModelVersion(
                request.requiredString("name"),
                request.requiredString("version"),
                request.optionalString("description")));
  }

  ObjectNode transitionStage(ApiRequest request) {
    return withVersion(
        registry()
            .transitionModelVersionStage(
                request.requiredString("name"),
                request.requiredString("version"),
                request.requiredString("stage"),
                request.optionalBoolean("archive_existing_versions", false)));
  }

  ObjectNode deleteVersion(ApiRequest request) {
    registry()
        .deleteModelVersion(request.requiredString("name"), request.requiredString("version"));
    return WireJson.object();
  }

  ObjectNode setVersionTag(ApiRequest request) {
    registry()
        .setModelVersionTag(
            request.requiredString("name"),
            request.requiredString("version"),
            new Tag(request.requiredString("key"), WireJson.value(request)));
    return WireJson.object();
  }

  ObjectNode deleteVersionTag(ApiRequest request) {
    registry()
        .deleteModelVersionTag(
            request.requiredString("name"),
            request.requiredString("version"),
            request.requiredString("key"));
    return WireJson.object();
  }

  ObjectNode downloadUri(ApiRequest request) {
    ObjectNode response = WireJson.object();
    WireJson.putIfPresent(
        response,
        "artifact_uri",
        registry()
            .getModelVersionDownloadUri(
                request.requiredString("name"), request.requiredString("version")));
    return response;
  }

  private static ObjectNode withModel(RegisteredModel model) {
    ObjectNode response = WireJson.object();
    response.set("registered_model", RegistryJson.registeredModel(model));
    return response;
  }

  private static ObjectNode withVersion(ModelVersion version) {
    ObjectNode response = WireJson.object();
    response.set("model_version", RegistryJson.modelVersion(version));
    return response;
  }
}
