package dev.trackbook.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.auth.AccessControl;
import dev.trackbook.server.auth.JdbcTokenStore;
import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.auth.TokenStore;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  private Path dir;
  private TrackingStore store;
  private TokenStore tokens;
  private TrackingServer server;

  @BeforeEach
  void start() throws Exception {
    dir = Files.createTempDirectory("trackbook-mlflow-python-auth-");
    store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
    tokens = JdbcTokenStore.on(store, Clock.systemUTC());
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                store,
                new LocalArtifactRepository(dir.resolve("artifacts")),
                Clock.systemUTC(),
                AccessControl.bearerTokens(tokens))
            .start();
  }

  @AfterEach
  void stop() {
    server.stop();
    store.close();
  }

  private static String python() {
    String configured = System.getProperty("trackbook.python");
    return configured != null && !configured.isBlank()
        ? configured
        : "/work/main/.trackbook/venv/bin/python";
  }

  private JsonNode runPython(String name, String script, String token) throws Exception {
    Path file = dir.resolve(name + ".py");
    Files.writeString(file, script);
    ProcessBuilder pb = new ProcessBuilder(python(), file.toString());
    pb.environment().put("MLFLOW_TRACKING_URI", server.url());
    pb.environment().remove("MLFLOW_TRACKING_TOKEN");
    if (token != null) {
      pb.environment().put("MLFLOW_TRACKING_TOKEN", token);
    }
    pb.environment().put("GIT_PYTHON_REFRESH", "quiet");
    // no retries of refused requests, so a failing write fails fast
    pb.environment().put("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
    Path stderr = dir.resolve(name + ".stderr.txt");
    pb.redirectError(stderr.toFile());
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as("python failed:\n" + Files.readString(stderr) + out)
        .isZero();
    String lastLine = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    return new ObjectMapper().readTree(lastLine);
  }

  @Test
  void withMlflowTrackingTokenThePythonClientLogsAndReadsBack() throws Exception {
    String token = tokens.create("python", Scope.WRITE).secret();
    JsonNode result = runPython("log", LOG_SCRIPT, token);

    String runId = result.get("run_id").asText();
    assertThat(result.get("found").asInt()).isEqualTo(1);
    assertThat(result.get("downloaded").asText()).isEqualTo("hello with a token");
    Run run = store.getRun(runId);
    assertThat(run.info().runName()).isEqualTo("authed");
    assertThat(store.getMetricHistory(runId, "rmse", 100, null).items())
        .extracting(Metric::value)
        .containsExactly(0.25, 0.125);
    assertThat(tokens.list().get(0).lastUsedTime()).isNotNull();
  }

  @Test
  void withoutATokenNothingIsServedAndAReadTokenCannotWrite() throws Exception {
    JsonNode anonymous = runPython("anonymous", PROBE_SCRIPT, null);
    assertThat(anonymous.get("read").asInt()).isEqualTo(401);
    assertThat(anonymous.get("write").asInt()).isEqualTo(401);

    JsonNode wrong = runPython("wrong", PROBE_SCRIPT, "tbk_" + "A".repeat(43));
    assertThat(wrong.get("write").asInt()).isEqualTo(401);

    JsonNode reader = runPython("reader", PROBE_SCRIPT, tokens.create("r", Scope.READ).secret());
    assertThat(reader.get("read").asText()).isEqualTo("ok");
    assertThat(reader.get("write").asInt()).isEqualTo(403);

    assertThat(store.searchExperiments(ViewType.ALL, null, List.of(), 10, null).items())
        .extracting(e -> e.name())
        .containsExactly("Default");
  }
}
