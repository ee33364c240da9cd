package dev.trackbook.converter;

import static dev.trackbook.converter.NotebookFiles.cell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.manifest.PipelineManifest;
import dev.trackbook.converter.notebook.IpynbReader;
import dev.trackbook.converter.percent.PercentReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Converting into a pipelines directory: the manifest, versions, --check and the reverse. */
class ConverterTest {

  @TempDir Path root;
  final Path out = Path.of("pipelines");

  Converter converter() {
    return PercentGoldenTest.converter(root);
  }

  Path notebook(String source) throws IOException {
    return NotebookFiles.write(
        root.resolve("notebooks/train.ipynb"),
        cell("p", "int epochs = 3;", "parameters"),
        cell("t", source));
  }

  @Test
  void writesTheScriptAndRecordsItInTheManifest() throws IOException {
    Converter.Result result = converter().convert(notebook("int x = epochs;"), out);

    assertThat(result.script()).isEqualTo(root.resolve("pipelines/train.java"));
    assertThat(result.version()).isEqualTo(1);
    PipelineManifest manifest = PipelineManifest.load(root.resolve("pipelines/pipelines.lock"));
    assertThat(manifest.entry("notebooks/train.ipynb"))
        .hasValue(new PipelineManifest.Entry("pipelines/train.java", result.sourceSha256(), 1));
    var header = new PercentReader().read(result.script()).header();
    assertThat(header.source()).isEqualTo("notebooks/train.ipynb");
    assertThat(header.version()).isEqualTo(1);
    assertThat(header.parameters()).hasSize(1);
  }

  @Test
  void theVersionMovesOnlyWhenTheInputsChange() throws IOException {
    Path nb = notebook("int x = epochs;");
    converter().convert(nb, out);
    String first = Files.readString(root.resolve("pipelines/train.java"));
    String manifest = Files.readString(root.resolve("pipelines/pipelines.lock"));

    Converter.Result again = converter().convert(nb, out);
    assertThat(again.version()).isEqualTo(1);
    assertThat(again.newVersion()).isFalse();
    assertThat(Files.readString(root.resolve("pipelines/train.java"))).isEqualTo(first);
    assertThat(Files.readString(root.resolve("pipelines/pipelines.lock"))).isEqualTo(manifest);

    // Outputs are not inputs: a re-executed notebook is not a new version.
    String withOutputs =
        Files.readString(nb)
            .replace(
                "\"outputs\" : [ ]",
                "\"outputs\" : [ {\"output_type\": \"stream\", \"name\": \"stdout\", \"text\": \"3\\n\"} ]");
    assertThat(withOutputs).isNotEqualTo(Files.readString(nb));
    Files.writeString(nb, withOutputs);
    assertThat(converter().convert(nb, out).version()).isEqualTo(1);

    notebook("int x = epochs * 2;");
    Converter.Result changed = converter().convert(nb, out);
    assertThat(changed.version()).isEqualTo(2);
    assertThat(changed.newVersion()).isTrue();
    assertThat(new PercentReader().read(changed.script()).header().version()).isEqualTo(2);
  }

  @Test
  void checkNamesEachStalePipeline() throws IOException {
    Path nb = notebook("int x = epochs;");
    Path other =
        NotebookFiles.write(root.resolve("notebooks/other.ipynb"), cell("a", "int y = 1;"));
    converter().convert(nb, out);
    converter().convert(other, out);
    assertThat(converter().check(out)).isEmpty();

    notebook("int x = epochs + 1;");
    assertThat(converter().check(out))
        .singleElement()
        .asString()
        .startsWith("pipelines/train.java:")
        .contains("notebooks/train.ipynb changed")
        .contains("./trackbook convert notebooks/train.ipynb");

    assertThat(converter().check(out, List.of(other))).isEmpty();
    assertThat(converter().check(out, List.of(root.resolve("notebooks/train.ipynb")))).hasSize(1);

    Files.delete(other);
    assertThat(converter().check(out)).hasSize(2).anyMatch(s -> s.contains("no longer exists"));

    converter().convert(nb, out);
    assertThat(converter().check(out)).singleElement().asString().contains("other.ipynb");
  }

  @Test
  void checkRefusesADirectoryWithoutPipelinesInsteadOfPassing() {
    assertThatThrownBy(() -> converter().check(out))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining(root.resolve("pipelines/pipelines.lock").toString())
        .hasMessageContaining("no pipelines to check");
  }

  @Test
  void checkFindsAHandEditedOrMissingScript() throws IOException {
    Path nb = notebook("int x = epochs;");
    Path script = converter().convert(nb, out).script();
    Files.writeString(script, Files.readString(script).replace("int x = epochs;", "int x = 0;"));
    assertThat(converter().check(out)).singleElement().asString().contains("edited by hand");

    Files.delete(script);
    assertThat(converter().check(out)).singleElement().asString().contains("missing");
  }

  @Test
  void toIpynbRestoresTheInputsAndRefusesToOverwriteANotebook() throws IOException {
    Path nb = notebook("int x = epochs;");
    Path script = converter().convert(nb, out).script();

    assertThatThrownBy(() -> converter().toNotebook(script, Path.of("notebooks"), false))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("--force");

    Path restored = converter().toNotebook(script, Path.of("restored"), false);
    assertThat(new IpynbReader().read(restored)).isEqualTo(new IpynbReader().read(nb));
  }

  @Test
  void oddPathsSurviveTheYamlHeader() throws IOException {
    Path odd =
        NotebookFiles.write(
            root.resolve("notebooks/run: #1 - 'yes' \"no\" ünï.ipynb"),
            cell("p", "String name = \"null\";\nString other = \"true\";", "parameters"));

    Converter.Result result = converter().convert(odd, out);

    var header = new PercentReader().read(result.script()).header();
    assertThat(header.source()).isEqualTo("notebooks/run: #1 - 'yes' \"no\" ünï.ipynb");
    assertThat(header.parameters())
        .extracting(p -> p.defaultValue())
        .containsExactly("null", "true");
    assertThat(converter().check(out)).isEmpty();
  }

  @Test
  void aNotebookWithWindowsLineEndsConvertsAsItsLineFeedTwin() throws IOException {
    Path crlf =
        NotebookFiles.write(
            root.resolve("notebooks/train.ipynb"),
            cell("m", "md:# Title\r\ntext\r\n"),
            cell("c", "int a = 1;\r\nSystem.out.println(a);"));
    String script = Files.readString(converter().convert(crlf, out).script());
    Path lf =
        NotebookFiles.write(
            root.resolve("notebooks/train.ipynb"),
            cell("m", "md:# Title\ntext\n"),
            cell("c", "int a = 1;\nSystem.out.println(a);"));

    assertThat(script).doesNotContain("\r").contains("int a = 1;\nSystem.out.println(a);");
    assertThat(converter().convert(lf, out).newVersion()).isFalse();
  }

  @Test
  void twoNotebooksMayNotShareAScript() throws IOException {
    converter().convert(notebook("int x = 1;"), out);
    Path twin = NotebookFiles.write(root.resolve("elsewhere/train.ipynb"), cell("a", "int y = 1;"));

    assertThatThrownBy(() -> converter().convert(twin, out))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("already belongs to notebooks/train.ipynb");
  }

  @Test
  void badInputWritesNothing() throws IOException {
    Path bad =
        NotebookFiles.write(
            root.resolve("notebooks/bad.ipynb"),
            cell("p", "int epochs = compute();", "parameters"));

    assertThatThrownBy(() -> converter().convert(bad, out))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("notebooks/bad.ipynb: cell 0 (id p)")
        .hasMessageContaining("not a simple parameter assignment");
    assertThat(root.resolve("pipelines")).doesNotExist();

    Path unknownMagic =
        NotebookFiles.write(root.resolve("notebooks/magic.ipynb"), cell("m", "%nosuchmagic 1"));
    assertThatThrownBy(() -> converter().convert(unknownMagic, out))
        .hasMessageStartingWith("notebooks/magic.ipynb: cell 0 (id m)")
        .hasMessageContaining("unknown magic %nosuchmagic");

    Path marker =
        NotebookFiles.write(
            root.resolve("notebooks/marker.ipynb"), cell("md", "md:text\n%% looks like a marker"));
    assertThatThrownBy(() -> converter().convert(marker, out))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("cell marker");

    Path reserved =
        NotebookFiles.write(
            root.resolve("notebooks/reserved.ipynb"), cell("r", "// trackbook:magic fake"));
    assertThatThrownBy(() -> converter().convert(reserved, out)).hasMessageContaining("reserved");

    try (Stream<Path> files = Files.list(root)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notebooks");
    }
  }

  @Test
  void aLineThatWouldReadAsACellMarkerIsNamedByItsCellAndLine() throws IOException {
    Path code =
        NotebookFiles.write(
            root.resolve("notebooks/code.ipynb"),
            cell("a", "int a = 1;"),
            cell("b", "int b = 1;\n// In[3]:\nint c = 2;"));
    assertThatThrownBy(() -> converter().convert(code, out))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith(
            "notebooks/code.ipynb: cell 1 (id b) \"int b = 1;\", line 2: \"// In[3]:\" would read as");

    Path markdown =
        NotebookFiles.write(root.resolve("notebooks/md.ipynb"), cell("md", "md:text\n%% section"));
    assertThatThrownBy(() -> converter().convert(markdown, out))
        .hasMessageStartingWith(
            "notebooks/md.ipynb: cell 0 (id md) \"text\", line 2: \"%% section\" would read as");
    assertThat(root.resolve("pipelines")).doesNotExist();
  }
}
