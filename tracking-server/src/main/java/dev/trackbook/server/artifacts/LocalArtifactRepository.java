package dev.trackbook.server.artifacts;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Artifacts in a directory of the local filesystem. Every access resolves the real path (symlinks
 * followed) of the deepest existing ancestor and refuses it unless it lies under the root's real
 * path, so a symlink planted inside the root cannot lead a request outside it.
 */
public final class LocalArtifactRepository implements ArtifactRepository {
  private static final String TEMP_PREFIX = ".trackbook-upload-";
  private final Path root;

  /** Creates the root directory if needed. */
  public LocalArtifactRepository(Path root) throws IOException {
    Files.createDirectories(root);
    this.root = root.toRealPath();
  }

  /** The real path of the root directory. */
  public Path root() {
    return root;
  }

  @Override
  public List<ArtifactFile> list(String relativePath) throws IOException {
    Path dir = resolveInside(relativePath);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<ArtifactFile> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX) || !isInside(entry)) {
          continue; // unfinished uploads and links leading out of the root are not artifacts
        }
        if (Files.isDirectory(entry)) {
          files.add(new ArtifactFile(name, true, null));
        } else if (Files.isRegularFile(entry)) {
          try {
            files.add(new ArtifactFile(name, false, Files.size(entry)));
          } catch (java.nio.file.NoSuchFileException deletedMeanwhile) {
            // another request (or server instance) deleted it since the directory was read
          }
        }
      }
    }
    files.sort(Comparator.comparing(ArtifactFile::path));
    return files;
  }

  @Override
  public Path file(String relativePath) throws IOException {
    Path file = resolveInside(relativePath);
    if (!Files.isRegularFile(file)) {
      throw TrackingException.notFound(
          "Artifact '" + ArtifactPaths.normalize(relativePath) + "' does not exist.");
    }
    return file;
  }

  /** What a file name may take on the file systems artifact roots live on (ext4, XFS, APFS). */
  private static final int MAX_NAME_BYTES = 255;

  /** What a whole path may take on Linux (PATH_MAX, 4096 with its terminating NUL). */
  private static final int MAX_PATH_BYTES = 4095;

  // The longest name Files.createTempFile gives an upload's temp file: prefix, a long, suffix.
  private static final int TEMP_NAME_BYTES = TEMP_PREFIX.length() + 20 + ".tmp".length();

  @Override
  public void write(String relativePath, InputStream content, long maxBytes) throws IOException {
    String normalized = ArtifactPaths.normalize(relativePath);
    if (normalized.isEmpty()) {
      throw TrackingException.invalid("An artifact upload needs a file path.");
    }
    Path target = resolveInside(normalized);
    if (Files.isDirectory(target)) {
      throw TrackingException.invalid("Artifact path '" + normalized + "' is a directory.");
    }
    for (String name : normalized.split("/")) {
      if (bytes(name) > MAX_NAME_BYTES) {
        throw TrackingException.invalid(
            "Artifact path '"
                + normalized
                + "': a file or directory name is longer than "
                + MAX_NAME_BYTES
                + " bytes.");
      }
    }
    if (target.getFileName().toString().startsWith(TEMP_PREFIX)) {
      // Such names are the server's unfinished uploads: never listed, removed if left over.
      throw TrackingException.invalid(
          "Artifact path '"
              + normalized
              + "': names starting with "
              + TEMP_PREFIX
              + " are reserved.");
    }
    Path parent = target.getParent();
    // Checked before any directory is made: past the limit the upload would fail half done.
    int parentBytes = bytes(parent.toAbsolutePath().toString());
    if (parentBytes + 1 + Math.max(bytes(target.getFileName().toString()), TEMP_NAME_BYTES)
        > MAX_PATH_BYTES) {
      throw TrackingException.invalid(
          "Artifact path '"
              + normalized
              + "' is too long: with the artifact root it would pass "
              + MAX_PATH_BYTES
              + " bytes.");
    }
    try {
      Files.createDirectories(parent);
    } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.NotDirectoryException e) {
      throw TrackingException.invalid(
          "Artifact path '" + normalized + "': a file is in the way of its directory.");
    }
    requireInside(parent, normalized); // created directories may not have replaced a checked link
    // The temp file sits next to the target so the final move is a same-directory atomic rename.
    Path temp = Files.createTempFile(parent, TEMP_PREFIX, ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        copyAtMost(content, out, maxBytes);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public void delete(String relativePath) throws IOException {
    String normalized = ArtifactPaths.normalize(relativePath);
    if (normalized.isEmpty()) {
      throw TrackingException.invalid("Refusing to delete the artifact root.");
    }
    Path target = resolveInside(normalized);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw TrackingException.notFound("Artifact '" + normalized + "' does not exist.");
    }
    // walkFileTree does not follow links: a link inside the tree is removed, never its target.
    Files.walkFileTree(
        target,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException failure)
              throws IOException {
            if (failure != null) {
              throw failure;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static int bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length;
  }

  private Path resolveInside(String relativePath) throws IOException {
    String normalized = ArtifactPaths.normalize(relativePath);
    Path path = normalized.isEmpty() ? root : root.resolve(normalized);
    requireInside(path, normalized);
    return path;
  }

  private void requireInside(Path path, String shownPath) throws IOException {
    if (!isInside(path)) {
      throw TrackingException.invalid(
          "Invalid artifact path '" + shownPath + "': it leads outside the artifact root.");
    }
  }

  /** Whether the real path of {@code path}, or of its deepest existing ancestor, is in the root. */
  private boolean isInside(Path path) throws IOException {
    Path existing = path;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return false;
    }
    try {
      return existing.toRealPath().startsWith(root);
    } catch (NoSuchFileException danglingLink) {
      return false;
    }
  }

  private static void copyAtMost(InputStream in, OutputStream out, long maxBytes)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > maxBytes) {
        throw new TrackingException(
            ErrorCode.REQUEST_TOO_LARGE,
            "The artifact is larger than the server's limit of " + maxBytes + " bytes.");
      }
      out.write(buffer, 0, n);
    }
  }
}
