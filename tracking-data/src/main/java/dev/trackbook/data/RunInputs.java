package dev.trackbook.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.data.dataset.DatasetProfile;
import dev.trackbook.data.dataset.MlflowDatasetJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * MLflow's {@code runs/log-inputs} and the inputs of {@code runs/get}, over HTTP. The tracking
 * client does not journal dataset inputs yet, so this call goes to the server directly and fails
 * with a one-line message when the server is unreachable.
 */
final class RunInputs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String baseUri;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  RunInputs(String trackingUri) {
    this.baseUri =
        trackingUri.endsWith("/")
            ? trackingUri.substring(0, trackingUri.length() - 1)
            : trackingUri;
  }

  void log(String runId, DatasetProfile profile, String context) {
    ObjectNode body = JSON.createObjectNode().put("run_id", runId);
    ObjectNode input = body.putArray("datasets").addObject();
    var tags = input.putArray("tags");
    for (Map.Entry<String, String> t : MlflowDatasetJson.inputTags(context).entrySet()) {
      tags.addObject().put("key", t.getKey()).put("value", t.getValue());
    }
    input.set("dataset", MlflowDatasetJson.dataset(profile));
    send(
        HttpRequest.newBuilder(URI.create(baseUri + "/api/2.0/mlflow/runs/log-inputs"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** The latest input called {@code name} of the run, or null. */
  DatasetProfile find(String runId, String name) {
    JsonNode run =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        baseUri
                            + "/api/2.0/mlflow/runs/get?run_id="
                            + URLEncoder.encode(runId, StandardCharsets.UTF_8)))
                .GET());
    DatasetProfile found = null;
    for (JsonNode input : run.path("run").path("inputs").path("dataset_inputs")) {
      JsonNode dataset = input.path("dataset");
      if (name.equals(dataset.path("name").asText())) {
        found = MlflowDatasetJson.parse(dataset);
      }
    }
    return found;
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "tracking server " + baseUri + " is unreachable (" + e.getClass().getSimpleName() + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while talking to " + baseUri, e);
    }
    JsonNode body;
    try {
      body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      body = JSON.createObjectNode();
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "tracking server refused the request ("
              + response.statusCode()
              + "): "
              + body.path("message").asText(response.body()));
    }
    return body;
  }
}
