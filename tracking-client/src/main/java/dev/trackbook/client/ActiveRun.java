package dev.trackbook.client;

/**
 * A run started by this client. Closing it ends it as FINISHED, so it fits try-with-resources:
 *
 * <pre>{@code
 * try (ActiveRun run = Tracking.startRun("baseline")) {
 *   Tracking.metric("loss", 0.3);
 * }
 * }</pre>
 */
public interface ActiveRun extends AutoCloseable {

  /**
   * The client-side key of the run, stored on the server as tag {@code trackbook.client_run_key}.
   */
  String localKey();

  /**
   * The server's run id. Waits for the background flusher to create the run, at most the client's
   * flush timeout; null when the server is unreachable or slower than that (the run is still
   * created, later, when it answers).
   */
  String runId();

  /**
   * The run's page in the tracking server's web UI ({@link RunPages#run}); like {@link #runId()},
   * null while the run has not reached the server.
   */
  String url();

  /** The experiment's name, or null for MLflow's Default experiment. */
  String experimentName();

  /**
   * Ends the run with FINISHED, FAILED or KILLED; a second call does nothing. Once the server has
   * it, prints a link to the run's page ("View run NAME at: URL"), as MLflow's {@code end_run}
   * does.
   */
  void end(String status);

  /** Ends the run as FINISHED unless it has already ended. */
  @Override
  void close();
}
