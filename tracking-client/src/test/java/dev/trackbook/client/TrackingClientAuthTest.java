package dev.trackbook.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.auth.TokenStore;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the real server in {@code --auth} mode: a refused token loses nothing and is
 * reported once; a client with a good token on the same journal delivers everything exactly once.
 */
class TrackingClientAuthTest {
  @TempDir Path tmp;
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private LocalServer server;
  private TrackingStore store;
  private TokenStore tokens;

  @BeforeEach
  void start() {
    server = LocalServer.startWithAuth(tmp.resolve("server"));
    store = server.store();
    tokens = server.tokens();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private TrackingClient client(String authorization) throws IOException {
    return TrackingClient.builder()
        .trackingUri(server.uri())
        .journalDir(tmp.resolve("journal"))
        .flushInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ofSeconds(30))
        .authorization(authorization)
        .reporter(reports::add)
        .shutdownHook(false)
        .build();
  }

  @Test
  void aRefusedTokenLosesNothingAndAGoodOneDeliversEverythingOnce() throws IOException {
    Path report = Files.writeString(tmp.resolve("report.txt"), "accuracy 0.9");
    String wrong = "tbk_" + "x".repeat(43);
    try (TrackingClient client = client("Bearer " + wrong)) {
      assertThat(client.experiment("secure")).isNull();
      client.startRun("guarded");
      client.param("lr", 0.1);
      for (int i = 0; i < 300; i++) {
        client.metric("loss", 1.0 / (i + 1));
      }
      client.tag("team", "vision");
      client.artifact(report, "reports");
      client.endRun();
      assertThat(client.flush(Duration.ofSeconds(5))).isFalse();
    }
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0))
        .contains("refused the token")
        .contains("HTTP 401")
        .contains("MLFLOW_TRACKING_TOKEN")
        .contains("nothing is lost")
        .doesNotContain(wrong);

    // a read-only token is refused too (403), still without loss
    reports.clear();
    String reader = tokens.create("reader", Scope.READ).secret();
    try (TrackingClient client = client("Bearer " + reader)) {
      assertThat(client.flush(Duration.ofSeconds(5))).isFalse();
    }
    assertThat(reports).singleElement().asString().contains("HTTP 403").contains("write scope");
    assertThat(store.searchExperiments(ViewType.ALL, null, List.of(), 10, null).items())
        .extracting(e -> e.name())
        .containsExactly("Default");

    reports.clear();
    String writer = tokens.create("notebook", Scope.WRITE).secret();
    try (TrackingClient client = client("Bearer " + writer)) {
      assertThat(client.flush(Duration.ofSeconds(60))).isTrue();
    }
    assertThat(reports).noneMatch(r -> r.contains("rejected") || r.contains("refused"));
    String experimentId = store.getExperimentByName("secure").experimentId();
    List<Run> runs =
        store.searchRuns(List.of(experimentId), null, ViewType.ALL, 10, List.of(), null).items();
    assertThat(runs).hasSize(1);
    Run run = runs.get(0);
    String runId = run.info().runId();
    assertThat(run.info().status().name()).isEqualTo("FINISHED");
    List<Metric> loss = store.getMetricHistory(runId, "loss", 10_000, null).items();
    assertThat(loss).hasSize(300);
    assertThat(loss.stream().map(Metric::step).distinct().count()).isEqualTo(300);
    assertThat(run.data().params()).anySatisfy(p -> assertThat(p.value()).isEqualTo("0.1"));
    assertThat(run.data().tags()).anySatisfy(t -> assertThat(t.key()).isEqualTo("team"));
    String root = run.info().artifactUri().replace("mlflow-artifacts:/", "");
    assertThat(tmp.resolve("server/artifacts").resolve(root).resolve("reports/report.txt"))
        .hasContent("accuracy 0.9");
  }

  @Test
  void theTokenComesFromTrackbooksVariableThenMlflows() {
    Map<String, String> both =
        Map.of("TRACKBOOK_TRACKING_TOKEN", "tbk_ours", "MLFLOW_TRACKING_TOKEN", "tbk_theirs");
    assertThat(Tracking.authorizationFrom(both::get)).isEqualTo("Bearer tbk_ours");
    Map<String, String> mlflow = Map.of("MLFLOW_TRACKING_TOKEN", " tbk_theirs ");
    assertThat(Tracking.authorizationFrom(mlflow::get)).isEqualTo("Bearer tbk_theirs");
    Map<String, String> blank =
        Map.of("TRACKBOOK_TRACKING_TOKEN", " ", "MLFLOW_TRACKING_TOKEN", "t");
    assertThat(Tracking.authorizationFrom(blank::get)).isEqualTo("Bearer t");
    assertThat(Tracking.authorizationFrom(Map.<String, String>of()::get)).isNull();
  }
}
