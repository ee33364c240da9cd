package dev.trackbook.converter.magic;

import java.util.List;

/**
 * Turns the magics of a notebook cell into plain Java for a pipeline script. The converter calls it
 * once per magic line ({@code %param lr=0.01}) and once per cell that starts with a cell magic
 * ({@code %%name}); everything else in a cell is Java and passes through untouched.
 *
 * <p>The implementation is the magics module's own rewriter ({@link MagicsModuleTranslator}), so
 * the notebook and the pipeline give a magic the same meaning; there is no second magic parser.
 */
@FunctionalInterface
public interface MagicTranslator {

  /**
   * Translates one magic.
   *
   * @param magicSource the magic line, or the whole cell for a cell magic
   * @return the Java to run in its place (empty for display-only magics such as {@code %runs}) and
   *     the Maven coordinates it needs on the class path ({@code %maven})
   * @throws IllegalArgumentException with a one-line message when the magic is misused or unknown
   */
  Translation translate(String magicSource);

  /**
   * What a magic becomes in a pipeline.
   *
   * @param javaSource Java statements, possibly empty
   * @param mavenCoordinates {@code group:artifact:version} coordinates to resolve before running
   */
  record Translation(String javaSource, List<String> mavenCoordinates) {
    public Translation {
      mavenCoordinates = List.copyOf(mavenCoordinates);
    }
  }
}
