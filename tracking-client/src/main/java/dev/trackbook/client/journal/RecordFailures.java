package dev.trackbook.client.journal;

/**
 * How often the server failed on one waiting record's call (HTTP 500 while it served others), since
 * when (clock millis), and whether it has been set aside while its log-batch still waits: the state
 * the flusher decides by, kept in its slot so that it outlives a process (see {@link
 * Journal#saveFailures}).
 */
public record RecordFailures(long count, long sinceMillis, boolean setAside) {
  /** One failure more, since the same time. */
  public RecordFailures plusOne() {
    return new RecordFailures(count + 1, sinceMillis, setAside);
  }

  /** The same, set aside: the next try of its batch, in this process or the next, leaves it out. */
  public RecordFailures asSetAside() {
    return new RecordFailures(count, sinceMillis, true);
  }
}
