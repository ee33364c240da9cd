package dev.trackbook.client.journal;

/** A place in the journal: a segment number and a byte offset inside that segment. */
public record JournalPosition(long segment, long offset) implements Comparable<JournalPosition> {
  @Override
  public int compareTo(JournalPosition other) {
    int bySegment = Long.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }

  public boolean isBefore(JournalPosition other) {
    return compareTo(other) < 0;
  }

  @Override
  public String toString() {
    return segment + ":" + offset;
  }
}
