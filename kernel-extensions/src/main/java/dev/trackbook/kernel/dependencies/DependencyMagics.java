package dev.trackbook.kernel.dependencies;

import dev.trackbook.kernel.TrackbookKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /** {@code %maven g:a:v...}: resolves from Maven Central and the local repository. */
  public static LineMagic<List<String>, BaseKernel> maven(MavenResolver resolver) {
    return (kernel, args) -> {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("%maven: expected group:artifact:version ...");
      }
      List<String> added = new ArrayList<>();
      for (String coordinates : args) {
        List<Path> jars;
        try {
          jars = resolver.resolve(coordinates);
        } catch (IllegalArgumentException | IllegalStateException e) {
          // Shown as one line (TrackbookKernel.usageErrorAsOneLine): say which magic failed.
          throw new IllegalStateException("%maven: " + e.getMessage(), e);
        }
        for (Path jar : jars) {
          added.add(jar.toAbsolutePath().toString());
        }
      }
      TrackbookKernel.of(kernel).addToClasspath(added);
      return added;
    };
  }
}
