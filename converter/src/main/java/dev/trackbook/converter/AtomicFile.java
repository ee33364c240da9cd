package dev.trackbook.converter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file through a temporary file and a rename, so no reader sees half of it. The file gets
 * the mode an editor would give it: a new one the umask's default, a replaced one its old mode.
 */
public final class AtomicFile {

  private AtomicFile() {}

  /** Writes UTF-8 {@code text} to {@code file}, creating its directory. */
  public static void write(Path file, String text) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = createTemp(dir, file.getFileName().toString());
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        keepMode(file, tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new ConversionException(file + ": cannot write (" + e.getMessage() + ")", e);
    }
  }

  // Not Files.createTempFile: it makes the file 0600 (temp files may hold secrets), and the rename
  // would give pipelines and restored notebooks that mode. Files.createFile applies the umask.
  private static Path createTemp(Path dir, String name) throws IOException {
    while (true) {
      String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
      try {
        return Files.createFile(dir.resolve("." + name + "." + suffix + ".tmp"));
      } catch (FileAlreadyExistsException e) {
        // Another writer's temp file: try another name.
      }
    }
  }

  private static void keepMode(Path file, Path tmp) throws IOException {
    if (Files.exists(file)
        && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
    }
  }
}
