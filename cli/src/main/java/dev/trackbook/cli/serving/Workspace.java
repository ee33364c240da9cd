package dev.trackbook.cli.serving;

import dev.trackbook.client.model.FilesBoundModel;
import java.nio.file.Path;

/** The model commands' scratch directories. */
public final class Workspace {
  private Workspace() {}

  /** {@code $TMPDIR/trackbook-serving}. */
  public static Path root() {
    return Path.of(System.getProperty("java.io.tmpdir"), "trackbook-serving");
  }

  /** Deletes a directory tree, best effort (a leftover in the temp directory is harmless). */
  static void deleteTree(Path dir) {
    FilesBoundModel.deleteTree(dir);
  }
}
