package dev.trackbook.kernel.dependencies;

import dev.trackbook.kernel.TrackbookKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * {@code %classpath PATH...} and {@code %maven g:a:v...}: add jars to the notebook. Both return the
 * list of entries they added, so {@code var jars = %maven ...} works.
 */
public final class DependencyMagics {

  private DependencyMagics() {}

  /** {@code %classpath PATH...}: jars, class directories or globs ({@code lib/*.jar}). */
  public static LineMagic<List<String>, BaseKernel> classpath() {
    return (kernel, args) -> {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("%classpath: expected one or more paths or globs");
      }
      List<String> added = new ArrayList<>();
      for (String arg : args) {
        List<Path> matches = PathsHandler.splitAndResolveGlobs(arg);
        if (matches.isEmpty()) {
          throw new IllegalArgumentException("%classpath: nothing matches '" + arg + "'");
        }
        for (Path p : matches) {
          if (!Files.exists(p)) {
            throw new IllegalArgumentException("%classpath: no such file or directory: " + p);
          }
          added.add(p.toAbsolutePath().toString());
        }
      }
      TrackbookKernel.of(kernel).addToClasspath(added);
      return added;
    };
  }

  /**
   * {@code %maven g:a:v...}: resolves the coordinates together, as one pom's dependencies, from the
   * local repository and Maven Central (through settings.xml's mirrors and proxies). A library an
   * earlier {@code %maven} put on the classpath keeps its version: its classes may be loaded, so a
   * second version beside it would only fail later with NoSuchMethodError; the magic says which
   * versions it left out.
   */
  public static LineMagic<List<String>, BaseKernel> maven(MavenResolver resolver) {
    Map<String, String> versions = new ConcurrentHashMap<>();
    return (kernel, args) -> {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("%maven: expected group:artifact:version ...");
      }
      List<MavenResolver.Jar> jars;
      try {
        jars = resolver.resolve(args);
      } catch (IllegalArgumentException | IllegalStateException e) {
        // Shown as one line (TrackbookKernel.usageErrorAsOneLine): say which magic failed.
        throw new IllegalStateException("%maven: " + e.getMessage(), e);
      }
      List<String> added = new ArrayList<>();
      List<String> leftOut = new ArrayList<>();
      for (MavenResolver.Jar jar : jars) {
        String kept = versions.putIfAbsent(jar.key(), jar.version());
        if (kept == null) {
          added.add(jar.file().toAbsolutePath().toString());
        } else if (!kept.equals(jar.version())) {
          leftOut.add(jar.key() + ":" + jar.version() + " (" + kept + " is on the classpath)");
        }
      }
      TrackbookKernel.of(kernel).addToClasspath(added);
      if (!leftOut.isEmpty()) {
        System.err.println(
            "%maven: kept the versions added earlier, left out "
                + String.join(", ", leftOut)
                + "; restart the kernel to change versions");
        System.err.flush();
      }
      return added;
    };
  }
}
