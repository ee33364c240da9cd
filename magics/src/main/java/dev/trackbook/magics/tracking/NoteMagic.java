package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.args.TrackingNames;

/**
 * {@code %note TEXT}: sets the active run's note (MLflow's run description, tag {@code
 * mlflow.note.content}).
 */
public final class NoteMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "note",
              "Set the note (description) of the active run; for a longer markdown note use the %%note"
                  + " cell magic.")
          .text("TEXT", "the note, markdown")
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
    return noteCall(args, args.required("TEXT"), tracking);
  }

  static JavaCall noteCall(ParsedArgs args, String text, String tracking) {
    TrackingNames.checkValueLength(args, "note", text, TrackingNames.MAX_TAG_VALUE_LENGTH);
    return JavaCall.statements(tracking + ".note(" + string(text) + ");");
  }
}
