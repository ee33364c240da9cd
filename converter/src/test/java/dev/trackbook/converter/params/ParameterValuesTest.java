package dev.trackbook.converter.params;

import static dev.trackbook.converter.params.ParameterCellsTest.withParameters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.ConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --params file is checked as -p is: the same ranges, and a String keeps its text. */
class ParameterValuesTest {

  @TempDir Path dir;

  final List<Parameter> parameters =
      ParameterCells.parse(
          withParameters("double lr = 0.1;\nfloat f = 1f;\nString name = \"x\";\nint n = 1;"));

  ParameterValues fromFile(String fileName, String text) throws IOException {
    Path file = dir.resolve(fileName);
    Files.writeString(file, text);
    return new ParameterValues(parameters).withFile(file);
  }

  @Test
  void aNumberOutOfRangeIsRefusedAsOnTheCommandLine() {
    assertThatThrownBy(() -> fromFile("p.json", "{\"lr\": 1e400}"))
        .isInstanceOf(ConversionException.class)
        .hasMessageEndingWith(
            "p.json: parameter lr is double: '1e400' is out of range for a double");
    assertThatThrownBy(() -> fromFile("p.yaml", "lr: 1e400\n"))
        .hasMessageEndingWith(
            "p.yaml: parameter lr is double: '1e400' is out of range for a double");
    assertThatThrownBy(() -> fromFile("p.yaml", "f: 1e-50\n"))
        .hasMessageEndingWith(
            "parameter f is float: '1e-50' is too small for a float, it would be 0");
    assertThatThrownBy(() -> fromFile("p.json", "{\"f\": 1e40}"))
        .hasMessageContaining("'1e40' is out of range for a float");
  }

  @Test
  void aStringKeepsTheTextWritten() throws IOException {
    assertThat(fromFile("p.yaml", "name: 1.50\n").values()).containsEntry("name", "1.50");
    assertThat(fromFile("p.json", "{\"name\": 1.50}").values()).containsEntry("name", "1.50");
    assertThat(fromFile("p.yaml", "name: 0x10\n").values()).containsEntry("name", "0x10");
    assertThat(fromFile("p.yaml", "name: true\n").values()).containsEntry("name", "true");
  }

  @Test
  void numbersMeanWhatTheFileFormatSays() throws IOException {
    assertThat(fromFile("p.yaml", "lr: -.inf\nf: .NaN\nn: 0x10\n").values())
        .containsEntry("lr", Double.NEGATIVE_INFINITY)
        .containsEntry("f", Float.NaN)
        .containsEntry("n", 16);
    assertThat(fromFile("p.json", "{\"lr\": 0.25, \"f\": 0.1, \"n\": 7}").values())
        .containsEntry("lr", 0.25)
        .containsEntry("f", 0.1f)
        .containsEntry("n", 7);
  }

  @Test
  void aFileThatIsNotOneFlatObjectIsRefused() {
    assertThatThrownBy(() -> fromFile("p.yaml", "- 1\n"))
        .hasMessageEndingWith("p.yaml: parameters must be one object of name: value");
    assertThatThrownBy(() -> fromFile("p.yaml", "lr: [1, 2]\n"))
        .hasMessageEndingWith("p.yaml: parameter lr must be a single double");
    assertThatThrownBy(() -> fromFile("p.json", "{\"lr\": null}"))
        .hasMessageEndingWith("p.json: parameter lr must be a single double");
    assertThatThrownBy(() -> fromFile("p.json", "{\"other\": 1}"))
        .hasMessageContaining("p.json: unknown parameter other");
  }
}
