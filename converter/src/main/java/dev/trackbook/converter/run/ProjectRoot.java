package dev.trackbook.converter.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The project root a pipeline script was converted in, found from where the script is now: the
 * header records its source notebook relative to the root, so the root is the nearest ancestor of
 * the script's directory under which that notebook (or at least its directory) exists.
 */
final class ProjectRoot {

  private ProjectRoot() {}

  /**
   * @param script the script, absolute and normalized
   * @param source the header's source path, relative to the root
   */
  static Optional<Path> of(Path script, String source) {
    for (Path dir = script.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(source))) {
        return Optional.of(dir);
      }
    }
    // Without the notebook, only a named directory tells where the root is.
    Path sourceDir = directoryOf(source);
    for (Path dir = script.getParent(); dir != null && !isRoot(sourceDir); dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(sourceDir))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** The notebook's directory relative to the root; empty for a notebook at the root. */
  static Path directoryOf(String source) {
    return Objects.requireNonNullElse(Path.of(source).getParent(), Path.of(""));
  }

  private static boolean isRoot(Path relative) {
    return relative.toString().isEmpty();
  }
}
