package dev.trackbook.cli.serving;

import java.nio.file.Path;

/** The model commands' scratch directories. */
public final class Workspace {
  private Workspace() {}

  /** {@code $TMPDIR/trackbook-serving}. */
  public static Path root() {
    return Path.of(System.getProperty("java.io.tmpdir"), "trackbook-serving");
  }
}
