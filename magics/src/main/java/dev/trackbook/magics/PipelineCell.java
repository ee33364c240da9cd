package dev.trackbook.magics;

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
 */
public record PipelineCell(
    String javaSource, List<String> mavenCoordinates, List<String> classpath) {
  public PipelineCell {
    mavenCoordinates = List.copyOf(mavenCoordinates);
    classpath = List.copyOf(classpath);
  }
}
