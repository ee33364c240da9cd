package dev.trackbook.nbtest.parity;

import java.util.Map;

/**
 * A run as the tracking server reports it, with what parity compares.
 *
 * @param metrics each metric's latest value
 */
public record TrackedRun(
    String runId,
    String name,
    String status,
    long startTime,
    String parentRunId,
    Map<String, String> tags,
    Map<String, String> params,
    Map<String, Double> metrics) {

  public TrackedRun {
    tags = Map.copyOf(tags);
    params = Map.copyOf(params);
    metrics = Map.copyOf(metrics);
  }

  public boolean finished() {
    return !"RUNNING".equals(status) && !"SCHEDULED".equals(status);
  }
}
