package dev.trackbook.client.journal;

import java.util.List;

/**
 * Entries read from the journal. {@code next} is where the following read starts; it may lie past
 * the last entry's end when the read skipped a torn tail or finished a segment.
 */
public record JournalChunk(List<Positioned> entries, JournalPosition next) {

  /**
   * An entry together with the position right after it (what to commit once it is acknowledged).
   */
  public record Positioned(JournalEntry entry, JournalPosition end) {}
}
