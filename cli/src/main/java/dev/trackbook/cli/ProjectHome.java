package dev.trackbook.cli;

import java.nio.file.Path;

/** The project the CLI works in: {@code $TRACKBOOK_HOME} (set by ./trackbook), else the cwd. */
final class ProjectHome {
  private ProjectHome() {}

  /** The project root, absolute. */
  static Path root() {
    String home = System.getenv("TRACKBOOK_HOME");
    return Path.of(home == null || home.isBlank() ? "" : home).toAbsolutePath();
  }

  /** The Python environment Jupyter runs in (made by scripts/ensure-python-env). */
  static Path pythonEnvironment() {
    return root().resolve(".trackbook").resolve("venv");
  }
}
