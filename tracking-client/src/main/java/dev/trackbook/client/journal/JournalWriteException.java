package dev.trackbook.client.journal;

import java.io.IOException;

/**
 * The journal could not keep what it was given: its disk refused the write (full, not writable).
 * The caller's input was fine, so a report names the journal, not the input.
 */
public final class JournalWriteException extends IOException {
  public JournalWriteException(String message, IOException cause) {
    super(message, cause);
  }
}
