package dev.trackbook.converter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a notebook stands in version control, for the pipeline header's provenance. The commit is
 * the last one that touched the notebook (not HEAD), so converting an unchanged notebook after
 * unrelated commits gives the same script.
 */
@FunctionalInterface
public interface SourceControl {

  /**
   * The revision of {@code file}.
   *
   * @param root the project root
   * @param file the notebook
   */
  Revision revisionOf(Path root, Path file);

  /**
   * @param commit full commit id, or null when the file is not in a git repository or never
   *     committed
   * @param dirty whether the working copy differs from that commit
   */
  record Revision(String commit, boolean dirty) {}

  /** Asks the {@code git} command; outside a repository (or without git) the commit is null. */
  static SourceControl git() {
    return (root, file) -> {
      String path = root.toAbsolutePath().relativize(file.toAbsolutePath()).toString();
      String commit = run(root, List.of("git", "log", "-1", "--format=%H", "--", path));
      String status = run(root, List.of("git", "status", "--porcelain", "--", path));
      if (commit == null || commit.isBlank()) {
        return new Revision(null, status != null && !status.isBlank());
      }
      return new Revision(commit.strip(), status != null && !status.isBlank());
    };
  }

  private static String run(Path dir, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      process.getErrorStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroy();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
