package dev.trackbook.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project the CLI works in: {@code $TRACKBOOK_HOME} (set by ./trackbook), else the cwd. */
final class ProjectHome {
  private ProjectHome() {}

  /** The project root, absolute. */
  static Path root() {
    String home = System.getenv("TRACKBOOK_HOME");
    return Path.of(home == null || home.isBlank() ? "" : home).toAbsolutePath();
  }

  /**
   * The root of the project {@code dir} is in: the nearest ancestor holding {@code .git} (a
   * directory, or a file in a worktree), so any subdirectory finds it. Outside git: the working
   * directory when {@code dir} is in it, else {@code dir} itself. Never Trackbook's own checkout
   * ({@link #root()}), where a notebook converted from elsewhere would land in our pipelines/.
   */
  static Path rootOf(Path dir) {
    Path start = dir.toAbsolutePath().normalize();
    for (Path d = start; d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(".git"))) {
        return d;
      }
    }
    Path cwd = Path.of("").toAbsolutePath().normalize();
    return start.startsWith(cwd) ? cwd : start;
  }

  /** The Python environment Jupyter runs in (made by scripts/ensure-python-env). */
  static Path pythonEnvironment() {
    return root().resolve(".trackbook").resolve("venv");
  }
}
