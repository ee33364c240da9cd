package dev.trackbook.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The REST suite on a real PostgreSQL server (Debian's binaries, started by {@link
 * EmbeddedPostgres}), plus what only a shared database allows: two servers, one store.
 */
class RestPostgresIT extends RestContract {
  @Override
  protected String storeUri(Path workDir) {
    return EmbeddedPostgres.createDatabase();
  }

  @Test
  void twoServersOnOneDatabaseSeeEachOthersWrites() throws Exception {
    try (AnotherServer second = startAnotherServer()) {
      Http other = second.http();
      String runId = newRun();
      logMetric(runId, "loss", 0.5, 0);
      ok(
          other.post(
              "/api/2.0/mlflow/runs/log-parameter",
              Http.object().put("run_id", runId).put("key", "from").put("value", "second")));
      assertThat(valueOf(getRun(runId).at("/data/params"), "from")).isEqualTo("second");
      assertThat(
              ok(other.get("/api/2.0/mlflow/runs/get?run_id=" + runId))
                  .json()
                  .at("/run/data/metrics/0/value")
                  .asDouble())
          .isEqualTo(0.5);
    }
  }

  @Test
  void twoServersCreatingOneExperimentNameAtOnceMakeOneAndAnswerTheOtherAlreadyExists()
      throws Exception {
    try (AnotherServer second = startAnotherServer()) {
      Http other = second.http();
      for (int round = 0; round < 20; round++) {
        ObjectNode body = Http.object().put("name", unique("raced"));
        List<Http.Response> answers =
            atOnce(
                () -> http.post("/api/2.0/mlflow/experiments/create", body),
                () -> other.post("/api/2.0/mlflow/experiments/create", body));
        List<Http.Response> created = answers.stream().filter(r -> r.status() == 200).toList();
        assertThat(created).as("round %d: %s", round, answers).hasSize(1);
        for (Http.Response r : answers) {
          if (r.status() != 200) {
            error(r, 400, "RESOURCE_ALREADY_EXISTS");
          }
        }
        String id = created.get(0).json().get("experiment_id").asText();
        assertThat(
                ok(other.get(
                        "/api/2.0/mlflow/experiments/get-by-name?experiment_name="
                            + q(body.get("name").asText())))
                    .json()
                    .at("/experiment/experiment_id")
                    .asText())
            .isEqualTo(id);
      }
    }
  }

  @Test
  void twoServersLoggingOneMetricOfOneRunLoseNoPointAndAgreeOnTheLatest() throws Exception {
    try (AnotherServer second = startAnotherServer()) {
      Http other = second.http();
      String runId = newRun();
      int batches = 20;
      int perBatch = 25;
      // server A logs the even steps, server B the odd ones, each in batches and single points
      Callable<Void> evens = () -> logSteps(http, runId, 0, batches, perBatch);
      Callable<Void> odds = () -> logSteps(other, runId, 1, batches, perBatch);
      atOnce(evens, odds);
      int total = 2 * batches * (perBatch + 1);
      for (Http server : List.of(http, other)) {
        List<Long> steps = new ArrayList<>();
        JsonNode history =
            ok(server.get(
                    "/api/2.0/mlflow/metrics/get-history?run_uuid="
                        + runId
                        + "&metric_key=loss&max_results=25000"))
                .json();
        history.path("metrics").forEach(m -> steps.add(m.get("step").asLong()));
        assertThat(steps).hasSize(total).doesNotHaveDuplicates().isSorted();
        JsonNode latest =
            ok(server.get("/api/2.0/mlflow/runs/get?run_id=" + runId))
                .json()
                .at("/run/data/metrics/0");
        assertThat(latest.get("step").asLong()).isEqualTo(total - 1);
        assertThat(latest.get("value").asDouble()).isEqualTo(total - 1);
      }
    }
  }

  /**
   * Logs metric "loss" at steps {@code parity, parity + 2, ...}: each round a log-batch of {@code
   * perBatch} points and then one log-metric, value = step.
   */
  private static Void logSteps(Http server, String runId, int parity, int batches, int perBatch) {
    long step = parity;
    for (int b = 0; b < batches; b++) {
      ObjectNode batch = Http.object().put("run_id", runId);
      ArrayNode metrics = batch.putArray("metrics");
      for (int i = 0; i < perBatch; i++, step += 2) {
        metrics.add(
            Http.object()
                .put("key", "loss")
                .put("value", (double) step)
                .put("timestamp", 1_700_000_000_000L + step)
                .put("step", step));
      }
      assertThat(server.post("/api/2.0/mlflow/runs/log-batch", batch).status()).isEqualTo(200);
      ObjectNode one =
          Http.object()
              .put("run_id", runId)
              .put("key", "loss")
              .put("value", (double) step)
              .put("timestamp", 1_700_000_000_000L + step)
              .put("step", step);
      step += 2;
      assertThat(server.post("/api/2.0/mlflow/runs/log-metric", one).status()).isEqualTo(200);
    }
    return null;
  }

  @Test
  void aPageTokenFromOneServerPagesOnTheOther() throws Exception {
    try (AnotherServer second = startAnotherServer()) {
      Http other = second.http();
      String prefix = unique("tokens");
      String experimentId = null;
      for (int i = 0; i < 3; i++) {
        experimentId = createExperiment(prefix + "-" + i);
      }
      for (int i = 0; i < 3; i++) {
        createRun(experimentId);
      }
      String runId = createRun(experimentId).at("/info/run_id").asText();
      for (int step = 0; step < 3; step++) {
        logMetric(runId, "loss", step, step);
      }

      ObjectNode experiments =
          Http.object().put("filter", "name LIKE '" + prefix + "-%'").put("max_results", 2);
      String token =
          ok(http.post("/api/2.0/mlflow/experiments/search", experiments))
              .json()
              .get("next_page_token")
              .asText();
      assertThat(
              ok(other.post(
                      "/api/2.0/mlflow/experiments/search",
                      experiments.deepCopy().put("page_token", token)))
                  .json()
                  .path("experiments"))
          .hasSize(1);

      ObjectNode runs = Http.object().put("max_results", 3);
      runs.putArray("experiment_ids").add(experimentId);
      token =
          ok(http.post("/api/2.0/mlflow/runs/search", runs)).json().get("next_page_token").asText();
      assertThat(
              ok(other.post(
                      "/api/2.0/mlflow/runs/search", runs.deepCopy().put("page_token", token)))
                  .json()
                  .path("runs"))
          .hasSize(1);

      String history =
          "/api/2.0/mlflow/metrics/get-history?run_uuid="
              + runId
              + "&metric_key=loss&max_results=2";
      token = ok(http.get(history)).json().get("next_page_token").asText();
      assertThat(
              ok(other.get(history + "&page_token=" + q(token)))
                  .json()
                  .at("/metrics/0/step")
                  .asLong())
          .isEqualTo(2);
    }
  }
}
