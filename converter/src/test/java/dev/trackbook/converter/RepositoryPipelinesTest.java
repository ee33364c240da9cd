package dev.trackbook.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.converter.magic.MagicsModuleTranslator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code ./trackbook convert --check} for this repository, so {@code mvn verify} (and CI) fails
 * when a notebook under {@code notebooks/} changed and its pipeline in {@code pipelines/} was not
 * regenerated.
 */
class RepositoryPipelinesTest {

  // Surefire runs in the module directory; the repository root is its parent.
  static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyPipelineInTheRepositoryIsUpToDate() {
    Converter converter =
        new Converter(REPOSITORY, new MagicsModuleTranslator(), SourceControl.git());
    assertThat(converter.check(REPOSITORY.resolve(Converter.DEFAULT_OUT)))
        .as("stale pipelines; run ./trackbook convert")
        .isEmpty();
  }
}
