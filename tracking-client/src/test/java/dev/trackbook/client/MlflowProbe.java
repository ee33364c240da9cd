package dev.trackbook.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads what reached a server through MLflow's REST API, the way any MLflow client would. */
final class MlflowProbe {
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  MlflowProbe(String trackingUri) {
    this.base = trackingUri;
  }

  JsonNode run(String runId) {
    return get("/api/2.0/mlflow/runs/get?run_id=" + enc(runId)).path("run");
  }

  /** Ends a run as a person (or another tool) would, past the client. */
  void endRun(String runId, String status, long endTime) {
    ObjectNode body = json.createObjectNode();
    body.put("run_id", runId);
    body.put("status", status);
    body.put("end_time", endTime);
    post("/api/2.0/mlflow/runs/update", body);
  }

  String experimentId(String name) {
    return get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + enc(name))
        .path("experiment")
        .path("experiment_id")
        .asText();
  }

  List<JsonNode> searchRuns(String experimentId, String filter) {
    List<JsonNode> runs = new ArrayList<>();
    String token = null;
    do {
      ObjectNode body = json.createObjectNode();
      body.putArray("experiment_ids").add(experimentId);
      body.put("filter", filter == null ? "" : filter);
      body.put("run_view_type", "ALL");
      body.put("max_results", 1000);
      if (token != null) {
        body.put("page_token", token);
      }
      JsonNode page = post("/api/2.0/mlflow/runs/search", body);
      page.path("runs").forEach(runs::add);
      token = page.path("next_page_token").asText(null);
    } while (token != null && !token.isEmpty());
    return runs;
  }

  /** Every point of a metric, following page tokens. */
  List<JsonNode> history(String runId, String key) {
    List<JsonNode> points = new ArrayList<>();
    String token = null;
    do {
      String query =
          "/api/2.0/mlflow/metrics/get-history?run_id="
              + enc(runId)
              + "&metric_key="
              + enc(key)
              + "&max_results=25000"
              + (token == null ? "" : "&page_token=" + enc(token));
      JsonNode page = get(query);
      page.path("metrics").forEach(points::add);
      token = page.path("next_page_token").asText(null);
    } while (token != null && !token.isEmpty());
    return points;
  }

  static Map<String, String> tags(JsonNode run) {
    return keyValues(run.path("data").path("tags"));
  }

  static Map<String, String> params(JsonNode run) {
    return keyValues(run.path("data").path("params"));
  }

  private static Map<String, String> keyValues(JsonNode array) {
    Map<String, String> map = new HashMap<>();
    array.forEach(kv -> map.put(kv.path("key").asText(), kv.path("value").asText()));
    return map;
  }

  byte[] artifact(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + path))
            .GET()
            .build());
  }

  private JsonNode get(String path) {
    return parse(send(HttpRequest.newBuilder(URI.create(base + path)).GET().build()));
  }

  private JsonNode post(String path, ObjectNode body) {
    return parse(
        send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build()));
  }

  private byte[] send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new AssertionError(
            request.method()
                + " "
                + request.uri()
                + " -> "
                + response.statusCode()
                + " "
                + new String(response.body(), StandardCharsets.UTF_8));
      }
      return response.body();
    } catch (IOException e) {
      throw new AssertionError(request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private JsonNode parse(byte[] body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
