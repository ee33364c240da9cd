package dev.trackbook.client.journal;

import java.nio.file.Path;

/** Another process on the same journal root: prints the slot it gets, e.g. {@code slot-1}. */
public final class SlotProbe {
  public static void main(String[] args) throws Exception {
    try (Journal journal = Journal.open(Path.of(args[0]), 1 << 20)) {
      System.out.println(journal.directory().getFileName());
    }
  }
}
