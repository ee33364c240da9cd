package dev.trackbook.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.RunStatus;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.testsupport.MlflowPython;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Python {@code mlflow} client (2.17.2, from the venv {@code scripts/ensure-python-env} makes)
 * logs to a Trackbook server; then the test reads what the store and artifact root hold.
 */
class MlflowPythonClientIT {
  private static final String SCRIPT =
      """
      import json, os, sys, tempfile
      import mlflow
      from mlflow import MlflowClient

      mlflow.set_experiment("python-client")
      with tempfile.TemporaryDirectory() as d:
          report = os.path.join(d, "report.txt")
          with open(report, "w") as f:
              f.write("hello from python")
          run = mlflow.start_run(run_name="py-run")
          mlflow.log_param("alpha", "0.5")
          mlflow.log_params({"beta": 2, "gamma": "x"})
          mlflow.log_metric("rmse", 0.25, step=0)
          mlflow.log_metric("rmse", 0.125, step=1)
          mlflow.log_metric("nan_metric", float("nan"))
          mlflow.set_tag("source", "python")
          mlflow.log_artifact(report, artifact_path="reports")
          mlflow.end_run()

      from mlflow.models import Model
      # What every mlflow.<flavor>.log_model sends: runs/log-model (501 made it warn).
      for path in ("model", "model2"):
          MlflowClient()._record_logged_model(run.info.run_id, Model(
              artifact_path=path, run_id=run.info.run_id,
              flavors={"python_function": {"loader_module": "m", "config": {"secret": 1}}}))

      client = MlflowClient()
      found = client.search_runs(
          [run.info.experiment_id], "metrics.rmse < 0.2 AND params.alpha = '0.5'",
          order_by=["metrics.rmse ASC"])
      artifacts = client.list_artifacts(run.info.run_id, "reports")
      history = client.get_metric_history(run.info.run_id, "rmse")
      print(json.dumps({
          "run_id": run.info.run_id,
          "experiment_id": run.info.experiment_id,
          "found": [r.info.run_id for r in found],
          "artifacts": [a.path for a in artifacts],
          "history": [m.value for m in history],
          "logged_models": json.loads(
              client.get_run(run.info.run_id).data.tags["mlflow.log-model.history"]),
      }))
      """;

  // What the Python client makes of a deleted experiment: MLflow's codes, and the client's own
  // refusal in set_experiment, which needs get-by-name to return the deleted experiment.
  private static final String DELETED_SCRIPT =
      """
      import json
      import mlflow
      from mlflow import MlflowClient
      from mlflow.exceptions import MlflowException

      def refused(call):
          try:
              call()
              return None
          except MlflowException as e:
              return {"code": e.error_code, "message": e.message}

      client = MlflowClient()
      experiment_id = mlflow.create_experiment("py-deleted")
      client.delete_experiment(experiment_id)
      answers = {
          "create": refused(lambda: mlflow.create_experiment("py-deleted")),
          "set": refused(lambda: mlflow.set_experiment("py-deleted")),
          "delete": refused(lambda: client.delete_experiment(experiment_id)),
      }
      client.restore_experiment(experiment_id)
      answers["restore"] = refused(lambda: client.restore_experiment(experiment_id))
      answers["id"] = experiment_id
      print(json.dumps(answers))
      """;

  private SqliteTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = SqliteTestServer.start("trackbook-mlflow-python-");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pythonClientLogsRunsParamsMetricsArtifactsAndSearches() throws Exception {
    JsonNode result = new MlflowPython(server.dir(), server.url()).run("client", SCRIPT);
    String runId = result.get("run_id").asText();
    String experimentId = result.get("experiment_id").asText();

    assertThat(server.store().getExperimentByName("python-client").experimentId())
        .isEqualTo(experimentId);
    Run run = server.store().getRun(runId);
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.info().endTime()).isNotNull();
    assertThat(run.info().runName()).isEqualTo("py-run");
    Map<String, String> params =
        run.data().params().stream().collect(Collectors.toMap(Param::key, Param::value));
    assertThat(params).containsEntry("alpha", "0.5").containsEntry("beta", "2");
    assertThat(params).containsEntry("gamma", "x");
    Map<String, String> tags =
        run.data().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    assertThat(tags).containsEntry("source", "python");
    Map<String, Double> metrics =
        run.data().metrics().stream().collect(Collectors.toMap(Metric::key, Metric::value));
    assertThat(metrics.get("rmse")).isEqualTo(0.125);
    assertThat(metrics.get("nan_metric")).isNaN();

    assertThat(server.store().getMetricHistory(runId, "rmse", 100, null).items())
        .extracting(Metric::value)
        .containsExactly(0.25, 0.125);
    assertThat(result.get("history").toString()).isEqualTo("[0.25,0.125]");
    assertThat(result.get("found").toString()).isEqualTo("[\"" + runId + "\"]");
    assertThat(result.get("artifacts").toString()).isEqualTo("[\"reports/report.txt\"]");
    JsonNode logged = result.get("logged_models");
    assertThat(logged).hasSize(2);
    assertThat(logged.get(0).get("artifact_path").asText()).isEqualTo("model");
    assertThat(logged.get(1).get("artifact_path").asText()).isEqualTo("model2");
    assertThat(logged.get(0).get("run_id").asText()).isEqualTo(runId);
    assertThat(logged.get(0).has("utc_time_created")).isTrue();
    // MLflow's tag form: a flavor's config is left out.
    assertThat(logged.get(0).at("/flavors/python_function/loader_module").asText()).isEqualTo("m");
    assertThat(logged.get(0).at("/flavors/python_function").has("config")).isFalse();

    Path stored =
        server
            .artifactRoot()
            .resolve(experimentId)
            .resolve(runId)
            .resolve("artifacts/reports/report.txt");
    assertThat(stored).hasContent("hello from python");
    assertThat(List.of(run.info().artifactUri()))
        .containsExactly("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");
  }

  @Test
  void pythonClientGetsMlflowsAnswersAboutADeletedExperiment() throws Exception {
    JsonNode answers = new MlflowPython(server.dir(), server.url()).run("deleted", DELETED_SCRIPT);
    String id = answers.get("id").asText();

    assertThat(answers.at("/create/code").asText()).isEqualTo("RESOURCE_ALREADY_EXISTS");
    assertThat(answers.at("/create/message").asText()).contains("deleted state (id " + id + ")");
    assertThat(answers.at("/set/message").asText())
        .contains("Cannot set a deleted experiment 'py-deleted'");
    assertThat(answers.at("/delete/code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(answers.at("/restore/code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
  }
}
