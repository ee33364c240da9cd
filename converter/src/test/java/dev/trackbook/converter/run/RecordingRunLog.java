package dev.trackbook.converter.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Keeps what the runner would log, for assertions. */
final class RecordingRunLog implements RunLog {
  String experiment;
  String runName;
  final Map<String, String> tags = new LinkedHashMap<>();
  final Map<String, Object> params = new LinkedHashMap<>();
  String status;
  int starts;

  @Override
  public void start(
      String experiment, String runName, Map<String, String> tags, Map<String, Object> params) {
    starts++;
    this.experiment = experiment;
    this.runName = runName;
    this.tags.putAll(tags);
    this.params.putAll(params);
  }

  @Override
  public void end(String status, Map<String, String> tags) {
    this.status = status;
    this.tags.putAll(tags);
  }
}
