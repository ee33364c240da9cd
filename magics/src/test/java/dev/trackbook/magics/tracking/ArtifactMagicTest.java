package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArtifactMagicTest {

  private final ArtifactMagic magic = new ArtifactMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %artifact PATH [DIR]

            Upload a file into the active run's artifacts.

            Arguments:
              PATH  the file, relative to the notebook's directory
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
  }
}
