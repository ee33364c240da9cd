package dev.trackbook.converter.magic;

import dev.trackbook.magics.MagicRewriter;
import dev.trackbook.magics.MagicUsageException;
import dev.trackbook.magics.PipelineCell;
import java.nio.file.Path;

/** The magics module's {@link MagicRewriter}: the same Java the kernel runs for each magic. */
public final class MagicsModuleTranslator implements MagicTranslator {

  @Override
  public Translation translate(String source, Path notebookDirectory) {
    try {
      PipelineCell cell = MagicRewriter.forPipeline(source, notebookDirectory);
      return new Translation(
          cell.javaSource(), cell.mavenCoordinates(), cell.classpath(), cell.mavenRepositories());
    } catch (MagicUsageException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
