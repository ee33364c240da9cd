package dev.trackbook.magics.browse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.magics.MagicUsageException;
import dev.trackbook.magics.browse.RunHistory.Point;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads runs and metric histories from the tracking server over MLflow's REST API (the display
 * magics read what the server has; they never go through the client's journal). Every failure
 * becomes one {@link MagicUsageException} line: the server is unreachable, or it answered with an
 * MLflow error.
 */
final class ServerReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  private static final String API = "/api/2.0/mlflow/";

  private final String baseUri;
  private final String magic;
  private final HttpClient http;

  /**
   * @param baseUri the server, e.g. {@code http://localhost:5000}
   * @param magic the magic reading, for error messages ({@code %runs})
   */
  ServerReader(String baseUri, String magic) {
    this.baseUri = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
    this.magic = magic;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /**
   * The newest {@code max} runs of all active experiments matching {@code filter} (MLflow search
   * syntax).
   */
  List<RunSummary> recentRuns(String filter, int max) {
    ObjectNode experimentsRequest = JSON.createObjectNode().put("max_results", 1000);
    JsonNode experiments = post("experiments/search", experimentsRequest).path("experiments");
    ObjectNode request = JSON.createObjectNode();
    ArrayNode ids = request.putArray("experiment_ids");
    experiments.forEach(e -> ids.add(e.path("experiment_id").asText()));
    if (ids.isEmpty()) {
      return List.of();
    }
    request.put("filter", filter).put("max_results", max).put("run_view_type", "ACTIVE_ONLY");
    request.putArray("order_by").add("attributes.start_time DESC");
    List<RunSummary> runs = new ArrayList<>();
    for (JsonNode run : post("runs/search", request).path("runs")) {
      JsonNode info = run.path("info");
      Map<String, String> params = new TreeMap<>();
      run.path("data")
          .path("params")
          .forEach(p -> params.put(p.path("key").asText(), p.path("value").asText()));
      Map<String, Double> metrics = new TreeMap<>();
      run.path("data")
          .path("metrics")
          .forEach(m -> metrics.put(m.path("key").asText(), m.path("value").asDouble()));
      runs.add(
          new RunSummary(
              info.path("run_id").asText(),
              info.path("run_name").asText(""),
              info.path("experiment_id").asText(),
              info.path("status").asText(),
              info.path("start_time").asLong(0),
              info.path("end_time").asLong(0),
              params,
              metrics));
    }
    return runs;
  }

  /** Every metric history of one run, ordered by step. */
  RunHistory history(String runId) {
    JsonNode run = get("runs/get?run_id=" + encode(runId)).path("run");
    Map<String, List<Point>> metrics = new TreeMap<>();
    for (JsonNode metric : run.path("data").path("metrics")) {
      String key = metric.path("key").asText();
      List<Point> points = new ArrayList<>();
      String pageToken = null;
      do {
        String query = "metrics/get-history?run_id=" + encode(runId) + "&metric_key=" + encode(key);
        if (pageToken != null) {
          query += "&page_token=" + encode(pageToken);
        }
        JsonNode page = get(query);
        page.path("metrics")
            .forEach(
                m -> points.add(new Point(m.path("step").asLong(), m.path("value").asDouble())));
        pageToken = page.path("next_page_token").asText(null);
      } while (pageToken != null && !pageToken.isEmpty());
      points.sort(Comparator.comparingLong(Point::step));
      metrics.put(key, points);
    }
    return new RunHistory(
        runId, run.path("info").path("run_name").asText(""), new LinkedHashMap<>(metrics));
  }

  private JsonNode post(String endpoint, JsonNode body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUri + API + endpoint))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .timeout(REQUEST_TIMEOUT)
            .build());
  }

  private JsonNode get(String endpointAndQuery) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUri + API + endpointAndQuery))
            .GET()
            .timeout(REQUEST_TIMEOUT)
            .build());
  }

  private JsonNode send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw error(
          "cannot reach the tracking server at "
              + baseUri
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw error("interrupted while reading from " + baseUri);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw error(
          "the tracking server at "
              + baseUri
              + " answered HTTP "
              + response.statusCode()
              + ", not JSON");
    }
    if (response.statusCode() / 100 != 2) {
      throw error(
          body.path("error_code").asText("HTTP " + response.statusCode())
              + ": "
              + body.path("message").asText("").replace('\n', ' '));
    }
    return body;
  }

  private MagicUsageException error(String message) {
    return new MagicUsageException(magic + ": " + message);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
