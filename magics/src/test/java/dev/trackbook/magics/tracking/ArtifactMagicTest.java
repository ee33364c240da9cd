package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.parse;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.magics.RecordingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactMagicTest {

  private final ArtifactMagic magic = new ArtifactMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %artifact PATH [DIR]

            Upload a file, or a directory's files, into the active run's artifacts.

            Arguments:
              PATH  the file or directory, relative to the notebook's directory
              DIR   directory inside the run's artifacts (default: the top)
            """);
  }

  @Test
  void pathAndOptionalDirectory() {
    assertThat(statements(magic, "\"out/my model.bin\""))
        .isEqualTo("Tracking.artifact(java.nio.file.Path.of(\"out/my model.bin\"));");
    assertThat(statements(magic, "plot.png figures"))
        .isEqualTo("Tracking.artifact(java.nio.file.Path.of(\"plot.png\"), \"figures\");");
  }

  @Test
  void mistakes() {
    assertUsageError(magic, "", "%artifact: missing PATH (usage: %artifact PATH [DIR])");
    assertUsageError(
        magic, "a b c", "%artifact: unexpected argument 'c' (usage: %artifact PATH [DIR])");
    assertUsageError(magic, "bad\u0000name", "%artifact: invalid path 'bad\u0000name'");
    // a DIR the client would refuse (with only a line on stderr, the artifact not logged)
    assertUsageError(
        magic,
        "plot.png ../up",
        "%artifact: artifact directory key '../up' is invalid: it must not start with '..'");
    assertUsageError(
        magic,
        "plot.png \"figures (v2)\"",
        "%artifact: artifact directory key 'figures (v2)' is invalid: use letters, digits, '_',"
            + " '-', '.', ' ', ':' and '/'");
    assertThat(statements(magic, "plot.png figures\\\\v2/"))
        .isEqualTo("Tracking.artifact(java.nio.file.Path.of(\"plot.png\"), \"figures/v2\");");
  }

  @Test
  void inANotebookADirectoryIsUploadedAsTheClientUploadsItsFiles(@TempDir Path dir)
      throws IOException {
    Path outputs = Files.createDirectories(dir.resolve("outputs"));
    RecordingSession session = new RecordingSession("http://127.0.0.1:1");
    magic.run(session, parse(magic, "\"" + outputs + "\" figures"), null);
    assertThat(session.evaluated)
        .singleElement()
        .asString()
        .endsWith(".artifact(java.nio.file.Path.of(\"" + outputs + "\"), \"figures\");");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> magic.run(session, parse(magic, "\"" + missing + "\""), null))
        .hasMessage("%artifact: no such file or directory: " + missing);
  }
}
