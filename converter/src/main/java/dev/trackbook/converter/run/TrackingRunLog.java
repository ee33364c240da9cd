package dev.trackbook.converter.run;

import dev.trackbook.client.ActiveRun;
import dev.trackbook.client.Tracking;
import java.util.Map;

/**
 * Records pipeline runs with the process-wide {@link Tracking} client, the one the cells use too
 * (the kernel's engine runs them in this JVM), so their metrics land in the pipeline's run.
 */
public final class TrackingRunLog implements RunLog {

  private ActiveRun run;

  @Override
  public void start(
      String experiment, String runName, Map<String, String> tags, Map<String, Object> params) {
    if (experiment != null) {
      Tracking.experiment(experiment);
    }
    // Until end(): a JVM exiting now was stopped (Ctrl-C, SIGTERM), the run did not finish.
    Tracking.client().endRunsAtExitAs("KILLED");
    run = Tracking.startRun(runName);
    tags.forEach(Tracking::tag);
    Tracking.params(params);
  }

  @Override
  public void end(String status, Map<String, String> tags) {
    tags.forEach(Tracking::tag);
    // Cells may have started nested runs and left them open; ending ours ends those first.
    run.end(status);
    Tracking.client().endRunsAtExitAs("FINISHED");
    Tracking.flush();
  }
}
