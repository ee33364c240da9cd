package dev.trackbook.server.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Artifact storage behind the {@code mlflow-artifacts} endpoints. Paths are relative to the
 * repository root with '/' separators and are checked by {@link ArtifactPaths#normalize}; no path
 * may reach outside the root, also not through a symlink.
 */
public interface ArtifactRepository {

  /**
   * Lists the direct children of a directory, sorted by name; paths are relative to the directory
   * listed. An absent path or a file lists as empty, as MLflow's local repository does.
   */
  List<ArtifactFile> list(String relativePath) throws IOException;

  /**
   * Returns the file to send for a download.
   *
   * @throws dev.trackbook.server.error.TrackingException RESOURCE_DOES_NOT_EXIST if there is no
   *     such file (directories included)
   */
  Path file(String relativePath) throws IOException;

  /**
   * Stores the stream's bytes at the path, replacing an existing file atomically: readers see the
   * old or the new content, never a partial file.
   *
   * @throws dev.trackbook.server.error.TrackingException REQUEST_TOO_LARGE when the stream holds
   *     more than {@code maxBytes}; nothing is stored then
   */
  void write(String relativePath, InputStream content, long maxBytes) throws IOException;

  /**
   * Deletes a file or a directory tree.
   *
   * @throws dev.trackbook.server.error.TrackingException RESOURCE_DOES_NOT_EXIST if the path does
   *     not exist
   */
  void delete(String relativePath) throws IOException;
}
