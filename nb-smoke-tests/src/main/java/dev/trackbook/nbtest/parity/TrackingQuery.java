package dev.trackbook.nbtest.parity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.client.Tracking;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.client.transport.RequestRejectedException;
import dev.trackbook.client.transport.ServerUnreachableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads runs back from a tracking server over its MLflow REST API, to check what a notebook or
 * pipeline logged, with the credentials the tracking client takes from the environment.
 */
public final class TrackingQuery {
  private final MlflowRestApi api;
  private final ObjectMapper json = new ObjectMapper();

  public TrackingQuery(String trackingUri) {
    this.api =
        new MlflowRestApi(
            trackingUri, Tracking.authorizationFromEnvironment(), Duration.ofSeconds(30));
  }

  /** Every run in every experiment that started at or after {@code sinceMillis} and matches. */
  public List<TrackedRun> runs(long sinceMillis, Predicate<TrackedRun> filter) throws IOException {
    List<String> experimentIds = new ArrayList<>();
    String pageToken = null;
    do {
      ObjectNode body = json.createObjectNode().put("max_results", 1000).put("view_type", "ALL");
      if (pageToken != null) {
        body.put("page_token", pageToken);
      }
      JsonNode page = post("experiments/search", body);
      page.path("experiments").forEach(e -> experimentIds.add(e.path("experiment_id").asText()));
      pageToken = page.path("next_page_token").asText(null);
    } while (pageToken != null && !pageToken.isEmpty());

    List<TrackedRun> runs = new ArrayList<>();
    for (int i = 0; i < experimentIds.size(); i += 100) {
      List<String> batch = experimentIds.subList(i, Math.min(experimentIds.size(), i + 100));
      pageToken = null;
      do {
        ObjectNode body =
            json.createObjectNode().put("max_results", 1000).put("run_view_type", "ALL");
        body.put("filter", "attributes.start_time >= " + sinceMillis);
        batch.forEach(body.putArray("experiment_ids")::add);
        if (pageToken != null) {
          body.put("page_token", pageToken);
        }
        JsonNode page = post("runs/search", body);
        for (JsonNode r : page.path("runs")) {
          TrackedRun run = parse(r);
          if (run.startTime() >= sinceMillis && filter.test(run)) {
            runs.add(run);
          }
        }
        pageToken = page.path("next_page_token").asText(null);
      } while (pageToken != null && !pageToken.isEmpty());
    }
    return runs;
  }

  private static TrackedRun parse(JsonNode r) {
    JsonNode info = r.path("info");
    Map<String, String> tags = new HashMap<>();
    r.path("data")
        .path("tags")
        .forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
    Map<String, String> params = new HashMap<>();
    r.path("data")
        .path("params")
        .forEach(p -> params.put(p.path("key").asText(), p.path("value").asText()));
    Map<String, Double> metrics = new HashMap<>();
    r.path("data")
        .path("metrics")
        .forEach(m -> metrics.put(m.path("key").asText(), m.path("value").asDouble()));
    return new TrackedRun(
        info.path("run_id").asText(),
        info.path("run_name").asText(tags.getOrDefault("mlflow.runName", "")),
        info.path("status").asText(),
        info.path("start_time").asLong(),
        tags.get("mlflow.parentRunId"),
        tags,
        params,
        metrics);
  }

  private JsonNode post(String endpoint, ObjectNode body) throws IOException {
    try {
      return json.readTree(api.postJson(endpoint, json.writeValueAsString(body)));
    } catch (ServerUnreachableException e) {
      throw new IOException(
          "tracking server "
              + api.trackingUri()
              + " unreachable for "
              + endpoint
              + ": "
              + e.getMessage(),
          e);
    } catch (RequestRejectedException e) {
      throw new IOException(
          "tracking server " + api.trackingUri() + " refused " + endpoint + ": " + e.getMessage(),
          e);
    }
  }
}
