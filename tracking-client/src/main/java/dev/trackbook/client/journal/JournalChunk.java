package dev.trackbook.client.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * Entries read from the journal. {@code next} is where the following read starts; it may lie past
 * the last entry's end when the read skipped a torn tail or finished a segment. {@code skipped}
 * lists the unreadable bytes the read passed over.
 */
public record JournalChunk(List<Positioned> entries, JournalPosition next, List<Skipped> skipped) {

  /**
   * An entry together with the position right after it (what to commit once it is acknowledged).
   */
  public record Positioned(JournalEntry entry, JournalPosition end) {}

  /**
   * Bytes that held no intact record: a torn tail ({@code atEnd}: a writer killed in the middle of
   * a record) or damage, with records after it.
   */
  public record Skipped(Path segment, long offset, long length, boolean atEnd) {}
}
