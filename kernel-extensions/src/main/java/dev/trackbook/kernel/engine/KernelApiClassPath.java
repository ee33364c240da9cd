package dev.trackbook.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * What javac compiles a pipeline's cells against: the classes of {@link KernelApiOnlyLoader}'s
 * packages, copied out of this JVM's class path (the CLI's one jar holds everything) into a
 * directory of this process's own, so a cell cannot compile against a library the notebook's kernel
 * does not show it. About 1,400 classes, ~0.1-0.2 s once per pipeline JVM; deleted when the JVM
 * exits. Per process, so parallel pipelines never share or race on it.
 */
final class KernelApiClassPath {
  /** Classes whose code sources hold the API even when java.class.path is one manifest jar. */
  private static final List<String> ANCHORS =
      List.of(
          "dev.trackbook.kernel.engine.CellStop",
          "org.dflib.jjava.jupyter.kernel.BaseKernel",
          "dev.trackbook.client.Tracking",
          "dev.trackbook.magics.Magic");

  private KernelApiClassPath() {}

  /**
   * A fresh directory with the API classes of {@code hostClassPath}'s entries (and of the anchor
   * classes' jars), the first entry's copy of a class winning as in the JVM.
   *
   * @throws IOException when the copy cannot be made (no writable temp directory)
   */
  static Path copy(String hostClassPath, ClassLoader host) throws IOException {
    Set<Path> entries = new LinkedHashSet<>();
    for (String e : hostClassPath.split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(Path.of(e).toAbsolutePath().normalize());
      }
    }
    for (String anchor : ANCHORS) {
      codeSource(anchor, host).ifPresent(entries::add);
    }
    Path into = Files.createTempDirectory("trackbook-kernel-api-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(into)));
    for (Path entry : entries) {
      copyApi(entry, into);
    }
    return into;
  }

  private static java.util.Optional<Path> codeSource(String className, ClassLoader host) {
    try {
      var source = Class.forName(className, false, host).getProtectionDomain().getCodeSource();
      return java.util.Optional.of(
          Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
    } catch (ReflectiveOperationException
        | LinkageError
        | RuntimeException
        | java.net.URISyntaxException e) {
      return java.util.Optional.empty(); // not on this class path (the magics, in a kernel test)
    }
  }

  private static boolean api(String path) {
    return path.endsWith(".class") && KernelApiOnlyLoader.sharedResource(path);
  }

  private static void copyApi(Path entry, Path into) throws IOException {
    if (Files.isDirectory(entry)) {
      try (Stream<Path> files = Files.walk(entry)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          String rel = entry.relativize(f).toString().replace(File.separatorChar, '/');
          Path target = into.resolve(rel);
          if (api(rel) && !Files.exists(target)) {
            Files.createDirectories(target.getParent());
            Files.copy(f, target);
          }
        }
      }
    } else if (Files.isRegularFile(entry)) {
      try (JarFile jar = new JarFile(entry.toFile())) {
        for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
          Path target = into.resolve(e.getName());
          if (!e.isDirectory() && api(e.getName()) && !Files.exists(target)) {
            Files.createDirectories(target.getParent());
            try (InputStream in = jar.getInputStream(e)) {
              Files.copy(in, target);
            }
          }
        }
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a temp directory the OS cleans up
    }
  }
}
