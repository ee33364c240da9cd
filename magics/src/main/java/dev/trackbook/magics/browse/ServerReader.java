package dev.trackbook.magics.browse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.client.transport.CredentialsRejectedException;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.client.transport.RequestRejectedException;
import dev.trackbook.client.transport.ServerUnreachableException;
import dev.trackbook.magics.MagicUsageException;
import dev.trackbook.magics.browse.RunHistory.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads runs and metric histories from the tracking server over MLflow's REST API (the display
 * magics read what the server has; they never go through the client's journal), with the session's
 * credentials. Every failure becomes one {@link MagicUsageException} line: the server is
 * unreachable, or it answered with an MLflow error.
 */
final class ServerReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final String baseUri; // for messages: the api's, without a trailing slash
  private final String magic;
  private final MlflowRestApi api;

  /**
   * @param baseUri the server, e.g. {@code http://localhost:5000}
   * @param authorization the {@code Authorization} header value, or null
   * @param magic the magic reading, for error messages ({@code %runs})
   */
  ServerReader(String baseUri, String authorization, String magic) {
    this.api = new MlflowRestApi(baseUri, authorization, REQUEST_TIMEOUT);
    this.baseUri = api.trackingUri();
    this.magic = magic;
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

  private JsonNode post(String endpoint, ObjectNode body) {
    try {
      return parse(api.postJson(endpoint, body.toString()));
    } catch (ServerUnreachableException e) {
      throw unreachable(e);
    } catch (RequestRejectedException e) {
      throw rejected(e);
    }
  }

  private JsonNode get(String endpointAndQuery) {
    try {
      return parse(api.getJson(endpointAndQuery));
    } catch (ServerUnreachableException e) {
      throw unreachable(e);
    } catch (RequestRejectedException e) {
      throw rejected(e);
    }
  }

  private JsonNode parse(String answer) {
    try {
      return JSON.readTree(answer);
    } catch (java.io.IOException e) {
      throw error(
          "the tracking server at " + baseUri + " answered with something that is not JSON");
    }
  }

  private MagicUsageException unreachable(ServerUnreachableException e) {
    if (e instanceof CredentialsRejectedException) {
      return error(
          "the tracking server at " + baseUri + " refused the credentials: " + e.getMessage());
    }
    if (e.answered()) { // 5xx, 429
      return error(
          "the tracking server at " + baseUri + " could not answer now: " + e.getMessage());
    }
    // The exception's own message repeats the URL: the cause's kind is what the user needs.
    return error(
        "cannot reach the tracking server at "
            + baseUri
            + " ("
            + e.getCause().getClass().getSimpleName()
            + ")");
  }

  private MagicUsageException rejected(RequestRejectedException e) {
    return error(e.errorCode() + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
  }

  private MagicUsageException error(String message) {
    return new MagicUsageException(magic + ": " + message);
  }

  private static String encode(String value) {
    return MlflowRestApi.encode(value);
  }
}
