package dev.trackbook.server.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.PATCH;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import dev.trackbook.server.artifacts.ArtifactRepository;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.registry.ValidationGate;
import dev.trackbook.server.store.TrackingStore;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The one table that drives routing: every endpoint of MLflow's {@code MlflowService}, {@code
 * ModelRegistryService} and {@code MlflowArtifactsService} (mlflow/protos/service.proto,
 * model_registry.proto and mlflow_artifacts.proto, MLflow 2.17), each in proto order, plus the
 * server's own: {@code trackbook/runs/search-groups} (the web UI's runs table), {@code /health} and
 * {@code /version}. Rows without a handler answer 501 NOT_IMPLEMENTED.
 */
public final class EndpointTable {
  /** The MLflow release whose REST API this server speaks; {@code /version} reports it. */
  public static final String MLFLOW_API_VERSION = "2.17.2";

  private static final String RM = "registered-models/";
  private static final String MV = "model-versions/";

  private EndpointTable() {}

  /** The table, with handlers bound to the given dependencies. */
  public static List<ApiEndpoint> build(
      TrackingStore store,
      ArtifactRepository artifacts,
      Clock clock,
      long maxJsonBodyBytes,
      long maxArtifactBytes,
      ValidationGate gate) {
    JsonEndpoints json = new JsonEndpoints(maxJsonBodyBytes);
    ExperimentApi experiments = new ExperimentApi(store);
    RunApi runs = new RunApi(store, clock);
    MetricApi metrics = new MetricApi(store);
    ArtifactApi files = new ArtifactApi(store, artifacts, maxArtifactBytes);
    RegistryApi registry = new RegistryApi(store, gate);

    List<ApiEndpoint> t = new ArrayList<>();
    // MlflowService
    t.add(
        api(
            "getExperimentByName",
            GET,
            "experiments/get-by-name",
            json.handler(experiments::getByName)));
    t.add(api("createExperiment", POST, "experiments/create", json.handler(experiments::create)));
    t.add(api("searchExperiments", POST, "experiments/search", json.handler(experiments::search)));
    t.add(api("searchExperiments", GET, "experiments/search", json.handler(experiments::search)));
    t.add(api("getExperiment", GET, "experiments/get", json.handler(experiments::get)));
    t.add(api("deleteExperiment", POST, "experiments/delete", json.handler(experiments::delete)));
    t.add(
        api("restoreExperiment", POST, "experiments/restore", json.handler(experiments::restore)));
    t.add(api("updateExperiment", POST, "experiments/update", json.handler(experiments::update)));
    t.add(api("createRun", POST, "runs/create", json.handler(runs::create)));
    t.add(api("updateRun", POST, "runs/update", json.handler(runs::update)));
    t.add(api("deleteRun", POST, "runs/delete", json.handler(runs::delete)));
    t.add(api("restoreRun", POST, "runs/restore", json.handler(runs::restore)));
    t.add(api("logMetric", POST, "runs/log-metric", json.handler(runs::logMetric)));
    t.add(api("logParam", POST, "runs/log-parameter", json.handler(runs::logParam)));
    t.add(
        api(
            "setExperimentTag",
            POST,
            "experiments/set-experiment-tag",
            json.handler(experiments::setTag)));
    t.add(api("setTag", POST, "runs/set-tag", json.handler(runs::setTag)));
    t.add(api("setTraceTag", PATCH, "traces/{request_id}/tags", null));
    t.add(api("deleteTraceTag", DELETE, "traces/{request_id}/tags", null));
    t.add(api("deleteTag", POST, "runs/delete-tag", json.handler(runs::deleteTag)));
    t.add(api("getRun", GET, "runs/get", json.handler(runs::get)));
    t.add(api("searchRuns", POST, "runs/search", json.handler(runs::search)));
    t.add(api("listArtifacts", GET, "artifacts/list", json.handler(files::listRunArtifacts)));
    t.add(api("getMetricHistory", GET, "metrics/get-history", json.handler(metrics::history)));
    t.add(
        api(
            "getMetricHistoryBulkInterval",
            GET,
            "metrics/get-history-bulk-interval",
            json.handler(metrics::historyBulkInterval)));
    t.add(
        api(
            "logBatch",
            POST,
            "runs/log-batch",
            json.handler(runs::logBatch, (byte[] body) -> runs.logBatch(body))));
    t.add(api("logModel", POST, "runs/log-model", json.handler(runs::logModel)));
    t.add(api("logInputs", POST, "runs/log-inputs", json.handler(runs::logInputs)));
    t.add(api("searchDatasets", POST, "experiments/search-datasets", null));
    t.add(api("startTrace", POST, "traces", null));
    t.add(api("endTrace", PATCH, "traces/{request_id}", null));
    t.add(api("getTraceInfo", GET, "traces/{request_id}/info", null));
    t.add(api("searchTraces", GET, "traces", null));
    t.add(api("deleteTraces", POST, "traces/delete-traces", null));
    // ModelRegistryService (model_registry.proto)
    t.add(api("createRegisteredModel", POST, RM + "create", json.handler(registry::createModel)));
    t.add(api("renameRegisteredModel", POST, RM + "rename", json.handler(registry::renameModel)));
    t.add(api("updateRegisteredModel", PATCH, RM + "update", json.handler(registry::updateModel)));
    t.add(api("deleteRegisteredModel", DELETE, RM + "delete", json.handler(registry::deleteModel)));
    t.add(api("getRegisteredModel", GET, RM + "get", json.handler(registry::getModel)));
    t.add(api("searchRegisteredModels", GET, RM + "search", json.handler(registry::searchModels)));
    t.add(
        api(
            "getLatestVersions",
            POST,
            RM + "get-latest-versions",
            json.handler(registry::latestVersions)));
    t.add(
        api(
            "getLatestVersions",
            GET,
            RM + "get-latest-versions",
            json.handler(registry::latestVersions)));
    t.add(api("createModelVersion", POST, MV + "create", json.handler(registry::createVersion)));
    t.add(api("updateModelVersion", PATCH, MV + "update", json.handler(registry::updateVersion)));
    t.add(
        api(
            "transitionModelVersionStage",
            POST,
            MV + "transition-stage",
            json.handler(registry::transitionStage)));
    t.add(api("deleteModelVersion", DELETE, MV + "delete", json.handler(registry::deleteVersion)));
    t.add(api("getModelVersion", GET, MV + "get", json.handler(registry::getVersion)));
    t.add(api("searchModelVersions", GET, MV + "search", json.handler(registry::searchVersions)));
    t.add(
        api(
            "getModelVersionDownloadUri",
            GET,
            MV + "get-download-uri",
            json.handler(registry::downloadUri)));
    t.add(api("setRegisteredModelTag", POST, RM + "set-tag", json.handler(registry::setModelTag)));
    t.add(api("setModelVersionTag", POST, MV + "set-tag", json.handler(registry::setVersionTag)));
    t.add(
        api(
            "deleteRegisteredModelTag",
            DELETE,
            RM + "delete-tag",
            json.handler(registry::deleteModelTag)));
    t.add(
        api(
            "deleteModelVersionTag",
            DELETE,
            MV + "delete-tag",
            json.handler(registry::deleteVersionTag)));
    t.add(api("setRegisteredModelAlias", POST, RM + "alias", json.handler(registry::setAlias)));
    t.add(
        api(
            "deleteRegisteredModelAlias",
            DELETE,
            RM + "alias",
            json.handler(registry::deleteAlias)));
    t.add(api("getModelVersionByAlias", GET, RM + "alias", json.handler(registry::getByAlias)));
    // MlflowArtifactsService
    t.add(artifacts("downloadArtifact", GET, "artifacts/<artifact_path>", files::download));
    t.add(artifacts("uploadArtifact", PUT, "artifacts/<artifact_path>", files::upload));
    t.add(artifacts("listArtifacts", GET, "artifacts", json.handler(files::list)));
    t.add(artifacts("deleteArtifact", DELETE, "artifacts/<artifact_path>", files::delete));
    t.add(artifacts("createMultipartUpload", POST, "mpu/create/<artifact_path>", null));
    t.add(artifacts("completeMultipartUpload", POST, "mpu/complete/<artifact_path>", null));
    t.add(artifacts("abortMultipartUpload", POST, "mpu/abort/<artifact_path>", null));
    // The server's own
    t.add(
        new ApiEndpoint(
            "searchRunGroups",
            POST,
            "/trackbook/runs/search-groups",
            json.handler(runs::searchGroups),
            true));
    t.add(
        new ApiEndpoint(
            "health", GET, "/health", ctx -> ctx.contentType("text/plain").result("OK"), false));
    t.add(
        new ApiEndpoint(
            "version",
            GET,
            "/version",
            ctx -> ctx.contentType("text/plain").result(MLFLOW_API_VERSION),
            false));
    return List.copyOf(t);
  }

  /** The handler every unimplemented row gets. */
  public static Handler notImplemented(ApiEndpoint endpoint) {
    return ctx ->
        ErrorMapper.write(
            ctx,
            ErrorCode.NOT_IMPLEMENTED.httpStatus(),
            ErrorCode.NOT_IMPLEMENTED,
            "Trackbook does not implement MLflow's " + endpoint.rpc() + " endpoint.");
  }

  private static ApiEndpoint api(String rpc, HandlerType method, String path, Handler handler) {
    return new ApiEndpoint(rpc, method, "/mlflow/" + path, handler, true);
  }

  private static ApiEndpoint artifacts(
      String rpc, HandlerType method, String path, Handler handler) {
    return new ApiEndpoint(rpc, method, "/mlflow-artifacts/" + path, handler, true);
  }
}
