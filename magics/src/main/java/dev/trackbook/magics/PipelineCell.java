package dev.trackbook.magics;

import dev.trackbook.kernel.dependencies.MavenResolver;
import java.util.List;

/**
 * A notebook cell rewritten for a pipeline script by {@link MagicRewriter#forPipeline}.
 *
 * @param javaSource plain Java: the cell with every magic replaced by calls to {@code Tracking} (by
 *     simple name; the script needs {@link MagicRewriter#TRACKING_IMPORT})
 * @param mavenCoordinates the cell's {@code %maven} coordinates, in order, for the script's
 *     dependency header
 * @param classpath the cell's {@code %classpath} and {@code %jars} paths and globs as written
 *     (relative to the notebook's directory), in order, for the same header
 * @param mavenRepositories the cell's {@code %addMavenRepo} (or {@code %mavenRepo}) repositories,
 *     in order, for the same header: the pipeline's {@code %maven} coordinates are resolved there
 */
public record PipelineCell(
    String javaSource,
    List<String> mavenCoordinates,
    List<String> classpath,
    List<MavenResolver.Repository> mavenRepositories) {
  public PipelineCell {
    mavenCoordinates = List.copyOf(mavenCoordinates);
    classpath = List.copyOf(classpath);
    mavenRepositories = List.copyOf(mavenRepositories);
  }
}
