package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.MetricPoint;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.store.TrackingStore;
import java.util.List;

/** The metric history endpoints of MLflow's REST API. */
final class MetricApi {
  /**
   * MLflow's page size when a client asks for the whole history (GET_METRIC_HISTORY_MAX_RESULTS).
   */
  static final int HISTORY_MAX_RESULTS = 25000;

  /** Limits of get-history-bulk-interval (mlflow/server/handlers.py). */
  static final int BULK_MAX_RUNS = 100;

  static final int BULK_MAX_RESULTS_PER_RUN = 2500;

  private final TrackingStore store;

  MetricApi(TrackingStore store) {
    this.store = store;
  }

  ObjectNode history(ApiRequest request) {
    String runId = request.runId();
    Page<Metric> page =
        store.getMetricHistory(
            runId,
            request.requiredString("metric_key"),
            request.intInRange("max_results", 1, HISTORY_MAX_RESULTS, HISTORY_MAX_RESULTS),
            ExperimentApi.emptyToNull(request.optionalString("page_token")));
    ObjectNode response = WireJson.object();
    WireJson.putMetricList(response, "metrics", page.items());
    WireJson.putIfPresent(response, "next_page_token", page.nextPageToken());
    return response;
  }

  ObjectNode historyBulkInterval(ApiRequest request) {
    List<String> runIds = request.stringList("run_ids");
    if (runIds.isEmpty()) {
      throw ApiRequest.missing("run_ids");
    }
    if (runIds.size() > BULK_MAX_RUNS) {
      throw TrackingException.invalid(
          "GetMetricHistoryBulkInterval request must specify at most "
              + BULK_MAX_RUNS
              + " run_ids. Received "
              + runIds.size()
              + " run_ids.");
    }
    String key = request.requiredString("metric_key");
    Long startStep = request.optionalLong("start_step");
    Long endStep = request.optionalLong("end_step");
    if ((startStep == null) != (endStep == null)) {
      throw TrackingException.invalid(
          "If either start step or end step are specified, both must be specified.");
    }
    if (startStep != null && startStep > endStep) {
      throw TrackingException.invalid(
          "end_step must be greater than start_step. Found start_step="
              + startStep
              + " and end_step="
              + endStep
              + ".");
    }
    int maxResults =
        request.intInRange("max_results", 1, BULK_MAX_RESULTS_PER_RUN, BULK_MAX_RESULTS_PER_RUN);
    List<MetricPoint> points =
        store.getMetricHistoryBulkInterval(runIds, key, startStep, endStep, maxResults);
    ObjectNode response = WireJson.object();
    ArrayNode metrics = response.arrayNode();
    points.forEach(p -> metrics.add(WireJson.metricPoint(p)));
    WireJson.putList(response, "metrics", metrics);
    return response;
  }
}
