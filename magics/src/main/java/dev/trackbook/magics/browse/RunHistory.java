package dev.trackbook.magics.browse;

import java.util.List;
import java.util.Map;

/** A run's metric histories, as {@code %compare} plots them. */
record RunHistory(String runId, String runName, Map<String, List<Point>> metrics) {

  /** One logged value. */
  record Point(long step, double value) {}

  /** The run's name, or the start of its id when it has none. */
  String label() {
    return runName == null || runName.isBlank()
        ? runId.substring(0, Math.min(8, runId.length()))
        : runName;
  }
}
