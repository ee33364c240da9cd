package dev.trackbook.converter.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.ConversionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpynbReaderTest {

  final IpynbReader reader = new IpynbReader();

  static String notebook(int nbformat, String language, String cells) {
    return "{\"nbformat\": "
        + nbformat
        + ", \"nbformat_minor\": 5, \"metadata\": {\"kernelspec\": {\"name\": \"k\", \"language\": \""
        + language
        + "\"}}, \"cells\": "
        + cells
        + "}";
  }

  @Test
  void readsSourcesAsStringsOrLinesWithIdsAndTags() {
    Notebook nb =
        reader.parse(
            notebook(
                4,
                "java",
                "[{\"cell_type\": \"code\", \"id\": \"a\", \"metadata\": {\"tags\": [\"x\"]},"
                    + " \"source\": [\"int a = 1;\\n\", \"a\"], \"outputs\": []},"
                    + " {\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"# t\"}]"),
            "t.ipynb");

    assertThat(nb.cells())
        .containsExactly(
            new Cell(CellType.CODE, "a", "int a = 1;\na", List.of("x")),
            new Cell(CellType.MARKDOWN, null, "# t", List.of()));
    assertThat(nb.kernelspec()).containsEntry("language", "java");
  }

  @Test
  void lineEndsBecomeLineFeedsAndTheHashIsTheLineFeedNotebooks() {
    String crlf =
        "[{\"cell_type\": \"markdown\", \"id\": \"m\", \"metadata\": {},"
            + " \"source\": [\"# Title\\r\\n\", \"text\\r\\n\"]},"
            + " {\"cell_type\": \"code\", \"id\": \"c\", \"metadata\": {},"
            + " \"source\": [\"int a = 1;\\r\\n\", \"System.out.println(a);\"]},"
            + " {\"cell_type\": \"raw\", \"id\": \"r\", \"metadata\": {}, \"source\": \"a\\rb\"}]";
    String lf =
        "[{\"cell_type\": \"markdown\", \"id\": \"m\", \"metadata\": {},"
            + " \"source\": [\"# Title\\n\", \"text\\n\"]},"
            + " {\"cell_type\": \"code\", \"id\": \"c\", \"metadata\": {},"
            + " \"source\": [\"int a = 1;\\n\", \"System.out.println(a);\"]},"
            + " {\"cell_type\": \"raw\", \"id\": \"r\", \"metadata\": {}, \"source\": \"a\\nb\"}]";
    Notebook fromCrlf = reader.parse(notebook(4, "java", crlf), "crlf.ipynb");
    Notebook fromLf = reader.parse(notebook(4, "java", lf), "lf.ipynb");

    assertThat(fromCrlf.cells().get(0).source()).isEqualTo("# Title\ntext\n");
    assertThat(fromCrlf.cells().get(1).source()).isEqualTo("int a = 1;\nSystem.out.println(a);");
    assertThat(fromCrlf.cells()).isEqualTo(fromLf.cells());
    assertThat(InputHash.of(fromCrlf)).isEqualTo(InputHash.of(fromLf));
  }

  @Test
  void invalidJsonNamesTheFileAndPosition() {
    assertThatThrownBy(() -> reader.parse("{\"cells\": [", "broken.ipynb"))
        .isInstanceOf(ConversionException.class)
        .hasMessageStartingWith("broken.ipynb: not a notebook, invalid JSON at line 1")
        .hasMessageNotContaining("Source");
  }

  @Test
  void nbformat3IsRefused() {
    assertThatThrownBy(() -> reader.parse(notebook(3, "java", "[]"), "old.ipynb"))
        .hasMessageContaining("old.ipynb: nbformat 3 is not supported, only nbformat 4");
  }

  @Test
  void aVersionOrIdOfTheWrongTypeIsRefusedInOneLine() {
    String stringVersion =
        "{\"nbformat\": \"4\", \"metadata\": {\"kernelspec\": {\"language\": \"java\"}},"
            + " \"cells\": []}";
    assertThatThrownBy(() -> reader.parse(stringVersion, "v.ipynb"))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "v.ipynb: not a notebook, \"nbformat\" must be a whole number like 4, not \"4\"");
    assertThatThrownBy(
            () ->
                reader.parse(
                    notebook(4, "java", "[{\"cell_type\": \"code\", \"id\": 5, \"source\": \"\"}]"),
                    "i.ipynb"))
        .isInstanceOf(ConversionException.class)
        .hasMessage("i.ipynb: cell 0: its \"id\" must be a string (nbformat 4.5), not 5");
  }

  @Test
  void anotherLanguageIsRefused() {
    assertThatThrownBy(() -> reader.parse(notebook(4, "python", "[]"), "py.ipynb"))
        .hasMessageContaining("the notebook's language is python");
    String viaLanguageInfo =
        "{\"nbformat\": 4, \"metadata\": {\"language_info\": {\"name\": \"R\"}}, \"cells\": []}";
    assertThatThrownBy(() -> reader.parse(viaLanguageInfo, "r.ipynb"))
        .hasMessageContaining("language is R");
    String none = "{\"nbformat\": 4, \"metadata\": {}, \"cells\": []}";
    assertThatThrownBy(() -> reader.parse(none, "n.ipynb"))
        .hasMessageContaining("cannot tell the notebook's language");
  }

  @Test
  void malformedCellsAreNamed() {
    assertThatThrownBy(
            () ->
                reader.parse(
                    notebook(
                        4, "java", "[{\"cell_type\": \"code\", \"id\": \"z\", \"source\": 3}]"),
                    "c.ipynb"))
        .hasMessageContaining(
            "c.ipynb: cell 0 (id z): source must be a string or a list of strings");
    assertThatThrownBy(
            () ->
                reader.parse(
                    notebook(4, "java", "[{\"cell_type\": \"widget\", \"source\": \"\"}]"),
                    "w.ipynb"))
        .hasMessageContaining("cell 0 has cell_type \"widget\"");
    assertThatThrownBy(() -> reader.parse("[]", "list.ipynb"))
        .hasMessageContaining("not an object");
  }
}
