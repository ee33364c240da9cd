package dev.trackbook.converter.run;

import java.util.Map;

/** Where a pipeline run is recorded: the tracking server, through {@link TrackingRunLog}. */
public interface RunLog {

  /**
   * Starts the run before the first cell, so the cells' own tracking calls land in it.
   *
   * @param experiment the experiment name, or null for the client's current one
   * @param runName the run's name
   * @param tags provenance tags (pipeline version, source hash, ...)
   * @param params the parameter values the run uses
   */
  void start(
      String experiment, String runName, Map<String, String> tags, Map<String, Object> params);

  /**
   * Ends the run.
   *
   * @param status FINISHED or FAILED
   * @param tags more tags (for a failure: which cell)
   */
  void end(String status, Map<String, String> tags);
}
