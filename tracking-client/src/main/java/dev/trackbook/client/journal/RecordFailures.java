package dev.trackbook.client.journal;

/**
 * How often the server failed on one waiting record's call (HTTP 500 while it served others), and
 * since when (clock millis): the count the flusher sets a record aside by, kept in its slot so that
 * it outlives a process (see {@link Journal#saveFailures}).
 */
public record RecordFailures(long count, long sinceMillis) {
  /** One failure more, since the same time. */
  public RecordFailures plusOne() {
    return new RecordFailures(count + 1, sinceMillis);
  }
}
