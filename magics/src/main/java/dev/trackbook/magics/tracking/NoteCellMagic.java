package dev.trackbook.magics.tracking;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;

/** {@code %%note}: the cell body, markdown, becomes the active run's note. */
public final class NoteCellMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.cell("note", "Set the note (description) of the active run from the cell body.")
          .body("the note, markdown (MLflow shows it as the run's description)")
          .build();

  @Override
  public ArgSchema schema() {
    return SCHEMA;
  }

  @Override
  public boolean logsToRun(ParsedArgs args) {
    return true;
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      throw args.usageError("the cell body is empty; write the note below %%note");
    }
    return NoteMagic.noteCall(args, text, tracking);
  }
}
