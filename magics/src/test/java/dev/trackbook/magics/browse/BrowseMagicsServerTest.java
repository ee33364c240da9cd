package dev.trackbook.magics.browse;

import static dev.trackbook.magics.MagicAssertions.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.magics.MagicUsageException;
import dev.trackbook.magics.RecordingSession;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %runs} and {@code %compare} reading from a real tracking server over MLflow's REST API.
 */
class BrowseMagicsServerTest {

  @TempDir static Path dir;
  private static TrackingStore store;
  private static TrackingServer server;
  private static String baseline;
  private static String tuned;

  @BeforeAll
  static void start() throws Exception {
    store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                store,
                new LocalArtifactRepository(dir.resolve("artifacts")),
                Clock.systemUTC())
            .start();
    baseline = createRun("<b>baseline</b>", "adam", new double[] {1.0, 0.6, 0.4});
    tuned = createRun("tuned", "sgd", new double[] {0.9, 0.3});
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    store.close();
  }

  @Test
  void runsShowsRecentRunsEscapedAndFiltered() {
    RecordingSession session = new RecordingSession(server.url());
    new RunsMagic().run(session, parse(new RunsMagic(), ""), null);
    assertThat(session.html).hasSize(1);
    String table = session.html.get(0);
    assertThat(table)
        .contains(baseline, tuned, "&lt;b&gt;baseline&lt;/b&gt;", "opt=adam", "loss=0.4")
        .doesNotContain("<b>baseline</b>");
    assertThat(table.indexOf(tuned)).as("newest first").isLessThan(table.indexOf(baseline));

    RecordingSession filtered = new RecordingSession(server.url());
    new RunsMagic().run(filtered, parse(new RunsMagic(), "params.opt = 'sgd'"), null);
    assertThat(filtered.html.get(0)).contains(tuned).doesNotContain(baseline);
  }

  @Test
  void compareDrawsOneChartPerMetric() throws Exception {
    RecordingSession session = new RecordingSession(server.url());
    new CompareMagic().run(session, parse(new CompareMagic(), baseline + " " + tuned), null);
    assertThat(session.png).hasSize(1);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(session.png.get(0)));
    assertThat(image.getHeight()).as("loss only").isEqualTo(MetricChart.HEIGHT_PER_METRIC);
  }

  @Test
  void serverErrorsAreOneLine() throws Exception {
    RecordingSession session = new RecordingSession(server.url());
    assertThatThrownBy(
            () -> new CompareMagic().run(session, parse(new CompareMagic(), "nosuchrun"), null))
        .isInstanceOf(MagicUsageException.class)
        .hasMessageStartingWith("%compare: RESOURCE_DOES_NOT_EXIST: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(
            () -> new RunsMagic().run(session, parse(new RunsMagic(), "params.opt ==="), null))
        .isInstanceOf(MagicUsageException.class)
        .hasMessageStartingWith("%runs: INVALID_PARAMETER_VALUE: ");

    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    RecordingSession down = new RecordingSession("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> new RunsMagic().run(down, parse(new RunsMagic(), ""), null))
        .hasMessage(
            "%runs: cannot reach the tracking server at http://127.0.0.1:"
                + port
                + " (ConnectException)");
  }

  private static String createRun(String name, String opt, double[] losses) throws Exception {
    JsonNode created =
        post(
            "runs/create",
            "{\"experiment_id\":\"0\",\"run_name\":\"" + name.replace("\"", "\\\"") + "\"}");
    String runId = created.path("run").path("info").path("run_id").asText();
    StringBuilder metrics = new StringBuilder();
    for (int step = 0; step < losses.length; step++) {
      metrics
          .append(step == 0 ? "" : ",")
          .append("{\"key\":\"loss\",\"value\":")
          .append(losses[step])
          .append(",\"timestamp\":1,\"step\":")
          .append(step)
          .append('}');
    }
    post(
        "runs/log-batch",
        "{\"run_id\":\""
            + runId
            + "\",\"params\":[{\"key\":\"opt\",\"value\":\""
            + opt
            + "\"}],\"metrics\":["
            + metrics
            + "]}");
    Thread.sleep(5); // distinct start times: the table is ordered by them
    return runId;
  }

  private static JsonNode post(String endpoint, String json) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + endpoint))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
  }

  @Test
  void runsReadsAServerThatRequiresATokenWithTheSessionsCredentials(@TempDir Path secured)
      throws Exception {
    TrackingStore securedStore = StoreFactory.open("sqlite:" + secured.resolve("mlruns.db"));
    dev.trackbook.server.auth.TokenStore tokens =
        dev.trackbook.server.auth.JdbcTokenStore.on(securedStore, Clock.systemUTC());
    TrackingServer guarded =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                securedStore,
                new LocalArtifactRepository(secured.resolve("artifacts")),
                Clock.systemUTC(),
                dev.trackbook.server.auth.AccessControl.bearerTokens(tokens))
            .start();
    try {
      RecordingSession anonymous = new RecordingSession(guarded.url());
      assertThatThrownBy(() -> new RunsMagic().run(anonymous, parse(new RunsMagic(), ""), null))
          .isInstanceOf(MagicUsageException.class)
          .hasMessageStartingWith("%runs: the tracking server at " + guarded.url())
          .hasMessageContaining("refused the credentials");

      RecordingSession reader = new RecordingSession(guarded.url());
      reader.authorization =
          "Bearer " + tokens.create("reader", dev.trackbook.server.auth.Scope.READ).secret();
      new RunsMagic().run(reader, parse(new RunsMagic(), ""), null);
      assertThat(String.join("", reader.html) + String.join("", reader.printed))
          .contains("No runs.");
    } finally {
      guarded.close();
      securedStore.close();
    }
  }
}
