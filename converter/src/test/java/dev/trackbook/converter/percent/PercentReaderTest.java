package dev.trackbook.converter.percent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.ConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Hand-edited or foreign scripts get one clear line naming the file and line. */
class PercentReaderTest {

  static final Path BASIC = Path.of("src/test/resources/golden/outputs/percent/basic.java");
  final PercentReader reader = new PercentReader();

  static String basic() throws IOException {
    return Files.readString(BASIC);
  }

  @Test
  void aPlainJavaFileIsNotAPipeline() {
    assertThatThrownBy(() -> reader.parse("class A {}\n", "A.java"))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("A.java: not a Trackbook pipeline");
  }

  @Test
  void aJupytextScriptWithoutOurSectionIsNotAPipeline() {
    String jupytext =
        "// ---\n// jupyter:\n//   kernelspec:\n//     name: java\n// ---\n\n// %%\nint x = 1;\n";
    assertThatThrownBy(() -> reader.parse(jupytext, "j.java"))
        .hasMessageContaining("no trackbook.pipeline section");
  }

  @Test
  void anUnclosedHeaderIsNamed() throws IOException {
    String text = basic();
    String broken = text.substring(0, text.indexOf("// ---", 30));
    assertThatThrownBy(() -> reader.parse(broken, "b.java")).hasMessageContaining("not closed");
  }

  @Test
  void aNewerFormatVersionIsRefused() throws IOException {
    String newer = basic().replace("format_version: 1\n", "format_version: 99\n");
    assertThatThrownBy(() -> reader.parse(newer, "n.java"))
        .hasMessageContaining("pipeline format version 99 is not one this Trackbook reads");
  }

  @Test
  void textBeforeTheFirstCellAndBrokenMarkersAreNamedByLine() throws IOException {
    String before = basic().replace("\n\n// %% [markdown]", "\n\nstray text\n\n// %% [markdown]");
    assertThatThrownBy(() -> reader.parse(before, "s.java"))
        .hasMessageMatching("s\\.java, line \\d+: text before the first \"// %%\" cell marker");

    String badTags = basic().replace("tags=[\"train\", \"slow\"]", "tags=[\"train\"");
    assertThatThrownBy(() -> reader.parse(badTags, "t.java"))
        .hasMessageMatching("(?s)t\\.java, line \\d+: .*tags.*");
  }

  @Test
  void anUnclosedMagicBlockIsNamed() throws IOException {
    String magics = Files.readString(BASIC.resolveSibling("magics.java"));
    String broken = magics.replaceFirst("// trackbook:end-magic\n", "");
    assertThatThrownBy(() -> reader.parse(broken, "m.java"))
        .hasMessageContaining("has no \"// trackbook:end-magic\"");
  }

  @Test
  void crlfLineEndsReadTheSame() throws IOException {
    String text = basic();
    PipelineScript lf = reader.parse(text, "lf.java");
    PipelineScript crlf = reader.parse(text.replace("\n", "\r\n"), "crlf.java");
    assertThat(crlf.notebook()).isEqualTo(lf.notebook());
    assertThat(crlf.matchesHeader()).isTrue();
  }
}
