package dev.trackbook.kernel.dependencies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolved dependency graphs, kept beside the local repository, so that a restarted kernel's {@code
 * %maven} and every pipeline run do not walk the same POMs again (0.7 s of a fresh JVM for the DJL
 * notebooks' dependencies). Maven has no such cache; Gradle and Coursier do.
 *
 * <p>An entry is used only while every jar it lists and every POM read for it (the jars' own,
 * parents, imported BOMs) has the size and modification time it had: {@code mvn install} of a
 * SNAPSHOT, a deleted or re-downloaded file makes the graph be resolved again. A graph that can
 * change without a local file changing (a SNAPSHOT a remote repository may publish anew, a version
 * range anywhere in it, LATEST or RELEASE) is kept for {@link #CHANGING_FOR} only, Maven's default
 * daily update check. Anything unreadable is a miss, and a cache that cannot be written is no
 * cache: resolution never fails because of it.
 */
final class ResolutionCache {

  /** How long a graph that may change remotely is reused (Maven's default updatePolicy: daily). */
  static final Duration CHANGING_FOR = Duration.ofHours(24);

  // 2 (2026-12-07): graphs leave out pom artifacts, which 1 listed as jars.
  private static final String FORMAT = "trackbook-resolution 2";

  private final Path dir;

  /**
   * @param dir where entries live; created when the first one is stored
   */
  ResolutionCache(Path dir) {
    this.dir = dir;
  }

  /**
   * The cache key of resolving {@code coordinates} from repositories described by {@code
   * repositories} (their URLs and mirrors: another mirror may serve other files).
   */
  static String key(List<String> coordinates, List<String> repositories) {
    String text =
        FORMAT + "\n" + String.join("\n", coordinates) + "\n--\n" + String.join("\n", repositories);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Whether the graph may change without any of its local files changing: a version range, LATEST
   * or RELEASE among the requested versions, or a SNAPSHOT among the resolved ones.
   */
  static boolean mayChange(List<String> coordinates, List<MavenResolver.Jar> jars) {
    for (String c : coordinates) {
      String version = c.substring(c.lastIndexOf(':') + 1);
      if (version.startsWith("[")
          || version.startsWith("(")
          || version.equals("LATEST")
          || version.equals("RELEASE")) {
        return true;
      }
    }
    return jars.stream().anyMatch(j -> j.version().endsWith("SNAPSHOT"));
  }

  /** The jars stored under {@code key}, if the entry is still valid at {@code now}. */
  Optional<List<MavenResolver.Jar>> lookup(String key, Instant now) {
    List<String> lines;
    try {
      lines = Files.readAllLines(entry(key), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    // A whole entry starts with the format and ends with its line count: a cut file is a miss.
    if (lines.size() < 3
        || !lines.get(0).equals(FORMAT)
        || !lines.get(lines.size() - 1).equals("end " + lines.size())) {
      return Optional.empty();
    }
    try {
      String expires = lines.get(1);
      if (!expires.equals("expires never")
          && !now.isBefore(Instant.ofEpochMilli(Long.parseLong(expires.substring(8))))) {
        return Optional.empty();
      }
      List<MavenResolver.Jar> jars = new ArrayList<>();
      for (String line : lines.subList(2, lines.size() - 1)) {
        String[] f = line.split("\t", -1);
        // jar KEY VERSION PATH SIZE MTIME  |  file PATH SIZE MTIME
        int p = f[0].equals("jar") ? 3 : 1;
        Path path = Path.of(f[p]);
        if (!stamp(path).equals(f[p + 1] + "\t" + f[p + 2])) {
          return Optional.empty();
        }
        if (p == 3) {
          jars.add(new MavenResolver.Jar(f[1], f[2], path));
        }
      }
      return Optional.of(List.copyOf(jars));
    } catch (RuntimeException | IOException e) {
      return Optional.empty(); // a torn or foreign file: resolve again
    }
  }

  /**
   * Stores {@code jars} under {@code key}, stamped with their files and {@code pomsRead} (every POM
   * the resolution read: the jars' own, parents, imported BOMs). It is reused until a file changes;
   * a graph that {@code mayChange}, or that has a jar whose POM is missing (Maven resolved it as if
   * it had no dependencies and looks for the POM again daily), for {@link #CHANGING_FOR} after
   * {@code now} at most. Quietly does nothing when the directory cannot be written.
   */
  void store(
      String key,
      List<MavenResolver.Jar> jars,
      Collection<Path> pomsRead,
      boolean mayChange,
      Instant now) {
    StringBuilder lines = new StringBuilder();
    boolean changing = mayChange;
    try {
      Set<Path> stamped = new TreeSet<>();
      for (MavenResolver.Jar jar : jars) {
        Path file = jar.file().toAbsolutePath();
        Path pom = siblingPom(file);
        if (pom == null) {
          changing = true;
        } else {
          stamped.add(pom);
        }
        lines.append("jar\t").append(jar.key()).append('\t').append(jar.version()).append('\t');
        lines.append(file).append('\t').append(stamp(file)).append('\n');
      }
      for (Path p : pomsRead) {
        stamped.add(p.toAbsolutePath());
      }
      for (Path p : stamped) {
        lines.append("file\t").append(p).append('\t').append(stamp(p)).append('\n');
      }
      StringBuilder text = new StringBuilder(FORMAT).append('\n');
      text.append("expires ")
          .append(changing ? String.valueOf(now.plus(CHANGING_FOR).toEpochMilli()) : "never")
          .append('\n')
          .append(lines);
      text.append("end ").append(text.chars().filter(c -> c == '\n').count() + 1).append('\n');
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, key, ".tmp");
      try {
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        // Kernels started together may store the same key: each rename replaces a whole file.
        Files.move(
            tmp, entry(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | RuntimeException e) {
      // Read-only local repository, full disk: the next resolution walks the graph again.
    }
  }

  private Path entry(String key) {
    return dir.resolve(key + ".tsv");
  }

  // artifact-1.0-linux-x86_64.jar's POM is artifact-1.0.pom: the version directory holds one POM.
  private static Path siblingPom(Path jar) throws IOException {
    Path versionDir = jar.getParent();
    Path artifactDir = versionDir == null ? null : versionDir.getParent();
    if (artifactDir == null) {
      return null;
    }
    String base = artifactDir.getFileName() + "-" + versionDir.getFileName();
    Path pom = versionDir.resolve(base + ".pom");
    return Files.isRegularFile(pom) ? pom : null;
  }

  private static String stamp(Path file) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return a.size() + "\t" + a.lastModifiedTime().toMillis();
    } catch (NoSuchFileException e) {
      return "missing";
    }
  }
}
