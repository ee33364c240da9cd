package dev.trackbook.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.trackbook.converter.notebook.IpynbReader;
import dev.trackbook.converter.notebook.IpynbWriter;
import dev.trackbook.converter.notebook.Notebook;
import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.converter.percent.PipelineScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files after jupytext's mirror tests: each {@code golden/inputs/x.ipynb} has its expected
 * script in {@code golden/outputs/percent/x.java}. The text must match; then the script is read
 * back and must give the notebook's inputs again. A missing golden is written for review and the
 * test fails.
 */
class PercentGoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");
  static final SourceControl.Revision REVISION =
      new SourceControl.Revision("0123456789abcdef0123456789abcdef01234567", false);

  static Converter converter(Path root) {
    return new Converter(root, new TestMagics(), (r, f) -> REVISION, "test");
  }

  static Stream<String> inputs() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN.resolve("inputs"))) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".ipynb"))
              .sorted()
              .toList();
      return names.stream().map(n -> n.substring(0, n.length() - ".ipynb".length()));
    }
  }

  static String render(String name) {
    Notebook nb = new IpynbReader().read(GOLDEN.resolve("inputs/" + name + ".ipynb"));
    return converter(Path.of(".")).render(nb, "notebooks/" + name + ".ipynb", 1, REVISION);
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void scriptMatchesGoldenAndReadsBack(String name) throws IOException {
    String actual = render(name);
    Path golden = GOLDEN.resolve("outputs/percent/" + name + ".java");
    if (!Files.exists(golden)) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      fail("wrote missing golden " + golden + "; review it and commit it");
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));

    Notebook original = new IpynbReader().read(GOLDEN.resolve("inputs/" + name + ".ipynb"));
    PipelineScript back = new PercentReader().parse(actual, name);
    assertThat(back.notebook().cells()).isEqualTo(original.cells());
    assertThat(back.matchesHeader(new TestMagics())).isTrue();
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void sameNotebookGivesTheSameBytes(String name) {
    assertThat(render(name)).isEqualTo(render(name));
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void notebookToScriptToNotebookKeepsInputs(String name, @TempDir Path dir) throws IOException {
    Path script = dir.resolve(name + ".java");
    Files.writeString(script, render(name));
    Path restored = converter(dir).toNotebook(script, dir.resolve("back"), false);

    Notebook original = new IpynbReader().read(GOLDEN.resolve("inputs/" + name + ".ipynb"));
    Notebook again = new IpynbReader().read(restored);
    assertThat(again.cells()).isEqualTo(original.cells());
    assertThat(again.kernelspec()).isEqualTo(original.kernelspec());
    // And the restored notebook converts to the very same script.
    assertThat(converter(dir).render(again, "notebooks/" + name + ".ipynb", 1, REVISION))
        .isEqualTo(render(name));
    // The restored file is what our own writer gives, so a second round trip is stable too.
    assertThat(Files.readString(restored)).isEqualTo(new IpynbWriter().write(again));
  }
}
