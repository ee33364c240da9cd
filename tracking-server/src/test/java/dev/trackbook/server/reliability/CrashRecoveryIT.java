package dev.trackbook.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.testsupport.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's crash test: the server, a separate JVM on a SQLite file, is killed with SIGKILL while 8
 * writers send log-batch requests, then restarted on the same file. Every batch whose request was
 * answered 200 must be there in full, and no batch may be there in part (metrics, param and tag of
 * one request are one transaction). A second test: 10 writers at once through HTTP, no lock errors
 * and no lost writes.
 */
class CrashRecoveryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int WRITERS = 8;
  private static final int POINTS_PER_BATCH = 100;

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void sigkillMidIngestLosesNoAcknowledgedBatchAndLeavesNoHalfBatch() throws Exception {
    Path db = dir.resolve("mlruns.db");
    Path artifacts = dir.resolve("artifacts");
    List<String> runs = new ArrayList<>();
    Map<String, Set<Integer>> acked = new ConcurrentHashMap<>();
    AtomicInteger ackedTotal = new AtomicInteger();
    AtomicInteger cutOff = new AtomicInteger();
    try (ServerProcess server = ServerProcess.start(db, artifacts)) {
      String exp =
          post(server.url(), "experiments/create", "{\"name\":\"crash\"}")
              .get("experiment_id")
              .asText();
      for (int w = 0; w < WRITERS; w++) {
        String run =
            post(server.url(), "runs/create", "{\"experiment_id\":\"" + exp + "\"}")
                .path("run")
                .path("info")
                .path("run_id")
                .asText();
        runs.add(run);
        acked.put(run, ConcurrentHashMap.newKeySet());
      }
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<?>> writers = new ArrayList<>();
        for (String run : runs) {
          writers.add(
              pool.submit(
                  () -> {
                    // each writer logs batch after batch until the server is gone
                    for (int b = 0; b < 100_000; b++) {
                      HttpResponse<String> r;
                      try {
                        r = send(server.url(), "runs/log-batch", batch(run, b));
                      } catch (IOException connectionLost) {
                        cutOff.incrementAndGet();
                        return null;
                      }
                      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                      acked.get(run).add(b);
                      ackedTotal.incrementAndGet();
                    }
                    return null;
                  }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ackedTotal.get() < WRITERS * 25 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        server.kill(); // SIGKILL while all writers are sending
        for (Future<?> writer : writers) {
          writer.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(ackedTotal.get()).isGreaterThanOrEqualTo(WRITERS * 25);
    assertThat(cutOff.get()).as("writers cut off by the kill").isEqualTo(WRITERS);

    try (ServerProcess restarted = ServerProcess.start(db, artifacts)) {
      for (String run : runs) {
        Map<Integer, Integer> pointsPerBatch = new HashMap<>();
        for (JsonNode m : history(restarted.url(), run, "m")) {
          pointsPerBatch.merge((int) (m.get("step").asLong() / POINTS_PER_BATCH), 1, Integer::sum);
        }
        JsonNode data = get(restarted.url(), "runs/get?run_id=" + run).path("run").path("data");
        Set<String> params = keys(data.path("params"));
        Set<String> tags = keys(data.path("tags"));
        for (int b : acked.get(run)) {
          assertThat(pointsPerBatch.get(b))
              .as("acknowledged batch %d of %s", b, run)
              .isEqualTo(100);
        }
        for (Map.Entry<Integer, Integer> e : pointsPerBatch.entrySet()) {
          int b = e.getKey();
          assertThat(e.getValue()).as("batch %d of %s is whole", b, run).isEqualTo(100);
          assertThat(params).as("param of batch %d", b).contains("p" + b);
          assertThat(tags).as("tag of batch %d", b).contains("t" + b);
        }
        // nothing of a batch that is not there: no stray param or tag either
        for (String p : params) {
          assertThat(pointsPerBatch).containsKey(Integer.parseInt(p.substring(1)));
        }
        for (String t : tags) {
          if (t.matches("t\\d+")) { // the batches' tags, not the server's mlflow.* ones
            assertThat(pointsPerBatch)
                .as("tag %s", t)
                .containsKey(Integer.parseInt(t.substring(1)));
          }
        }
      }
      // and the restarted server takes writes on the same file
      JsonNode ok = post(restarted.url(), "runs/log-batch", batch(runs.get(0), 99_999));
      assertThat(ok.isObject()).isTrue();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void tenConcurrentWritersThroughHttpGetNoLockErrorsAndLoseNothing() throws Exception {
    int writers = 10;
    int calls = 60;
    try (ServerProcess server = ServerProcess.start(dir.resolve("w.db"), dir.resolve("a"))) {
      String shared =
          post(server.url(), "runs/create", "{\"experiment_id\":\"0\"}")
              .path("run")
              .path("info")
              .path("run_id")
              .asText();
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < calls; i++) {
                      // alternate single calls and batches into the one shared run
                      String path = i % 2 == 0 ? "runs/log-metric" : "runs/log-batch";
                      String body =
                          i % 2 == 0
                              ? "{\"run_id\":\""
                                  + shared
                                  + "\",\"key\":\"w"
                                  + writer
                                  + "\",\"value\":"
                                  + i
                                  + ",\"timestamp\":"
                                  + i
                                  + ",\"step\":"
                                  + i
                                  + "}"
                              : "{\"run_id\":\""
                                  + shared
                                  + "\",\"metrics\":[{\"key\":\"w"
                                  + writer
                                  + "\",\"value\":"
                                  + i
                                  + ",\"timestamp\":"
                                  + i
                                  + ",\"step\":"
                                  + i
                                  + "}],\"tags\":[{\"key\":\"last\","
                                  + "\"value\":\""
                                  + writer
                                  + "\"}]}";
                      HttpResponse<String> r = send(server.url(), path, body);
                      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(3, TimeUnit.MINUTES); // rethrows a writer's failure, "database is locked" included
        }
      } finally {
        pool.shutdownNow();
      }
      for (int w = 0; w < writers; w++) {
        List<JsonNode> points = history(server.url(), shared, "w" + w);
        Set<Long> steps = new HashSet<>();
        points.forEach(p -> steps.add(p.get("step").asLong()));
        assertThat(points).hasSize(calls);
        assertThat(steps).hasSize(calls);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static String batch(String run, int b) {
    ObjectNode body = JSON.createObjectNode().put("run_id", run);
    ArrayNode metrics = body.putArray("metrics");
    for (int i = 0; i < POINTS_PER_BATCH; i++) {
      long step = (long) b * POINTS_PER_BATCH + i;
      metrics
          .addObject()
          .put("key", "m")
          .put("value", step * 0.5)
          .put("timestamp", step)
          .put("step", step);
    }
    body.putArray("params").addObject().put("key", "p" + b).put("value", "v");
    body.putArray("tags").addObject().put("key", "t" + b).put("value", "v");
    return body.toString();
  }

  private List<JsonNode> history(String url, String run, String key) throws Exception {
    List<JsonNode> points = new ArrayList<>();
    String token = null;
    do {
      JsonNode page =
          get(
              url,
              "metrics/get-history?run_id="
                  + run
                  + "&metric_key="
                  + key
                  + "&max_results=25000"
                  + (token == null
                      ? ""
                      : "&page_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
      page.path("metrics").forEach(points::add);
      token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
    } while (token != null);
    return points;
  }

  private static Set<String> keys(JsonNode list) {
    Set<String> keys = new HashSet<>();
    list.forEach(n -> keys.add(n.get("key").asText()));
    return keys;
  }

  private HttpResponse<String> send(String url, String path, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow/" + path))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode post(String url, String path, String body) throws Exception {
    HttpResponse<String> r = send(url, path, body);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode get(String url, String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/api/2.0/mlflow/" + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(pathAndQuery + " " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
