package dev.trackbook.nbtest.parity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Finds the runs one notebook or pipeline execution logged, nested runs included. */
public final class RunSets {
  /**
   * The tag the pipeline runner puts on its own run: the script's path in the project ({@code
   * PipelineRunner.scriptTag}).
   */
  public static final String PIPELINE_SCRIPT_TAG = "trackbook.pipeline.script";

  private static final String SOURCE_NAME_TAG = "mlflow.source.name";

  private RunSets() {}

  /**
   * Runs started since {@code since} from the notebook at {@code absolutePath}, and their children.
   */
  public static List<TrackedRun> ofNotebook(TrackingQuery query, String absolutePath, long since)
      throws IOException {
    return withDescendants(
        query.runs(since, r -> true), r -> absolutePath.equals(r.tags().get(SOURCE_NAME_TAG)));
  }

  /** The pipeline runner's run among {@code runs}, by its script tag, the latest if several. */
  public static Optional<TrackedRun> wrapper(List<TrackedRun> runs, String scriptTag) {
    return runs.stream()
        .filter(r -> scriptTag.equals(r.tags().get(PIPELINE_SCRIPT_TAG)))
        .max(java.util.Comparator.comparingLong(TrackedRun::startTime));
  }

  /** Runs started since {@code since} that are the pipeline's run or nested under it. */
  public static List<TrackedRun> ofPipeline(TrackingQuery query, String scriptTag, long since)
      throws IOException {
    return withDescendants(
        query.runs(since, r -> true), r -> scriptTag.equals(r.tags().get(PIPELINE_SCRIPT_TAG)));
  }

  /** The runs matching {@code root} and every run nested under one of them. */
  static List<TrackedRun> withDescendants(List<TrackedRun> all, Predicate<TrackedRun> root) {
    Map<String, TrackedRun> byId = new HashMap<>();
    all.forEach(r -> byId.put(r.runId(), r));
    Set<String> roots = new HashSet<>();
    all.stream().filter(root).forEach(r -> roots.add(r.runId()));
    List<TrackedRun> out = new ArrayList<>();
    for (TrackedRun r : all) {
      Set<String> seen = new HashSet<>();
      for (TrackedRun cur = r; cur != null && seen.add(cur.runId()); ) {
        if (roots.contains(cur.runId())) {
          out.add(r);
          break;
        }
        cur = cur.parentRunId() == null ? null : byId.get(cur.parentRunId());
      }
    }
    return out;
  }
}
