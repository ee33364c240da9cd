package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.magics.MagicUsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoteMagicTest {

  private final NoteMagic line = new NoteMagic();
  private final NoteCellMagic cell = new NoteCellMagic();

  @Test
  void help() {
    assertThat(line.schema().help())
        .isEqualTo(
            """
            Usage: %note TEXT

            Set the note (description) of the active run; for a longer markdown note use the %%note cell magic.

            Arguments:
              TEXT  the note, markdown
            """);
    assertThat(cell.schema().help())
        .isEqualTo(
            """
            Usage: %%note

            Set the note (description) of the active run from the cell body.

            Arguments:
              cell body  the note, markdown (MLflow shows it as the run's description)
            """);
  }

  @Test
  void lineNoteIsItsTextAsWritten() {
    assertThat(statements(line, "tried  *bigger* \"batches\""))
        .isEqualTo("Tracking.note(\"tried  *bigger* \\\"batches\\\"\");");
    assertUsageError(line, "", "%note: missing TEXT (usage: %note TEXT)");
    // a note's text is its own: a ';' at its end is kept
    assertThat(statements(line, "tried a; then b;"))
        .isEqualTo("Tracking.note(\"tried a; then b;\");");
  }

  @Test
  void cellNoteKeepsTheBodyExactly() {
    String body = "# Result\n\n| a | b |\n|---|---|\n";
    assertThat(cell.toJava(cell.schema().parse(List.of()), body, "T").statements())
        .isEqualTo("T.note(\"# Result\\n\\n| a | b |\\n|---|---|\");");
    assertThatThrownBy(() -> cell.toJava(cell.schema().parse(List.of()), "  \n", "T"))
        .isInstanceOf(MagicUsageException.class)
        .hasMessage("%%note: the cell body is empty; write the note below %%note");
    assertThatThrownBy(() -> cell.schema().parse(List.of("x")))
        .hasMessage("%%note: unexpected argument 'x' (usage: %%note)");
  }
}
