package dev.trackbook.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.testsupport.MlflowPython;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Python {@code mlflow} client (2.17.2) against a server in {@code --auth} mode: with
 * MLFLOW_TRACKING_TOKEN it logs runs and artifacts; without it, or with a read token, no write gets
 * through.
 */
class MlflowPythonClientAuthIT {
  private static final String LOG_SCRIPT =
      """
      import json, os, tempfile
      import mlflow
      from mlflow import MlflowClient

      mlflow.set_experiment("python-auth")
      with tempfile.TemporaryDirectory() as d:
          report = os.path.join(d, "report.txt")
          with open(report, "w") as f:
              f.write("hello with a token")
          with mlflow.start_run(run_name="authed") as run:
              mlflow.log_param("alpha", "0.5")
              mlflow.log_metric("rmse", 0.25, step=0)
              mlflow.log_metric("rmse", 0.125, step=1)
              mlflow.log_artifact(report, artifact_path="reports")
          back = os.path.join(d, "back")
          os.mkdir(back)
          local = mlflow.artifacts.download_artifacts(
              run_id=run.info.run_id, artifact_path="reports/report.txt", dst_path=back)
          with open(local) as f:
              downloaded = f.read()
      found = MlflowClient().search_runs([run.info.experiment_id], "metrics.rmse < 0.2")
      print(json.dumps({"run_id": run.info.run_id, "found": len(found), "downloaded": downloaded}))
      """;

  /** Tries one read and one write; prints which succeeded and the HTTP status of a failure. */
  private static final String PROBE_SCRIPT =
      """
      import json
      from mlflow import MlflowClient
      from mlflow.exceptions import MlflowException

      def attempt(call):
          try:
              call()
              return "ok"
          except MlflowException as e:
              return e.get_http_status_code()

      client = MlflowClient()
      print(json.dumps({
          "read": attempt(lambda: client.search_experiments()),
          "write": attempt(lambda: client.create_experiment("must-not-exist")),
      }))
      """;

  private SqliteTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = SqliteTestServer.startWithAuth("trackbook-mlflow-python-auth-");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode runPython(String name, String script, String token) throws Exception {
    Map<String, String> env = new HashMap<>();
    if (token != null) {
      env.put("MLFLOW_TRACKING_TOKEN", token);
    }
    // no retries of refused requests, so a failing write fails fast
    env.put("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
    return new MlflowPython(server.dir(), server.url()).run(name, script, env);
  }

  @Test
  void withMlflowTrackingTokenThePythonClientLogsAndReadsBack() throws Exception {
    String token = server.tokens().create("python", Scope.WRITE).secret();
    JsonNode result = runPython("log", LOG_SCRIPT, token);

    String runId = result.get("run_id").asText();
    assertThat(result.get("found").asInt()).isEqualTo(1);
    assertThat(result.get("downloaded").asText()).isEqualTo("hello with a token");
    Run run = server.store().getRun(runId);
    assertThat(run.info().runName()).isEqualTo("authed");
    assertThat(server.store().getMetricHistory(runId, "rmse", 100, null).items())
        .extracting(Metric::value)
        .containsExactly(0.25, 0.125);
    assertThat(server.tokens().list().get(0).lastUsedTime()).isNotNull();
  }

  @Test
  void withoutATokenNothingIsServedAndAReadTokenCannotWrite() throws Exception {
    JsonNode anonymous = runPython("anonymous", PROBE_SCRIPT, null);
    assertThat(anonymous.get("read").asInt()).isEqualTo(401);
    assertThat(anonymous.get("write").asInt()).isEqualTo(401);

    JsonNode wrong = runPython("wrong", PROBE_SCRIPT, "tbk_" + "A".repeat(43));
    assertThat(wrong.get("write").asInt()).isEqualTo(401);

    JsonNode reader =
        runPython("reader", PROBE_SCRIPT, server.tokens().create("r", Scope.READ).secret());
    assertThat(reader.get("read").asText()).isEqualTo("ok");
    assertThat(reader.get("write").asInt()).isEqualTo(403);

    assertThat(server.store().searchExperiments(ViewType.ALL, null, List.of(), 10, null).items())
        .extracting(e -> e.name())
        .containsExactly("Default");
  }
}
