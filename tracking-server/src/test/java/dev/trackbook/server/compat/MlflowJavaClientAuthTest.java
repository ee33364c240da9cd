package dev.trackbook.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

/**
 * The official MLflow Java client (2.17.2) against a server in {@code --auth} mode: the token goes
 * in its host credentials, which it sends as {@code Authorization: Bearer}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowJavaClientAuthTest {
  private SqliteTestServer server;

  @BeforeAll
  void start() throws Exception {
    server = SqliteTestServer.startWithAuth("trackbook-mlflow-java-auth-");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private dev.trackbook.server.model.Experiment experimentNamed(String name) {
    try {
      return server.store().getExperimentByName(name);
    } catch (dev.trackbook.server.error.TrackingException notFound) {
      return null;
    }
  }

  private MlflowClient client(String token) {
    return new MlflowClient(new BasicMlflowHostCreds(server.url(), token));
  }

  @Test
  void aWriteTokenLogsAndReadsBack() {
    try (MlflowClient client = client(server.tokens().create("java", Scope.WRITE).secret())) {
      String experimentId = client.createExperiment("java-auth");
      String runId = client.createRun(experimentId).getRunId();
      client.logParam(runId, "alpha", "0.5");
      client.logMetric(runId, "rmse", 0.25);
      client.setTag(runId, "via", "java");
      client.setTerminated(runId, RunStatus.FINISHED);
      assertThat(client.getRun(runId).getData().getMetrics(0).getValue()).isEqualTo(0.25);
      assertThat(client.searchRuns(List.of(experimentId), "params.alpha = '0.5'")).hasSize(1);
    }
    assertThat(server.store().getExperimentByName("java-auth")).isNotNull();
  }

  @Test
  void aReadTokenReadsButCannotWrite() {
    try (MlflowClient client = client(server.tokens().create("java reader", Scope.READ).secret())) {
      assertThat(client.getExperiment("0").getName()).isEqualTo("Default");
      assertThatThrownBy(() -> client.createExperiment("not-allowed"))
          .isInstanceOf(MlflowClientException.class)
          .hasMessageContaining("403")
          .hasMessageContaining("PERMISSION_DENIED");
    }
    assertThat(experimentNamed("not-allowed")).isNull();
  }

  @Test
  void withoutATokenOrWithARevokedOneNothingIsServed() {
    try (MlflowClient anonymous = new MlflowClient(server.url())) {
      assertThatThrownBy(() -> anonymous.getExperiment("0"))
          .isInstanceOf(MlflowClientException.class)
          .hasMessageContaining("401");
      assertThatThrownBy(() -> anonymous.createExperiment("anonymous"))
          .isInstanceOf(MlflowClientException.class)
          .hasMessageContaining("UNAUTHENTICATED");
    }
    var issued = server.tokens().create("soon revoked", Scope.WRITE);
    server.tokens().revoke(issued.token().id());
    try (MlflowClient revoked = client(issued.secret())) {
      assertThatThrownBy(() -> revoked.createExperiment("revoked"))
          .isInstanceOf(MlflowClientException.class)
          .hasMessageContaining("401");
    }
    assertThat(experimentNamed("anonymous")).isNull();
    assertThat(experimentNamed("revoked")).isNull();
  }
}
