package dev.trackbook.kernel;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Jupyter's "Run All" contract, as IPython keeps it: when a cell sent with {@code stop_on_error}
 * fails, the cells already queued behind it are aborted, not run on top of a broken state (a run
 * ended early, a metric logged from stale variables). A request counts as queued when it was sent
 * before the failure and reaches the kernel straight after the previous reply; anything the
 * front-end sends in answer to the error (nbclient's next cell with {@code allow_errors}, the
 * user's re-run) is sent after it and runs.
 */
final class RunAllAbort {

  /**
   * Queued requests reach the kernel milliseconds apart; the margin covers a loaded machine. The
   * send date decides; this only keeps a client whose clock runs behind from losing a request it
   * sent long after the error.
   */
  private static final long QUEUE_GAP_NANOS = 2_000_000_000L;

  private Instant failedAt;
  private long lastReplyNanos;

  /** A cell that asked to stop on error failed, now. */
  synchronized void failed() {
    failedAt = Instant.now();
  }

  /** An execute request was answered (run or aborted), now. */
  synchronized void replied() {
    lastReplyNanos = System.nanoTime();
  }

  /**
   * Whether the execute request whose header says it was sent at {@code sentDate} (ISO 8601, as
   * Jupyter writes it) was queued behind the failed cell and must be aborted. Answers false, and
   * ends the aborting, for the first request that was not.
   */
  synchronized boolean shouldAbort(String sentDate) {
    if (failedAt == null) {
      return false;
    }
    Instant sent = parse(sentDate);
    boolean queued =
        sent != null
            && sent.isBefore(failedAt)
            && System.nanoTime() - lastReplyNanos < QUEUE_GAP_NANOS;
    if (!queued) {
      failedAt = null;
    }
    return queued;
  }

  private static Instant parse(String date) {
    if (date == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(date).toInstant();
    } catch (DateTimeParseException e) {
      return null; // a client without a time zone: never abort on a guess
    }
  }
}
