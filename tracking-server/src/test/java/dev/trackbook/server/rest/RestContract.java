package dev.trackbook.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.api.ApiEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The REST suite, written once and run against every store backend: each subclass only opens a
 * store. One server per class listens on a real port; tests keep apart by unique experiment names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RestContract extends ServerPerClassSuite {
  /** Small limits so the 413 paths are cheap to reach; still above a full log-batch. */
  static final long MAX_JSON = 2L * 1024 * 1024;

  static final long MAX_ARTIFACT = 256L * 1024;

  private static final AtomicInteger COUNTER = new AtomicInteger();

  @Override
  protected ServerConfig config() {
    return ServerConfig.defaults().withLimits(MAX_JSON, MAX_ARTIFACT);
  }

  // ---- helpers ----

  protected static String unique(String prefix) {
    return prefix
        + "-"
        + COUNTER.incrementAndGet()
        + "-"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  protected Http.Response ok(Http.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    return response;
  }

  /** Asserts an MLflow error answer: status, code, and a JSON body with a message. */
  protected Http.Response error(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("content-type")).startsWith("application/json");
    JsonNode body = response.json();
    assertThat(body.path("error_code").asText()).as(response.toString()).isEqualTo(code);
    assertThat(body.path("message").asText())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
    return response;
  }

  protected String createExperiment(String name) {
    ObjectNode body = Http.object().put("name", name);
    return ok(http.post("/api/2.0/mlflow/experiments/create", body))
        .json()
        .get("experiment_id")
        .asText();
  }

  protected JsonNode createRun(String experimentId) {
    ObjectNode body =
        Http.object().put("experiment_id", experimentId).put("start_time", 1_700_000_000_000L);
    return ok(http.post("/api/2.0/mlflow/runs/create", body)).json().get("run");
  }

  protected String newRun() {
    return createRun(createExperiment(unique("exp"))).at("/info/run_id").asText();
  }

  protected void logMetric(String runId, String key, Object value, long step) {
    ObjectNode body =
        Http.object()
            .put("run_id", runId)
            .put("key", key)
            .put("timestamp", 1_700_000_000_000L + step)
            .put("step", step);
    if (value instanceof Number n) {
      body.put("value", n.doubleValue());
    } else {
      body.put("value", String.valueOf(value));
    }
    ok(http.post("/api/2.0/mlflow/runs/log-metric", body));
  }

  protected JsonNode getRun(String runId) {
    return ok(http.get("/api/2.0/mlflow/runs/get?run_id=" + q(runId))).json().get("run");
  }

  protected static String valueOf(JsonNode keyValues, String key) {
    for (JsonNode kv : keyValues) {
      if (kv.path("key").asText().equals(key)) {
        return kv.path("value").asText();
      }
    }
    return null;
  }

  protected JsonNode searchRuns(String experimentId, String filter, String... orderBy) {
    ObjectNode body = Http.object();
    body.putArray("experiment_ids").add(experimentId);
    if (filter != null) {
      body.put("filter", filter);
    }
    ArrayNode order = body.putArray("order_by");
    for (String o : orderBy) {
      order.add(o);
    }
    return ok(http.post("/api/2.0/mlflow/runs/search", body)).json();
  }

  protected static List<String> runNames(JsonNode searchResponse) {
    List<String> names = new ArrayList<>();
    for (JsonNode run : searchResponse.path("runs")) {
      names.add(run.at("/info/run_name").asText());
    }
    return names;
  }

  // ---- server basics ----

  @Test
  void healthAndVersionAnswerPlainText() {
    Http.Response health = ok(http.get("/health"));
    assertThat(health.text()).isEqualTo("OK");
    Http.Response version = ok(http.get("/version"));
    assertThat(version.text()).matches("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void everyResponseCarriesSecurityHeaders() {
    for (Http.Response r :
        List.of(
            http.get("/health"),
            http.get("/api/2.0/mlflow/experiments/get?experiment_id=0"),
            http.get("/no/such/path"))) {
      assertThat(r.header("Content-Security-Policy"))
          .as(r.toString())
          .contains("default-src 'self'");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
  }

  @Test
  void everyRowOfTheEndpointTableIsRoutedUnderBothPrefixes() {
    Set<String> rpcs = new HashSet<>();
    for (ApiEndpoint endpoint : server.endpoints()) {
      rpcs.add(endpoint.rpc());
      for (String path : endpoint.fullPaths()) {
        String concrete =
            path.replace("{request_id}", "tr-1").replace("<artifact_path>", "walk/none.txt");
        byte[] body = endpoint.method().name().equals("GET") ? null : "{}".getBytes();
        Http.Response r = http.send(endpoint.method().name(), concrete, body, "application/json");
        String where = endpoint.method() + " " + concrete + " -> " + r;
        assertThat(r.status()).as(where).isNotIn(405, 500);
        if (!endpoint.implemented()) {
          assertThat(r.status()).as(where).isEqualTo(501);
        } else {
          assertThat(r.status()).as(where).isLessThan(500);
          // A routed endpoint answers on its own terms; only "no such endpoint" would be wrong.
          if (r.status() == 404) {
            assertThat(r.errorCode()).as(where).isEqualTo("RESOURCE_DOES_NOT_EXIST");
          }
        }
      }
    }
    assertThat(rpcs)
        .contains(
            "createExperiment",
            "getExperiment",
            "getExperimentByName",
            "searchExperiments",
            "updateExperiment",
            "deleteExperiment",
            "restoreExperiment",
            "setExperimentTag",
            "createRun",
            "getRun",
            "updateRun",
            "deleteRun",
            "restoreRun",
            "searchRuns",
            "logMetric",
            "logParam",
            "logBatch",
            "setTag",
            "deleteTag",
            "logInputs",
            "getMetricHistory",
            "getMetricHistoryBulkInterval",
            "listArtifacts",
            "downloadArtifact",
            "uploadArtifact",
            "deleteArtifact",
            "logModel",
            "startTrace",
            "createRegisteredModel",
            "searchRegisteredModels",
            "createModelVersion",
            "searchModelVersions",
            "setRegisteredModelAlias",
            "getModelVersionByAlias",
            "transitionModelVersionStage");
  }

  @Test
  void unimplementedMlflowEndpointsAnswer501FromTheTable() {
    long unimplemented = server.endpoints().stream().filter(e -> !e.implemented()).count();
    assertThat(unimplemented).isPositive();
    for (ApiEndpoint endpoint : server.endpoints()) {
      if (endpoint.implemented()) {
        continue;
      }
      for (String path : endpoint.fullPaths()) {
        String concrete =
            path.replace("{request_id}", "tr-1").replace("<artifact_path>", "a/b.bin");
        Http.Response r =
            http.send(endpoint.method().name(), concrete, "{}".getBytes(), "application/json");
        error(r, 501, "NOT_IMPLEMENTED");
        assertThat(r.json().get("message").asText()).contains(endpoint.rpc());
      }
    }
  }

  @Test
  void unknownPathIs404Json() {
    error(http.get("/api/2.0/mlflow/no-such-endpoint"), 404, "ENDPOINT_NOT_FOUND");
    error(http.post("/api/2.0/mlflow/runs/frobnicate", "{}"), 404, "ENDPOINT_NOT_FOUND");
  }

  @Test
  void wrongMethodIs405Json() {
    Http.Response r = http.get("/api/2.0/mlflow/runs/create");
    assertThat(r.status()).as(r.toString()).isIn(404, 405);
    assertThat(r.header("content-type")).startsWith("application/json");
    assertThat(r.json().has("error_code")).isTrue();
  }

  // ---- experiments ----

  @Test
  void defaultExperimentExists() {
    JsonNode experiment =
        ok(http.get("/api/2.0/mlflow/experiments/get?experiment_id=0")).json().get("experiment");
    assertThat(experiment.get("name").asText()).isEqualTo("Default");
    assertThat(experiment.get("lifecycle_stage").asText()).isEqualTo("active");
  }

  @Test
  void experimentLifecycle() {
    String name = unique("lifecycle");
    ObjectNode create = Http.object().put("name", name);
    create.putArray("tags").add(Http.object().put("key", "team").put("value", "vision"));
    String id =
        ok(http.post("/api/2.0/mlflow/experiments/create", create))
            .json()
            .get("experiment_id")
            .asText();

    JsonNode got =
        ok(http.get("/api/2.0/mlflow/experiments/get?experiment_id=" + id))
            .json()
            .get("experiment");
    assertThat(got.get("experiment_id").asText()).isEqualTo(id);
    assertThat(got.get("name").asText()).isEqualTo(name);
    assertThat(got.get("creation_time").isIntegralNumber()).isTrue();
    assertThat(valueOf(got.get("tags"), "team")).isEqualTo("vision");

    JsonNode byName =
        ok(http.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + q(name))).json();
    assertThat(byName.at("/experiment/experiment_id").asText()).isEqualTo(id);

    String renamed = name + "-renamed";
    ok(
        http.post(
            "/api/2.0/mlflow/experiments/update",
            Http.object().put("experiment_id", id).put("new_name", renamed)));
    ok(
        http.post(
            "/api/2.0/mlflow/experiments/set-experiment-tag",
            Http.object().put("experiment_id", id).put("key", "team").put("value", "nlp")));
    got =
        ok(http.get("/ajax-api/2.0/mlflow/experiments/get?experiment_id=" + id))
            .json()
            .get("experiment");
    assertThat(got.get("name").asText()).isEqualTo(renamed);
    assertThat(valueOf(got.get("tags"), "team")).isEqualTo("nlp");

    String filter = "name = '" + renamed + "'";
    JsonNode viaGet =
        ok(http.get("/api/2.0/mlflow/experiments/search?filter=" + q(filter) + "&max_results=10"))
            .json();
    assertThat(viaGet.get("experiments")).hasSize(1);
    JsonNode viaPost =
        ok(http.post("/api/2.0/mlflow/experiments/search", Http.object().put("filter", filter)))
            .json();
    assertThat(viaPost.at("/experiments/0/experiment_id").asText()).isEqualTo(id);

    ok(http.post("/api/2.0/mlflow/experiments/delete", Http.object().put("experiment_id", id)));
    assertThat(
            ok(http.post("/api/2.0/mlflow/experiments/search", Http.object().put("filter", filter)))
                .json()
                .path("experiments"))
        .isEmpty();
    // MLflow's get-by-name looks at all stages; its clients read the stage (set_experiment)
    assertThat(
            ok(http.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + q(renamed)))
                .json()
                .at("/experiment/lifecycle_stage")
                .asText())
        .isEqualTo("deleted");
    JsonNode deleted =
        ok(http.post(
                "/api/2.0/mlflow/experiments/search",
                Http.object().put("filter", filter).put("view_type", "DELETED_ONLY")))
            .json();
    assertThat(deleted.at("/experiments/0/lifecycle_stage").asText()).isEqualTo("deleted");
    // the view by its proto number, as MLflow's server takes it in a query string (2: DELETED_ONLY)
    assertThat(
            ok(http.get("/api/2.0/mlflow/experiments/search?view_type=2&filter=" + q(filter)))
                .json()
                .at("/experiments/0/experiment_id")
                .asText())
        .isEqualTo(id);

    ok(http.post("/api/2.0/mlflow/experiments/restore", Http.object().put("experiment_id", id)));
    assertThat(
            ok(http.get("/api/2.0/mlflow/experiments/get?experiment_id=" + id))
                .json()
                .at("/experiment/lifecycle_stage")
                .asText())
        .isEqualTo("active");
    // MLflow's restore_experiment looks among deleted experiments only
    error(
        http.post("/api/2.0/mlflow/experiments/restore", Http.object().put("experiment_id", id)),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void integerExperimentIdsAreTheirDecimalStringsAsInMlflow() {
    // MLflow's server stringifies JSON integer experiment ids before reading a request
    String id = createExperiment(unique("int-id"));
    long number = Long.parseLong(id);
    String runId =
        ok(http.post(
                "/api/2.0/mlflow/runs/create",
                "{\"experiment_id\":" + number + ",\"start_time\":1}"))
            .json()
            .at("/run/info/run_id")
            .asText();
    assertThat(getRun(runId).at("/info/experiment_id").asText()).isEqualTo(id);
    JsonNode found =
        ok(http.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[" + number + "]}"))
            .json();
    assertThat(found.at("/runs/0/info/run_id").asText()).isEqualTo(runId);
    ok(http.post("/api/2.0/mlflow/experiments/delete", "{\"experiment_id\":" + number + "}"));
    ok(http.post("/api/2.0/mlflow/experiments/restore", "{\"experiment_id\":" + number + "}"));
    ok(
        http.post(
            "/api/2.0/mlflow/experiments/set-experiment-tag",
            "{\"experiment_id\":" + number + ",\"key\":\"k\",\"value\":\"v\"}"));
    ok(
        http.post(
            "/api/2.0/mlflow/experiments/update",
            "{\"experiment_id\":" + number + ",\"new_name\":\"" + unique("int-id") + "\"}"));
  }

  @Test
  void deletingADeletedExperimentIs404AsInMlflow() {
    // MLflow's delete_experiment looks among active experiments only
    String id = createExperiment(unique("twice"));
    ok(http.post("/api/2.0/mlflow/experiments/delete", Http.object().put("experiment_id", id)));
    error(
        http.post("/api/2.0/mlflow/experiments/delete", Http.object().put("experiment_id", id)),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void duplicateExperimentNameIsResourceAlreadyExists() {
    String name = unique("dup");
    String id = createExperiment(name);
    error(
        http.post("/api/2.0/mlflow/experiments/create", Http.object().put("name", name)),
        400,
        "RESOURCE_ALREADY_EXISTS");
    ok(http.post("/api/2.0/mlflow/experiments/delete", Http.object().put("experiment_id", id)));
    Http.Response deleted =
        error(
            http.post("/api/2.0/mlflow/experiments/create", Http.object().put("name", name)),
            400,
            "RESOURCE_ALREADY_EXISTS");
    assertThat(deleted.json().path("message").asText())
        .contains(name, "deleted state (id " + id + ")");
  }

  @Test
  void experimentSearchPagesWithTokens() {
    String prefix = unique("paged");
    for (int i = 0; i < 5; i++) {
      createExperiment(prefix + "-" + i);
    }
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    do {
      ObjectNode body =
          Http.object().put("filter", "name LIKE '" + prefix + "-%'").put("max_results", 2);
      if (token != null) {
        body.put("page_token", token);
      }
      JsonNode page = ok(http.post("/api/2.0/mlflow/experiments/search", body)).json();
      page.path("experiments").forEach(e -> seen.add(e.get("name").asText()));
      token = page.path("next_page_token").asText(null);
      pages++;
    } while (token != null && pages < 10);
    assertThat(seen).hasSize(5);
    assertThat(pages).isEqualTo(3);
  }

  // ---- runs ----

  @Test
  void createdRunHasMlflowShape() {
    String experimentId = createExperiment(unique("shape"));
    ObjectNode body =
        Http.object()
            .put("experiment_id", experimentId)
            .put("start_time", "1700000000000")
            .put("run_name", "first");
    body.putArray("tags").add(Http.object().put("key", "mlflow.user").put("value", "ada"));
    JsonNode run = ok(http.post("/api/2.0/mlflow/runs/create", body)).json().get("run");
    JsonNode info = run.get("info");
    String runId = info.get("run_id").asText();
    assertThat(info.get("run_uuid").asText()).isEqualTo(runId);
    assertThat(info.get("run_name").asText()).isEqualTo("first");
    assertThat(info.get("status").asText()).isEqualTo("RUNNING");
    assertThat(info.get("start_time").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(info.get("start_time").isIntegralNumber()).isTrue();
    assertThat(info.has("end_time")).isFalse();
    assertThat(info.get("lifecycle_stage").asText()).isEqualTo("active");
    assertThat(info.get("artifact_uri").asText())
        .isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");
    assertThat(valueOf(run.at("/data/tags"), "mlflow.user")).isEqualTo("ada");
  }

  @Test
  void runLoggingAndLifecycle() {
    String runId = newRun();
    logMetric(runId, "loss", 0.9, 0);
    logMetric(runId, "loss", 0.5, 1);
    logMetric(runId, "loss", 0.3, 2);
    ok(
        http.post(
            "/api/2.0/mlflow/runs/log-parameter",
            Http.object().put("run_id", runId).put("key", "lr").put("value", "0.01")));
    ok(
        http.post(
            "/api/2.0/mlflow/runs/set-tag",
            Http.object().put("run_id", runId).put("key", "stage").put("value", "dev")));
    ok(
        http.post(
            "/api/2.0/mlflow/runs/set-tag",
            Http.object().put("run_id", runId).put("key", "stage").put("value", "prod")));
    ok(
        http.post(
            "/api/2.0/mlflow/runs/set-tag",
            Http.object().put("run_id", runId).put("key", "tmp").put("value", "x")));
    ok(
        http.post(
            "/api/2.0/mlflow/runs/delete-tag",
            Http.object().put("run_id", runId).put("key", "tmp")));

    JsonNode run = getRun(runId);
    assertThat(run.at("/data/metrics")).hasSize(1);
    assertThat(run.at("/data/metrics/0/value").asDouble()).isEqualTo(0.3);
    assertThat(run.at("/data/metrics/0/step").asLong()).isEqualTo(2);
    assertThat(valueOf(run.at("/data/params"), "lr")).isEqualTo("0.01");
    assertThat(valueOf(run.at("/data/tags"), "stage")).isEqualTo("prod");
    assertThat(valueOf(run.at("/data/tags"), "tmp")).isNull();

    JsonNode updated =
        ok(http.post(
                "/api/2.0/mlflow/runs/update",
                Http.object()
                    .put("run_uuid", runId)
                    .put("status", "FINISHED")
                    .put("end_time", 1_700_000_100_000L)))
            .json()
            .get("run_info");
    assertThat(updated.get("status").asText()).isEqualTo("FINISHED");
    assertThat(updated.get("end_time").asLong()).isEqualTo(1_700_000_100_000L);

    ok(http.post("/api/2.0/mlflow/runs/delete", Http.object().put("run_id", runId)));
    assertThat(getRun(runId).at("/info/lifecycle_stage").asText()).isEqualTo("deleted");
    ok(http.post("/api/2.0/mlflow/runs/restore", Http.object().put("run_id", runId)));
    assertThat(getRun(runId).at("/info/lifecycle_stage").asText()).isEqualTo("active");
    // unlike an experiment's, MLflow's run delete and restore look at any run: both repeat fine
    ok(http.post("/api/2.0/mlflow/runs/restore", Http.object().put("run_id", runId)));
    ok(http.post("/api/2.0/mlflow/runs/delete", Http.object().put("run_id", runId)));
    ok(http.post("/api/2.0/mlflow/runs/delete", Http.object().put("run_id", runId)));
    assertThat(getRun(runId).at("/info/lifecycle_stage").asText()).isEqualTo("deleted");
  }

  @Test
  void theRunNameTagRenamesTheRunUnlessItIsEmpty() {
    // MLflow's set_tag of mlflow.runName goes through update_run_info, which ignores ""
    String runId = newRun();
    ok(
        http.post(
            "/api/2.0/mlflow/runs/set-tag",
            Http.object().put("run_id", runId).put("key", "mlflow.runName").put("value", "named")));
    assertThat(getRun(runId).at("/info/run_name").asText()).isEqualTo("named");
    ok(
        http.post(
            "/api/2.0/mlflow/runs/set-tag",
            Http.object().put("run_id", runId).put("key", "mlflow.runName").put("value", "")));
    ok(
        http.post(
            "/api/2.0/mlflow/runs/update", Http.object().put("run_id", runId).put("run_name", "")));
    JsonNode run = getRun(runId);
    assertThat(run.at("/info/run_name").asText()).isEqualTo("named");
    assertThat(valueOf(run.at("/data/tags"), "mlflow.runName")).isEqualTo("named");
  }

  @Test
  void writesToADeletedRunOrExperimentAnswerWithMlflowsCodes() {
    // MLflow's SQL store: INVALID_PARAMETER_VALUE for any write to a deleted run or experiment
    // (_check_run_is_active, _check_experiment_is_active), INVALID_STATE for renaming one.
    String experimentId = createExperiment(unique("deleted"));
    String runId = createRun(experimentId).at("/info/run_id").asText();
    ok(http.post("/api/2.0/mlflow/runs/delete", Http.object().put("run_id", runId)));
    String run = "{\"run_id\":\"" + runId + "\",";
    for (String[] call :
        new String[][] {
          {"runs/log-metric", run + "\"key\":\"m\",\"value\":1,\"timestamp\":1,\"step\":0}"},
          {"runs/log-parameter", run + "\"key\":\"p\",\"value\":\"1\"}"},
          {"runs/set-tag", run + "\"key\":\"t\",\"value\":\"1\"}"},
          {"runs/delete-tag", run + "\"key\":\"mlflow.runName\"}"},
          {"runs/update", run + "\"status\":\"FINISHED\"}"},
          {"runs/log-batch", run + "\"params\":[{\"key\":\"p\",\"value\":\"1\"}]}"}
        }) {
      Http.Response refused = http.post("/api/2.0/mlflow/" + call[0], call[1]);
      error(refused, 400, "INVALID_PARAMETER_VALUE");
      assertThat(refused.json().path("message").asText()).as(call[0]).contains(runId);
    }

    ok(
        http.post(
            "/api/2.0/mlflow/experiments/delete",
            Http.object().put("experiment_id", experimentId)));
    error(
        http.post(
            "/api/2.0/mlflow/runs/create",
            Http.object().put("experiment_id", experimentId).put("start_time", 1L)),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/experiments/set-experiment-tag",
            Http.object().put("experiment_id", experimentId).put("key", "k").put("value", "v")),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/experiments/update",
            Http.object().put("experiment_id", experimentId).put("new_name", unique("renamed"))),
        400,
        "INVALID_STATE");
  }

  @Test
  void aNulCharacterInAnyTextIsInvalidOnEveryStore() {
    String runId = newRun();
    for (String[] call :
        new String[][] {
          {
            "runs/log-parameter",
            "{\"run_id\":\"" + runId + "\",\"key\":\"p\",\"value\":\"a\\u0000b\"}"
          },
          {"runs/set-tag", "{\"run_id\":\"" + runId + "\",\"key\":\"t\\u0000\",\"value\":\"v\"}"},
          {"experiments/create", "{\"name\":\"x\\u0000y\"}"},
          {"runs/search", "{\"experiment_ids\":[\"0\"],\"filter\":\"params.a = '\\u0000'\"}"}
        }) {
      error(http.post("/api/2.0/mlflow/" + call[0], call[1]), 400, "INVALID_PARAMETER_VALUE");
    }
    error(
        http.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=a%00b"),
        400,
        "INVALID_PARAMETER_VALUE");
    // An escaped backslash before u0000 is text, not NUL.
    ok(
        http.post(
            "/api/2.0/mlflow/runs/log-parameter",
            "{\"run_id\":\"" + runId + "\",\"key\":\"path\",\"value\":\"C:\\\\u0000\"}"));
    assertThat(valueOf(getRun(runId).path("data").path("params"), "path")).isEqualTo("C:\\u0000");
  }

  @Test
  void aFilterOrOrderByBeyondItsBoundsIsInvalidNotAServerError() {
    String experimentId = createExperiment(unique("bounds"));
    String deep = "(".repeat(20_000) + "params.a = '1'" + ")".repeat(20_000);
    String wide =
        String.join(
            " OR ",
            java.util.stream.IntStream.range(0, 1200)
                .mapToObj(i -> "params.a = '" + i + "'")
                .toList());
    for (String filter : List.of(deep, wide)) {
      ObjectNode body = Http.object().put("filter", filter);
      body.putArray("experiment_ids").add(experimentId);
      error(http.post("/api/2.0/mlflow/runs/search", body), 400, "INVALID_PARAMETER_VALUE");
      error(
          http.post(
              "/api/2.0/mlflow/experiments/search",
              Http.object().put("filter", filter.replace("params.a", "name"))),
          400,
          "INVALID_PARAMETER_VALUE");
    }
    List<String> order =
        java.util.stream.IntStream.range(0, 70).mapToObj(i -> "metrics.m" + i).toList();
    ObjectNode ordered = Http.object();
    ordered.putArray("experiment_ids").add(experimentId);
    order.forEach(ordered.putArray("order_by")::add);
    error(http.post("/api/2.0/mlflow/runs/search", ordered), 400, "INVALID_PARAMETER_VALUE");
    // Within the bounds: 50 comparisons, 32 levels, 20 order_by clauses.
    String fifty =
        "("
            + String.join(
                " AND ",
                java.util.stream.IntStream.range(0, 50)
                    .mapToObj(i -> "params.p" + (i % 5) + " != 'x" + i + "'")
                    .toList())
            + ")";
    ObjectNode within = Http.object().put("filter", "(".repeat(31) + fifty + ")".repeat(31));
    within.putArray("experiment_ids").add(experimentId);
    order.subList(0, 20).forEach(within.putArray("order_by")::add);
    ok(http.post("/api/2.0/mlflow/runs/search", within));
  }

  @Test
  void logModelAppendsToTheRunsModelHistoryAndChecksTheModel() throws Exception {
    String runId = newRun();
    String model =
        "{\"artifact_path\":\"m\",\"run_id\":\""
            + runId
            + "\",\"utc_time_created\":\"2026-12-07 06:00:00.000000\","
            + "\"flavors\":{\"java\":{\"config\":{\"k\":1},\"v\":2}},\"signature\":{}}";
    ObjectNode body = Http.object().put("run_id", runId).put("model_json", model);
    ok(http.post("/api/2.0/mlflow/runs/log-model", body));
    ok(http.post("/api/2.0/mlflow/runs/log-model", body));
    JsonNode history =
        Http.JSON.readTree(
            valueOf(getRun(runId).path("data").path("tags"), "mlflow.log-model.history"));
    assertThat(history).hasSize(2);
    assertThat(history.get(0).toString())
        .isEqualTo(
            "{\"artifact_path\":\"m\",\"run_id\":\""
                + runId
                + "\",\"utc_time_created\":\"2026-12-07 06:00:00.000000\","
                + "\"flavors\":{\"java\":{\"v\":2}}}");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-model",
            Http.object().put("run_id", runId).put("model_json", "{\"artifact_path\":\"m\"}")),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-model",
            Http.object().put("run_id", runId).put("model_json", "not json")),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void paramsAreWriteOnce() {
    String runId = newRun();
    ObjectNode param = Http.object().put("run_id", runId).put("key", "depth").put("value", "5");
    ok(http.post("/api/2.0/mlflow/runs/log-parameter", param));
    ok(http.post("/api/2.0/mlflow/runs/log-parameter", param));
    param.put("value", "6");
    error(http.post("/api/2.0/mlflow/runs/log-parameter", param), 400, "INVALID_PARAMETER_VALUE");
    assertThat(valueOf(getRun(runId).at("/data/params"), "depth")).isEqualTo("5");
  }

  @Test
  void logBatchStoresEverythingAndAcceptsInt64AsStrings() {
    String runId = newRun();
    ObjectNode batch =
        json(
            "{'run_id':'"
                + runId
                + "',"
                + "'metrics':[{'key':'acc','value':0.5,'timestamp':'1700000000001','step':'1'},"
                + "{'key':'acc','value':'0.75','timestamp':1700000000002,'step':2}],"
                + "'params':[{'key':'optimizer','value':'adam'}],"
                + "'tags':[{'key':'mlflow.note.content','value':'# notes'}]}");
    ok(http.post("/api/2.0/mlflow/runs/log-batch", batch));
    JsonNode run = getRun(runId);
    assertThat(run.at("/data/metrics/0/value").asDouble()).isEqualTo(0.75);
    assertThat(valueOf(run.at("/data/params"), "optimizer")).isEqualTo("adam");
    assertThat(valueOf(run.at("/data/tags"), "mlflow.note.content")).isEqualTo("# notes");
    JsonNode history =
        ok(http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=acc"))
            .json();
    assertThat(history.get("metrics")).hasSize(2);
    assertThat(history.at("/metrics/0/step").asLong()).isEqualTo(1);
    assertThat(history.at("/metrics/0/timestamp").asLong()).isEqualTo(1_700_000_000_001L);
  }

  @Test
  void nonFiniteMetricValuesRoundTripAsMlflowWritesThem() {
    String runId = newRun();
    logMetric(runId, "nan", "NaN", 0);
    logMetric(runId, "inf", "Infinity", 0);
    logMetric(runId, "ninf", "-Infinity", 0);
    // Python's json module writes bare NaN tokens; they are accepted too.
    ok(
        http.post(
            "/api/2.0/mlflow/runs/log-metric",
            "{\"run_id\":\""
                + runId
                + "\",\"key\":\"bare\",\"value\":NaN,\"timestamp\":1,\"step\":0}"));
    // NaN travels as protobuf's "NaN" string; +-Infinity are stored as the largest finite
    // doubles, as MLflow's SQL store does (sqlalchemy_store.py _log_metrics).
    assertThat(lastValue(runId, "nan").asText()).isEqualTo("NaN");
    assertThat(lastValue(runId, "bare").asText()).isEqualTo("NaN");
    assertThat(lastValue(runId, "inf").asDouble()).isEqualTo(Double.MAX_VALUE);
    assertThat(lastValue(runId, "ninf").asDouble()).isEqualTo(-Double.MAX_VALUE);
    assertThat(getRun(runId).at("/data/metrics")).hasSize(4);
  }

  private JsonNode lastValue(String runId, String key) {
    JsonNode history =
        ok(http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=" + key))
            .json();
    assertThat(history.get("metrics")).hasSize(1);
    return history.at("/metrics/0/value");
  }

  @Test
  void metricHistoryPages() {
    String runId = newRun();
    ObjectNode batch = Http.object().put("run_id", runId);
    ArrayNode metrics = batch.putArray("metrics");
    for (int step = 0; step < 25; step++) {
      metrics.add(
          Http.object()
              .put("key", "loss")
              .put("value", 1.0 / (step + 1))
              .put("timestamp", 1000 + step)
              .put("step", step));
    }
    ok(http.post("/api/2.0/mlflow/runs/log-batch", batch));
    List<Long> steps = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String url =
          "/api/2.0/mlflow/metrics/get-history?run_uuid="
              + runId
              + "&metric_key=loss&max_results=10"
              + (token == null ? "" : "&page_token=" + q(token));
      JsonNode page = ok(http.get(url)).json();
      page.path("metrics").forEach(m -> steps.add(m.get("step").asLong()));
      token = page.path("next_page_token").asText(null);
      pages++;
    } while (token != null && pages < 10);
    assertThat(pages).isEqualTo(3);
    assertThat(steps).hasSize(25).isSorted();
  }

  @Test
  void metricHistoryBulkIntervalSamplesSeveralRuns() {
    String experimentId = createExperiment(unique("bulk"));
    List<String> runIds = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      String runId = createRun(experimentId).at("/info/run_id").asText();
      runIds.add(runId);
      ObjectNode batch = Http.object().put("run_id", runId);
      ArrayNode metrics = batch.putArray("metrics");
      for (int step = 0; step < 50; step++) {
        metrics.add(
            Http.object()
                .put("key", "loss")
                .put("value", step)
                .put("timestamp", 1000 + step)
                .put("step", step));
      }
      ok(http.post("/api/2.0/mlflow/runs/log-batch", batch));
    }
    JsonNode sampled =
        ok(http.get(
                "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids="
                    + runIds.get(0)
                    + "&run_ids="
                    + runIds.get(1)
                    + "&metric_key=loss&max_results=10"))
            .json();
    Set<String> seenRuns = new HashSet<>();
    for (JsonNode point : sampled.get("metrics")) {
      seenRuns.add(point.get("run_id").asText());
    }
    assertThat(seenRuns).containsExactlyInAnyOrderElementsOf(runIds);
    assertThat(sampled.get("metrics").size()).isBetween(4, 20);

    String base = "/api/2.0/mlflow/metrics/get-history-bulk-interval?metric_key=loss";
    error(http.get(base), 400, "INVALID_PARAMETER_VALUE");
    error(
        http.get(base + "&run_ids=" + runIds.get(0) + "&start_step=3"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.get(base + "&run_ids=" + runIds.get(0) + "&start_step=5&end_step=1"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.get(base + "&run_ids=" + runIds.get(0) + "&max_results=0"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void logInputsShowInRun() {
    String runId = newRun();
    ObjectNode body =
        json(
            "{'run_id':'"
                + runId
                + "','datasets':[{'tags':[{'key':'mlflow.data.context','value':'training'}],"
                + "'dataset':{'name':'iris','digest':'abc123','source_type':'local','source':'{\\'uri\\':\\'iris.csv\\'}'}}]}");
    ok(http.post("/api/2.0/mlflow/runs/log-inputs", body));
    JsonNode input = getRun(runId).at("/inputs/dataset_inputs/0");
    assertThat(input.at("/dataset/name").asText()).isEqualTo("iris");
    assertThat(input.at("/dataset/digest").asText()).isEqualTo("abc123");
    assertThat(valueOf(input.get("tags"), "mlflow.data.context")).isEqualTo("training");
  }

  @Test
  void searchRunsFiltersAndOrders() {
    String experimentId = createExperiment(unique("search"));
    String[] names = {"a", "b", "c", "d"};
    double[] acc = {0.5, 0.9, 0.7, 0.1};
    for (int i = 0; i < names.length; i++) {
      ObjectNode create =
          Http.object()
              .put("experiment_id", experimentId)
              .put("run_name", names[i])
              .put("start_time", 1000 + i);
      String runId =
          ok(http.post("/api/2.0/mlflow/runs/create", create))
              .json()
              .at("/run/info/run_id")
              .asText();
      logMetric(runId, "acc", acc[i], 0);
      ok(
          http.post(
              "/api/2.0/mlflow/runs/log-parameter",
              Http.object()
                  .put("run_id", runId)
                  .put("key", "model")
                  .put("value", i % 2 == 0 ? "cnn" : "rnn")));
    }
    assertThat(runNames(searchRuns(experimentId, "metrics.acc > 0.6", "metrics.acc DESC")))
        .containsExactly("b", "c");
    assertThat(
            runNames(searchRuns(experimentId, "params.model = 'cnn'", "attributes.run_name ASC")))
        .containsExactly("a", "c");
    assertThat(
            runNames(
                searchRuns(
                    experimentId,
                    "metrics.acc < 0.2 OR (params.model = 'rnn' AND metrics.acc > 0.8)",
                    "metrics.acc ASC")))
        .containsExactly("d", "b");
    assertThat(runNames(searchRuns(experimentId, null))).containsExactly("d", "c", "b", "a");
  }

  @Test
  void sqlLookingFiltersAreDataNotSql() {
    String experimentId = createExperiment(unique("sqli"));
    String runId = createRun(experimentId).at("/info/run_id").asText();
    String hostile = "x'; DROP TABLE runs; --";
    ok(
        http.post(
            "/api/2.0/mlflow/runs/log-parameter",
            Http.object().put("run_id", runId).put("key", "p").put("value", hostile)));

    assertThat(searchRuns(experimentId, "params.p = 'x'' OR ''1''=''1'").path("runs")).isEmpty();
    for (String filter :
        List.of(
            "params.p = 'a' OR 1=1",
            "params.p = 'a'; DROP TABLE runs; --",
            "metrics.\"acc; DELETE FROM metrics\" > 0 UNION SELECT * FROM runs",
            "attributes.status = 'RUNNING' /* comment */",
            "tags.x = 'unterminated")) {
      ObjectNode body = Http.object().put("filter", filter);
      body.putArray("experiment_ids").add(experimentId);
      Http.Response r = http.post("/api/2.0/mlflow/runs/search", body);
      assertThat(r.status()).as(filter + " -> " + r).isIn(200, 400);
      if (r.status() == 400) {
        error(r, 400, "INVALID_PARAMETER_VALUE");
      } else {
        assertThat(r.json().path("runs")).as(filter).isEmpty();
      }
    }
    // The tables are intact and the hostile value is found as plain data.
    JsonNode found = searchRuns(experimentId, "params.p = '" + hostile.replace("'", "''") + "'");
    assertThat(found.path("runs")).hasSize(1);
    assertThat(valueOf(getRun(runId).at("/data/params"), "p")).isEqualTo(hostile);
  }

  @Test
  void searchGroupsPagesAParentWithItsChildrenUnderBothPrefixes() {
    String exp = createExperiment(unique("groups"));
    String parent = createRun(exp).at("/info/run_id").asText();
    for (long start : new long[] {1_800_000_000_000L, 1_800_000_000_000L, 1_900_000_000_000L}) {
      ObjectNode run = Http.object().put("experiment_id", exp).put("start_time", start);
      if (start < 1_900_000_000_000L) {
        run.putArray("tags").addObject().put("key", "mlflow.parentRunId").put("value", parent);
      }
      ok(http.post("/api/2.0/mlflow/runs/create", run));
    }
    ObjectNode body = Http.object().put("max_results", 1);
    body.putArray("experiment_ids").add(exp);
    body.putArray("order_by").add("attributes.start_time ASC");
    JsonNode first = ok(http.post("/ajax-api/2.0/trackbook/runs/search-groups", body)).json();
    // max_results counts groups: the parent comes with both children
    assertThat(first.path("runs")).hasSize(3);
    assertThat(first.at("/runs/0/info/run_id").asText()).isEqualTo(parent);
    body.put("page_token", first.path("next_page_token").asText());
    JsonNode second = ok(http.post("/api/2.0/trackbook/runs/search-groups", body)).json();
    assertThat(second.path("runs")).hasSize(1);
    assertThat(second.has("next_page_token")).isFalse();

    body.put("page_token", "edited");
    error(http.post("/api/2.0/trackbook/runs/search-groups", body), 400, "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/trackbook/runs/search-groups",
            "{\"experiment_ids\":[\"0\"],\"max_results\":0}"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  // ---- bad input, per endpoint family ----

  @Test
  void missingRequiredFieldsNameTheField() {
    Http.Response r =
        error(
            http.post(
                "/api/2.0/mlflow/runs/log-metric", "{\"key\":\"a\",\"value\":1,\"timestamp\":1}"),
            400,
            "INVALID_PARAMETER_VALUE");
    assertThat(r.json().get("message").asText())
        .isEqualTo("Missing value for required parameter 'run_id'.");
    error(http.get("/api/2.0/mlflow/runs/get"), 400, "INVALID_PARAMETER_VALUE");
    error(http.post("/api/2.0/mlflow/experiments/create", "{}"), 400, "INVALID_PARAMETER_VALUE");
    error(http.get("/api/2.0/mlflow/experiments/get"), 400, "INVALID_PARAMETER_VALUE");
    error(http.get("/api/2.0/mlflow/metrics/get-history?run_id=x"), 400, "INVALID_PARAMETER_VALUE");
    String runId = newRun();
    r =
        error(
            http.post(
                "/api/2.0/mlflow/runs/log-batch",
                "{\"run_id\":\"" + runId + "\",\"metrics\":[{\"key\":\"a\",\"value\":1}]}"),
            400,
            "INVALID_PARAMETER_VALUE");
    assertThat(r.json().get("message").asText()).contains("metrics[0].timestamp");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-inputs",
            "{\"run_id\":\"" + runId + "\",\"datasets\":[{\"tags\":[]}]}"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void wrongTypesAreInvalidParameterValue() {
    String runId = newRun();
    Http.Response r =
        error(
            http.post("/api/2.0/mlflow/experiments/create", "{\"name\":123}"),
            400,
            "INVALID_PARAMETER_VALUE");
    assertThat(r.json().get("message").asText()).contains("'name'");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-metric",
            "{\"run_id\":\"" + runId + "\",\"key\":\"a\",\"value\":\"high\",\"timestamp\":1}"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-metric",
            "{\"run_id\":\"" + runId + "\",\"key\":\"a\",\"value\":1,\"timestamp\":1.5}"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-batch",
            "{\"run_id\":\"" + runId + "\",\"metrics\":{\"key\":\"a\"}}"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-batch", "{\"run_id\":\"" + runId + "\",\"params\":[\"a\"]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\":\"0\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"0\"],\"max_results\":\"many\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/search", "{\"experiment_ids\":[\"0\"],\"max_results\":50001}"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/update", "{\"run_id\":\"" + runId + "\",\"status\":\"DONE\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.get("/api/2.0/mlflow/experiments/search?view_type=SOME"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/set-tag",
            "{\"run_id\":[\"" + runId + "\"],\"key\":\"a\",\"value\":\"b\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  @Test
  void overLongValuesAreRefusedAndNothingIsStored() {
    String runId = newRun();
    String longKey = "k".repeat(251);
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-parameter",
            Http.object().put("run_id", runId).put("key", longKey).put("value", "v")),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-parameter",
            Http.object().put("run_id", runId).put("key", "big").put("value", "v".repeat(6001))),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/set-tag",
            Http.object().put("run_id", runId).put("key", "big").put("value", "v".repeat(8001))),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-metric",
            Http.object()
                .put("run_id", runId)
                .put("key", "../escape")
                .put("value", 1)
                .put("timestamp", 1)),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post("/api/2.0/mlflow/experiments/create", Http.object().put("name", "")),
        400,
        "INVALID_PARAMETER_VALUE");

    // A batch with one bad entry stores none of it.
    ObjectNode batch = Http.object().put("run_id", runId);
    batch
        .putArray("params")
        .add(Http.object().put("key", "fine").put("value", "1"))
        .add(Http.object().put("key", longKey).put("value", "2"));
    error(http.post("/api/2.0/mlflow/runs/log-batch", batch), 400, "INVALID_PARAMETER_VALUE");
    ObjectNode tooMany = Http.object().put("run_id", runId);
    ArrayNode params = tooMany.putArray("params");
    for (int i = 0; i < 101; i++) {
      params.add(Http.object().put("key", "p" + i).put("value", "v"));
    }
    error(http.post("/api/2.0/mlflow/runs/log-batch", tooMany), 400, "INVALID_PARAMETER_VALUE");
    assertThat(getRun(runId).at("/data/params")).isEmpty();
  }

  @Test
  void unknownRunsAndExperimentsAre404() {
    String missingRun = "0123456789abcdef0123456789abcdef";
    error(
        http.get("/api/2.0/mlflow/runs/get?run_id=" + missingRun), 404, "RESOURCE_DOES_NOT_EXIST");
    error(
        http.post(
            "/api/2.0/mlflow/runs/log-metric",
            Http.object()
                .put("run_id", missingRun)
                .put("key", "a")
                .put("value", 1)
                .put("timestamp", 1)),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        http.post("/api/2.0/mlflow/runs/log-batch", Http.object().put("run_id", missingRun)),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        http.get("/api/2.0/mlflow/artifacts/list?run_id=" + missingRun),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        http.get("/api/2.0/mlflow/metrics/get-history?run_id=" + missingRun + "&metric_key=a"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        http.get("/api/2.0/mlflow/experiments/get?experiment_id=987654321"),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        http.get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + q(unique("nope"))),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        http.post("/api/2.0/mlflow/runs/create", Http.object().put("experiment_id", "987654321")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void malformedBodiesAre400() {
    error(http.post("/api/2.0/mlflow/experiments/create", "{\"name\": "), 400, "MALFORMED_REQUEST");
    error(http.post("/api/2.0/mlflow/experiments/create", "[1,2]"), 400, "MALFORMED_REQUEST");
    error(
        http.post("/api/2.0/mlflow/experiments/create", "{\"name\":\"a\"} trailing"),
        400,
        "MALFORMED_REQUEST");
    error(
        http.post("/api/2.0/mlflow/runs/log-batch", "\u0000\u0001binary"),
        400,
        "MALFORMED_REQUEST");
  }

  @Test
  void postsMustBeJsonSoBrowsersCannotForgeThem() {
    String body = Http.object().put("name", unique("csrf")).toString();
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
      Http.Response r =
          http.send("POST", "/api/2.0/mlflow/experiments/create", body.getBytes(), type);
      Http.Response refused = error(r, 400, "INVALID_PARAMETER_VALUE");
      assertThat(refused.json().get("message").asText()).contains("Content-Type");
    }
    ok(
        http.send(
            "POST",
            "/api/2.0/mlflow/experiments/create",
            body.getBytes(),
            "application/json; charset=utf-8"));
  }

  @Test
  void bodiesOverTheLimitAre413() {
    String big = "{\"name\":\"" + "x".repeat((int) MAX_JSON) + "\"}";
    error(http.post("/api/2.0/mlflow/experiments/create", big), 413, "REQUEST_TOO_LARGE");
  }

  // ---- artifacts ----

  @Test
  void artifactUploadDownloadListDelete() {
    String runId = newRun();
    JsonNode info = getRun(runId).get("info");
    String root = info.get("artifact_uri").asText().substring("mlflow-artifacts:/".length());
    String base = "/api/2.0/mlflow-artifacts/artifacts/" + root;
    byte[] model = "weights".getBytes(StandardCharsets.UTF_8);
    ok(http.put(base + "/model/weights.bin", model));
    ok(http.put(base + "/summary.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    ok(http.put(base + "/summary.json", "{\"a\":2}".getBytes(StandardCharsets.UTF_8))); // replace

    Http.Response download = ok(http.get(base + "/summary.json"));
    assertThat(download.text()).isEqualTo("{\"a\":2}");
    assertThat(download.header("content-type")).startsWith("application/json");
    assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");

    JsonNode listed = ok(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId)).json();
    assertThat(listed.get("root_uri").asText()).isEqualTo(info.get("artifact_uri").asText());
    assertThat(listed.get("files")).hasSize(2);
    assertThat(listed.at("/files/0/path").asText()).isEqualTo("model");
    assertThat(listed.at("/files/0/is_dir").asBoolean()).isTrue();
    assertThat(listed.at("/files/1/path").asText()).isEqualTo("summary.json");
    assertThat(listed.at("/files/1/file_size").asLong()).isEqualTo(7);
    JsonNode sub =
        ok(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=model")).json();
    assertThat(sub.at("/files/0/path").asText()).isEqualTo("model/weights.bin");
    JsonNode proxied =
        ok(http.get("/api/2.0/mlflow-artifacts/artifacts?path=" + q(root + "/model"))).json();
    assertThat(proxied.at("/files/0/path").asText()).isEqualTo("weights.bin");

    ok(http.delete(base + "/model"));
    error(http.get(base + "/model/weights.bin"), 404, "RESOURCE_DOES_NOT_EXIST");
    error(http.delete(base + "/model"), 404, "RESOURCE_DOES_NOT_EXIST");
    assertThat(ok(http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId)).json().get("files"))
        .hasSize(1);
  }

  @Test
  void textArtifactsDownloadForClientsThatAcceptGzip() throws IOException {
    // Browsers and Python's requests (so the MLflow client) send Accept-Encoding: gzip; a
    // compressible artifact over the compression threshold came back 500 (a declared
    // Content-Length of the file, then fewer, compressed bytes): no preview of a model's JSON
    // descriptor in the UI, and mlflow.artifacts.download_artifacts failed.
    String base = "/api/2.0/mlflow-artifacts/artifacts/" + unique("gzip");
    byte[] json =
        ("{\"rows\": [" + "{\"a\": 1, \"b\": \"text\"},".repeat(2000) + "{}]}")
            .getBytes(StandardCharsets.UTF_8);
    ok(http.put(base + "/descriptor.json", json));
    Http.Response r = http.get(base + "/descriptor.json", "Accept-Encoding", "gzip, deflate");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    byte[] body = r.body();
    if ("gzip".equalsIgnoreCase(r.header("content-encoding"))) {
      body =
          new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
    }
    assertThat(body).isEqualTo(json);
  }

  @Test
  void htmlArtifactsAreNeverServedAsHtml() {
    String base = "/api/2.0/mlflow-artifacts/artifacts/" + unique("html");
    ok(
        http.put(
            base + "/report.html", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)));
    ok(http.put(base + "/chart.svg", "<svg onload='alert(1)'/>".getBytes(StandardCharsets.UTF_8)));
    for (String file : List.of("/report.html", "/chart.svg")) {
      Http.Response r = ok(http.get(base + file));
      assertThat(r.header("content-type")).startsWith("text/plain");
      assertThat(r.header("content-disposition")).startsWith("attachment");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
  }

  @Test
  void uploadsOverTheLimitAre413AndStoreNothing() {
    String path = unique("big") + "/huge.bin";
    error(
        http.put("/api/2.0/mlflow-artifacts/artifacts/" + path, new byte[(int) MAX_ARTIFACT + 1]),
        413,
        "REQUEST_TOO_LARGE");
    assertThat(artifactRoot.resolve(path)).doesNotExist();
    try (var files = Files.walk(artifactRoot)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith(".trackbook-upload-")))
          .isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void hostileArtifactPathsCannotEscapeTheRoot() throws IOException {
    Path outside = Files.createDirectories(workDir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "top secret");
    Files.createDirectories(artifactRoot);
    String link = "link-" + COUNTER.incrementAndGet();
    Files.createSymbolicLink(artifactRoot.resolve(link), outside);

    String a = "/api/2.0/mlflow-artifacts/artifacts/";
    List<String> hostile =
        List.of(
            a + "../outside/secret.txt",
            a + "x/../../outside/secret.txt",
            a + "%2e%2e/outside/secret.txt",
            a + "%2E%2E%2Foutside%2Fsecret.txt",
            a + "x/%252e%252e/%252e%252e/outside/secret.txt",
            a + "/" + workDir.resolve("outside/secret.txt"),
            a + "..%5Coutside%5Csecret.txt",
            a + "x%00/secret.txt",
            a + link + "/secret.txt");
    for (String path : hostile) {
      Http.Response get = http.get(path);
      assertThat(get.status()).as("GET " + path + " -> " + get).isBetween(400, 499);
      assertThat(get.text()).doesNotContain("top secret");
      assertRefused("PUT", path.replace("secret.txt", "planted.txt"), "pwned".getBytes());
      Http.Response delete = http.delete(path);
      assertThat(delete.status()).as("DELETE " + path + " -> " + delete).isBetween(400, 499);
    }
    for (String query : List.of("..", "../outside", "%2e%2e", "/etc", link)) {
      Http.Response list = http.get("/api/2.0/mlflow-artifacts/artifacts?path=" + query);
      assertThat(list.status()).as("list " + query + " -> " + list).isBetween(400, 499);
    }
    String runId = newRun();
    error(
        http.get("/api/2.0/mlflow/artifacts/list?run_id=" + runId + "&path=" + q("../../..")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(outside.resolve("planted.txt")).doesNotExist();
    assertThat(outside.resolve("secret.txt")).hasContent("top secret");
    JsonNode rootListing = ok(http.get("/api/2.0/mlflow-artifacts/artifacts")).json();
    for (JsonNode file : rootListing.path("files")) {
      assertThat(file.get("path").asText()).isNotEqualTo(link);
    }
  }

  /**
   * Jetty refuses some URIs (an encoded NUL) in its parser, before any handler, and closes the
   * connection; a client still sending a body may then see the connection end instead of the 400.
   * Either way the request is refused, which is what matters here.
   */
  private void assertRefused(String method, String path, byte[] body) {
    try {
      Http.Response r = http.send(method, path, body, "application/octet-stream");
      assertThat(r.status()).as(method + " " + path + " -> " + r).isBetween(400, 499);
    } catch (java.io.UncheckedIOException closedByJetty) {
      assertThat(path).as("only Jetty-level refusals may close the connection").contains("%00");
    }
  }

  @Test
  void aRequestRefusedByJettySaysConnectionCloseSoTheNextOneIsAnswered() {
    // Regression (HostileInputTest): Jetty closed the connection after its own 400 without saying
    // so, and a keep-alive client sent its next request into the dead socket.
    for (int i = 0; i < 20; i++) {
      Http.Response refused = http.get("/api/2.0/mlflow/traces/%00%01/tags");
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
      assertThat(refused.json().path("error_code").asText()).isEqualTo("BAD_REQUEST");
      assertThat(http.get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void experimentEndpointsRefuseBadInput() {
    error(
        http.post("/api/2.0/mlflow/experiments/create", Http.object().put("name", "e".repeat(600))),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post("/api/2.0/mlflow/experiments/update", Http.object().put("experiment_id", "0")),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/experiments/set-experiment-tag",
            Http.object().put("experiment_id", "0").put("key", "k".repeat(251)).put("value", "v")),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post("/api/2.0/mlflow/experiments/delete", Http.object().put("experiment_id", 0)),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/experiments/restore", Http.object().put("experiment_id", "987654")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        http.get("/api/2.0/mlflow/experiments/search?max_results=0"),
        400,
        "INVALID_PARAMETER_VALUE");
    for (String filter :
        List.of("name = 'x' OR 1=1", "name = 'x'; DROP TABLE experiments", "name LIKE")) {
      Http.Response r =
          http.post("/api/2.0/mlflow/experiments/search", Http.object().put("filter", filter));
      assertThat(r.status()).as(filter + " -> " + r).isIn(200, 400);
      if (r.status() == 200) {
        assertThat(r.json().path("experiments")).as(filter).isEmpty();
      }
    }
    assertThat(
            ok(http.get("/api/2.0/mlflow/experiments/get?experiment_id=0"))
                .json()
                .at("/experiment/name")
                .asText())
        .isEqualTo("Default");
  }

  @Test
  void artifactAndRunEndpointsRefuseBadInput() {
    error(http.get("/api/2.0/mlflow/artifacts/list"), 400, "INVALID_PARAMETER_VALUE");
    error(
        http.post(
            "/api/2.0/mlflow/runs/update",
            Http.object()
                .put("run_id", "0123456789abcdef0123456789abcdef")
                .put("status", "FAILED")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    String runId = newRun();
    error(
        http.post(
            "/api/2.0/mlflow/runs/delete-tag",
            Http.object().put("run_id", runId).put("key", "never-set")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        http.post("/api/2.0/mlflow/runs/create", Http.object().put("start_time", "yesterday")),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        http.put("/api/2.0/mlflow-artifacts/artifacts/", "x".getBytes(StandardCharsets.UTF_8)),
        405, // the artifact root is only listed (GET); an upload needs a file path
        "BAD_REQUEST");
  }

  @Test
  void ajaxPrefixServesTheSameApi() {
    String name = unique("ajax");
    String id =
        ok(http.post("/ajax-api/2.0/mlflow/experiments/create", Http.object().put("name", name)))
            .json()
            .get("experiment_id")
            .asText();
    assertThat(
            ok(http.get("/api/2.0/mlflow/experiments/get?experiment_id=" + id))
                .json()
                .at("/experiment/name")
                .asText())
        .isEqualTo(name);
  }
}
