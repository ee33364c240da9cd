package dev.trackbook.converter.magic;

import dev.trackbook.kernel.dependencies.MavenResolver;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns the magics of a notebook cell into plain Java for a pipeline script. The converter calls it
 * once per line of a code cell, or once for the whole cell when it starts with a cell magic ({@code
 * %%name}); a line it returns unchanged is plain Java, anything else is a magic.
 *
 * <p>The implementation is the magics module's own rewriter ({@link MagicsModuleTranslator}), so
 * the notebook and the pipeline give a magic the same meaning; there is no second magic parser.
 */
@FunctionalInterface
public interface MagicTranslator {

  /**
   * Translates one line, or one cell that starts with a cell magic.
   *
   * @param source the line (or cell) as in the notebook
   * @param notebookDirectory the notebook's directory, which the kernel ran it in: files a magic
   *     reads at conversion ({@code %loadFromPOM PATH}) are relative to it
   * @return the Java to run in its place (the line itself when it holds no magic; empty for
   *     display-only magics such as {@code %runs}) and the Maven coordinates and class path it
   *     needs ({@code %maven}, {@code %classpath}, {@code %addMavenRepo})
   * @throws IllegalArgumentException with a one-line message when a magic is misused or unknown, or
   *     a file it reads cannot be read
   */
  Translation translate(String source, Path notebookDirectory);

  /**
   * What a magic becomes in a pipeline.
   *
   * @param javaSource Java statements, possibly empty
   * @param mavenCoordinates {@code group:artifact:version} coordinates to resolve before running
   * @param classpath {@code %classpath} paths and globs, as written, to add before running
   * @param mavenRepositories {@code %addMavenRepo} repositories the coordinates are resolved from
   */
  record Translation(
      String javaSource,
      List<String> mavenCoordinates,
      List<String> classpath,
      List<MavenResolver.Repository> mavenRepositories) {
    public Translation {
      mavenCoordinates = List.copyOf(mavenCoordinates);
      classpath = List.copyOf(classpath);
      mavenRepositories = List.copyOf(mavenRepositories);
    }

    /** A translation that adds nothing to the class path. */
    public Translation(String javaSource, List<String> mavenCoordinates) {
      this(javaSource, mavenCoordinates, List.of(), List.of());
    }
  }
}
