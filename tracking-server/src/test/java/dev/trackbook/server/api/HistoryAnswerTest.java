package dev.trackbook.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.store.TrackingStore;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * History pages are written as raw bytes straight into the response (WireJson.MetricListJson): the
 * answer must still be the JSON the generator would write, and gzip when the client asks for it.
 */
class HistoryAnswerTest {
  private SqliteTestServer server;
  private TrackingStore store;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = SqliteTestServer.start("trackbook-history-");
    store = server.store();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> history(String run, String key, boolean gzip) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create(
                server.url()
                    + "/api/2.0/mlflow/metrics/get-history?run_id="
                    + run
                    + "&metric_key="
                    + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8)));
    if (gzip) {
      request.header("Accept-Encoding", "gzip");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aLargePageIsGzippedForClientsThatAskAndReadsBackExactly() throws Exception {
    String run = store.createRun("0", "u", 1, "r", List.of()).info().runId();
    String key = "val/loss ü \uD835\uDC65"; // non-ASCII and a non-BMP letter
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      points.add(new Metric(key, Math.exp(-i / 7.0), 1_700_000_000_000L + i, i));
    }
    points.set(3, new Metric(key, Double.NaN, 1_700_000_000_003L, 3));
    points.set(4, new Metric(key, Double.NEGATIVE_INFINITY, 1_700_000_000_004L, 4));
    store.logBatch(run, points, List.of(), List.of());

    HttpResponse<byte[]> zipped = history(run, key, true);
    assertThat(zipped.statusCode()).isEqualTo(200);
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] body = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
    assertThat(body).isEqualTo(history(run, key, false).body());

    JsonNode metrics = JsonEndpoints.MAPPER.readTree(body).get("metrics");
    assertThat(metrics).hasSize(1000);
    assertThat(metrics.get(2).get("key").asText()).isEqualTo(key);
    assertThat(metrics.get(2).get("value").asDouble()).isEqualTo(Math.exp(-2 / 7.0));
    assertThat(metrics.get(3).get("value").asText()).isEqualTo("NaN");
    // stored as MLflow stores it: the most negative finite double
    assertThat(metrics.get(4).get("value").asDouble()).isEqualTo(-Double.MAX_VALUE);
    assertThat(metrics.get(999).get("timestamp").asLong()).isEqualTo(1_700_000_000_999L);
    assertThat(metrics.get(999).get("step").asLong()).isEqualTo(999);
  }
}
