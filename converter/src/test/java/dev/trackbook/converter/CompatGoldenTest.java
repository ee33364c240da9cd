package dev.trackbook.converter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.converter.notebook.IpynbReader;
import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.converter.percent.PipelineScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripts written by earlier pipeline format versions ({@code golden/compat/format-N/}, kept as
 * they were written) must still be read: a pipeline committed last year still runs. When the format
 * version moves, copy the current goldens into a new {@code format-N} directory.
 */
class CompatGoldenTest {

  static Stream<Path> scripts() throws IOException {
    try (Stream<Path> dirs = Files.list(PercentGoldenTest.GOLDEN.resolve("compat"))) {
      List<Path> all = new ArrayList<>();
      for (Path dir : dirs.sorted().toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(all::add);
        }
      }
      return all.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scripts")
  void olderScriptsStillReadToTheirNotebooks(Path script) {
    PipelineScript parsed = new PercentReader().read(script);
    String name = script.getFileName().toString().replace(".java", ".ipynb");
    var notebook = new IpynbReader().read(PercentGoldenTest.GOLDEN.resolve("inputs/" + name));

    assertThat(parsed.matchesHeader(new TestMagics())).isTrue();
    assertThat(parsed.notebook().cells()).isEqualTo(notebook.cells());
  }

  @Test
  void theCurrentFormatHasCompatGoldens() {
    assertThat(
            PercentGoldenTest.GOLDEN.resolve(
                "compat/format-" + PipelineFormat.JAVA_PERCENT.version()))
        .isDirectory();
  }
}
