package dev.trackbook.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.auth.AccessControl;
import dev.trackbook.server.auth.JdbcTokenStore;
import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.auth.TokenStore;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
  private TrackingStore store;
  private TokenStore tokens;
  private TrackingServer server;

  @BeforeAll
  void start() throws Exception {
    Path dir = Files.createTempDirectory("trackbook-mlflow-java-auth-");
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

  @AfterAll
  void stop() {
    server.stop();
    store.close();
  }

  private dev.trackbook.server.model.Experiment experimentNamed(String name) {
    try {
      return store.getExperimentByName(name);
    } catch (dev.trackbook.server.error.TrackingException notFound) {
      return null;
    }
  }

  private MlflowClient client(String token) {
    return new MlflowClient(new BasicMlflowHostCreds(server.url(), token));
  }

  @Test
  void aWriteTokenLogsAndReadsBack() {
    try (MlflowClient client = client(tokens.create("java", Scope.WRITE).secret())) {
      String experimentId = client.createExperiment("java-auth");
      String runId = client.createRun(experimentId).getRunId();
      client.logParam(runId, "alpha", "0.5");
      client.logMetric(runId, "rmse", 0.25);
      client.setTag(runId, "via", "java");
      client.setTerminated(runId, RunStatus.FINISHED);
      assertThat(client.getRun(runId).getData().getMetrics(0).getValue()).isEqualTo(0.25);
      assertThat(client.searchRuns(List.of(experimentId), "params.alpha = '0.5'")).hasSize(1);
    }
    assertThat(store.getExperimentByName("java-auth")).isNotNull();
  }

  @Test
  void aReadTokenReadsButCannotWrite() {
    try (MlflowClient client = client(tokens.create("java reader", Scope.READ).secret())) {
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
    var issued = tokens.create("soon revoked", Scope.WRITE);
    tokens.revoke(issued.token().id());
    try (MlflowClient revoked = client(issued.secret())) {
      assertThatThrownBy(() -> revoked.createExperiment("revoked"))
          .isInstanceOf(MlflowClientException.class)
          .hasMessageContaining("401");
    }
    assertThat(experimentNamed("anonymous")).isNull();
    assertThat(experimentNamed("revoked")).isNull();
  }
}
