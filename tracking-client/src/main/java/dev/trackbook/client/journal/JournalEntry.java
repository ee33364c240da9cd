package dev.trackbook.client.journal;

/**
 * One call of the tracking API as it is kept in the journal. Everything the server needs is fixed
 * when the call is made (timestamps, steps, the run's client-side key), so replaying an entry after
 * a restart sends exactly what the first attempt would have sent.
 */
public sealed interface JournalEntry
    permits JournalEntry.RunStarted,
        JournalEntry.MetricLogged,
        JournalEntry.ParamLogged,
        JournalEntry.TagSet,
        JournalEntry.RunEnded,
        JournalEntry.ArtifactQueued,
        JournalEntry.InputLogged {

  /**
   * The client-side key of the run this entry belongs to (tag {@code trackbook.client_run_key}).
   */
  String runKey();

  /** What the entry is, for a user's one-line message: {@code metric 'loss' (step 3)}. */
  static String describe(JournalEntry entry) {
    if (entry instanceof MetricLogged m) {
      return "metric '" + m.key() + "' (step " + m.step() + ")";
    } else if (entry instanceof ParamLogged p) {
      return "param '" + p.key() + "'";
    } else if (entry instanceof TagSet t) {
      return "tag '" + t.key() + "'";
    } else if (entry instanceof RunStarted r) {
      return "creating run " + (r.runName() == null ? r.runKey() : "'" + r.runName() + "'");
    } else if (entry instanceof RunEnded e) {
      return "ending the run (" + e.status() + ")";
    } else if (entry instanceof InputLogged input) {
      return "dataset '" + input.name() + "'";
    } else if (entry instanceof ArtifactQueued a) {
      return "artifact " + a.artifactPath();
    }
    return entry.toString();
  }

  /**
   * A run was started. {@code experimentId} is known when the server answered at the time; else the
   * experiment is resolved by {@code experimentName} (null: MLflow's Default experiment).
   */
  record RunStarted(
      String runKey,
      long startTime,
      String experimentName,
      String experimentId,
      String runName,
      String parentRunKey)
      implements JournalEntry {}

  record MetricLogged(String runKey, String key, double value, long timestamp, long step)
      implements JournalEntry {}

  record ParamLogged(String runKey, String key, String value) implements JournalEntry {}

  record TagSet(String runKey, String key, String value) implements JournalEntry {}

  record RunEnded(String runKey, String status, long endTime) implements JournalEntry {}

  /**
   * A file to upload. {@code storedFile} is the copy inside the journal directory (relative to it),
   * so edits the user makes after the call do not change what is uploaded; {@code artifactPath} is
   * the destination relative to the run's artifact root.
   */
  record ArtifactQueued(String runKey, String storedFile, String artifactPath)
      implements JournalEntry {}

  /** A dataset the run used (MLflow's log-inputs); {@code context} may be null. */
  record InputLogged(
      String runKey, String name, String digest, String sourceType, String source, String context)
      implements JournalEntry {}
}
