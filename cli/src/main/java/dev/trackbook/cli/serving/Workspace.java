package dev.trackbook.cli.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The model commands' scratch directories. */
public final class Workspace {
  private Workspace() {}

  /** {@code $TMPDIR/trackbook-serving}. */
  public static Path root() {
    return Path.of(System.getProperty("java.io.tmpdir"), "trackbook-serving");
  }

  /** Deletes a directory tree, best effort (a leftover in the temp directory is harmless). */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
