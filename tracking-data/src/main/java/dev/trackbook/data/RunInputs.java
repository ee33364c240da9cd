package dev.trackbook.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.client.transport.RequestRejectedException;
import dev.trackbook.client.transport.ServerUnreachableException;
import dev.trackbook.data.dataset.DataUsageException;
import dev.trackbook.data.dataset.DatasetProfile;
import dev.trackbook.data.dataset.MlflowDatasetJson;
import java.util.Map;

/**
 * MLflow's {@code runs/log-inputs} and the inputs of {@code runs/get}, through the tracking
 * client's REST API (its server and credentials). The client does not journal a dataset's full
 * profile, so this call goes to the server directly and fails with a one-line message when the
 * server is unreachable.
 */
final class RunInputs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MlflowRestApi api;

  RunInputs(MlflowRestApi api) {
    this.api = api;
  }

  void log(String runId, DatasetProfile profile, String context) {
    ObjectNode body = JSON.createObjectNode().put("run_id", runId);
    ObjectNode input = body.putArray("datasets").addObject();
    var tags = input.putArray("tags");
    for (Map.Entry<String, String> t : MlflowDatasetJson.inputTags(context).entrySet()) {
      tags.addObject().put("key", t.getKey()).put("value", t.getValue());
    }
    input.set("dataset", MlflowDatasetJson.dataset(profile));
    try {
      api.postJson("runs/log-inputs", body.toString());
    } catch (RequestRejectedException e) {
      // The request was at fault (a name over MLflow's 500 characters, say): one line, as a usage
      // error, not this library's frames.
      throw new DataUsageException(
          "tracking server "
              + api.trackingUri()
              + " refused dataset '"
              + profile.name()
              + "': "
              + e.getMessage(),
          e);
    } catch (ServerUnreachableException e) {
      throw failure(e);
    }
  }

  /** The latest input called {@code name} of the run, or null. */
  DatasetProfile find(String runId, String name) {
    JsonNode run;
    try {
      run = JSON.readTree(api.getJson("runs/get?run_id=" + MlflowRestApi.encode(runId)));
    } catch (ServerUnreachableException | RequestRejectedException e) {
      throw failure(e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "tracking server " + api.trackingUri() + " answered runs/get with invalid JSON", e);
    }
    DatasetProfile found = null;
    for (JsonNode input : run.path("run").path("inputs").path("dataset_inputs")) {
      JsonNode dataset = input.path("dataset");
      if (name.equals(dataset.path("name").asText())) {
        found = MlflowDatasetJson.parse(dataset);
      }
    }
    return found;
  }

  private IllegalStateException failure(Exception e) {
    String why;
    if (e instanceof dev.trackbook.client.transport.CredentialsRejectedException) {
      why = "refused the credentials: " + e.getMessage();
    } else if (e instanceof ServerUnreachableException u && u.answered()) {
      why = "could not answer now (" + e.getMessage() + ")"; // 5xx, 429: try again later
    } else if (e instanceof ServerUnreachableException) {
      why = "is unreachable (" + e.getMessage() + ")";
    } else {
      why = "refused the request: " + e.getMessage();
    }
    return new IllegalStateException("tracking server " + api.trackingUri() + " " + why, e);
  }
}
