package dev.trackbook.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What javac compiles a pipeline's cells against: the classes of {@link KernelApiOnlyLoader}'s
 * packages, copied out of this JVM's class path (the CLI's one jar holds everything) into a
 * directory, so a cell cannot compile against a library the notebook's kernel does not show it.
 * Kept under {@code ~/.cache/trackbook/kernel-api/} by a digest of the class path's entries, sizes
 * and times: each later pipeline run reuses it.
 */
final class KernelApiClassPath {
  private KernelApiClassPath() {}

  /** The directory for {@code hostClassPath}, copied out now if no earlier run did. */
  static Path forClassPath(String hostClassPath, Path cacheRoot) {
    List<Path> entries =
        Stream.of(hostClassPath.split(File.pathSeparator))
            .filter(e -> !e.isEmpty())
            .map(e -> Path.of(e).toAbsolutePath().normalize())
            .toList();
    Path dir = cacheRoot.resolve(digest(entries));
    if (Files.isRegularFile(dir.resolve(".complete"))) {
      try {
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now())); // in use: not pruned
      } catch (IOException e) {
        // a read-only cache still serves
      }
      return dir;
    }
    try {
      Files.createDirectories(cacheRoot);
      Path tmp = Files.createTempDirectory(cacheRoot, ".partial-");
      for (Path entry : entries) {
        copyApi(entry, tmp);
      }
      Files.writeString(tmp.resolve(".complete"), "");
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        deleteTree(tmp); // another pipeline made the same one meanwhile
      }
      prune(cacheRoot, dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the pipeline's compile class path", e);
    }
  }

  /** How many class paths' copies stay: each rebuild of the CLI or a module makes a new one. */
  static final int KEEP = 8;

  /**
   * Deletes all but the {@link #KEEP} most recently used copies (and partial ones an hour old, left
   * by a killed run). One a running pipeline compiles against is recent: it was just made or
   * touched.
   */
  private static void prune(Path cacheRoot, Path keep) {
    try (Stream<Path> children = Files.list(cacheRoot)) {
      List<Path> all = children.filter(Files::isDirectory).toList();
      Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
      List<Path> complete = new ArrayList<>();
      for (Path d : all) {
        if (d.getFileName().toString().startsWith(".partial-")) {
          if (Files.getLastModifiedTime(d).toInstant().isBefore(hourAgo)) {
            deleteTree(d);
          }
        } else if (!d.equals(keep)) {
          complete.add(d);
        }
      }
      complete.sort(Comparator.comparing((Path d) -> d.toFile().lastModified()).reversed());
      for (Path old : complete.subList(Math.min(KEEP - 1, complete.size()), complete.size())) {
        deleteTree(old);
      }
    } catch (IOException | UncheckedIOException e) {
      // pruning is housekeeping: a failure costs disk space, never the pipeline
    }
  }

  static Path defaultCacheRoot() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("trackbook").resolve("kernel-api");
  }

  private static boolean api(String path) {
    return KernelApiOnlyLoader.sharedResource(path) && path.endsWith(".class");
  }

  private static void copyApi(Path entry, Path into) throws IOException {
    if (Files.isDirectory(entry)) {
      try (Stream<Path> files = Files.walk(entry)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          String rel = entry.relativize(f).toString().replace(File.separatorChar, '/');
          if (api(rel)) {
            Path target = into.resolve(rel);
            Files.createDirectories(target.getParent());
            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    } else if (Files.isRegularFile(entry)) {
      try (JarFile jar = new JarFile(entry.toFile())) {
        for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
          if (!e.isDirectory() && api(e.getName()) && !e.getName().startsWith("META-INF/")) {
            Path target = into.resolve(e.getName());
            Files.createDirectories(target.getParent());
            try (InputStream in = jar.getInputStream(e)) {
              Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      }
    }
  }

  /** Entries with their sizes and modification times: a rebuilt jar makes a new directory. */
  private static String digest(List<Path> entries) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path e : entries) {
        String stamp =
            Files.exists(e)
                ? Files.isDirectory(e)
                    ? "dir " + newestIn(e)
                    : Files.size(e) + " " + Files.getLastModifiedTime(e).toMillis()
                : "missing";
        sha.update((e + "\t" + stamp + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A class directory (a Maven module's target/classes) changes inside, not its own time. */
  private static String newestIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return String.valueOf(
          files
              .filter(Files::isRegularFile)
              .map(p -> p.toFile().lastModified())
              .max(Comparator.naturalOrder())
              .orElse(0L));
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
