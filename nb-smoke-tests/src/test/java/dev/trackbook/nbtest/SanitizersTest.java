package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SanitizersTest {
  @TempDir Path dir;

  private static String apply(List<NotebookOptions.Sanitizer> sanitizers, String text) {
    for (NotebookOptions.Sanitizer s : sanitizers) {
      text = s.apply(text);
    }
    return text;
  }

  @Test
  void anNbvalFileReadsAsNbvalReadsIt() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("sanitize.cfg"),
            """
            # timestamps and money
            [time]
            regex: \\d{2}:\\d{2}:\\d{2}
            replace: TIME

            ; configparser also takes '='
            [cost]
            regex = \\$\\d+
            replace = $COST\\1

            [gone]
            regex: id=\\w+
            """);

    List<NotebookOptions.Sanitizer> sanitizers = Sanitizers.fromFile(file);

    // The replacement is literal text: '$' and '\\' are not group references.
    assertThat(apply(sanitizers, "at 12:03:59 paid $42 (id=ab12)"))
        .isEqualTo("at TIME paid $COST\\1 ()");
  }

  @Test
  void mistakesInAFileSayWhere() throws Exception {
    Path noRegex = Files.writeString(dir.resolve("a.cfg"), "[time]\nreplace: T\n");
    assertThatThrownBy(() -> Sanitizers.fromFile(noRegex))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(noRegex + ": [time]: no regex");
    Path bad = Files.writeString(dir.resolve("b.cfg"), "[x]\nregex: (unclosed\n");
    assertThatThrownBy(() -> Sanitizers.fromFile(bad))
        .hasMessageStartingWith(bad + ": [x]: invalid regex '(unclosed': Unclosed group");
    Path noSection = Files.writeString(dir.resolve("c.cfg"), "regex: x\n");
    assertThatThrownBy(() -> Sanitizers.fromFile(noSection))
        .hasMessageContaining("expected [section] then 'regex: ...'");
  }

  @Test
  void aNotebooksMetadataCarriesItsOwn() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<NotebookOptions.Sanitizer> sanitizers =
        Sanitizers.fromMetadata(
            json.readTree(
                "{\"trackbook\": {\"sanitizers\": [{\"regex\": \"0x[0-9a-f]+\", \"replace\":"
                    + " \"ADDR\"}, {\"regex\": \"\\\\s+$\"}]}}"));
    assertThat(apply(sanitizers, "at 0x7f3a  ")).isEqualTo("at ADDR");
    assertThat(Sanitizers.fromMetadata(json.readTree("{}"))).isEmpty();
    assertThatThrownBy(
            () ->
                Sanitizers.fromMetadata(
                    json.readTree("{\"trackbook\": {\"sanitizers\": [{\"replace\": \"x\"}]}}")))
        .hasMessage("metadata trackbook.sanitizers[0]: no \"regex\"");
  }
}
