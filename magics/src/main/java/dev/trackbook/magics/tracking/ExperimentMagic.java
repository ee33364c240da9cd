package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.args.TrackingNames;

/** {@code %experiment NAME}: sets the active experiment; its value is the experiment id. */
public final class ExperimentMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "experiment",
              "Set the active experiment (created if missing); runs started later log to it.\n"
                  + "Value: the experiment id, or null while the server is unreachable.")
          .text("NAME", "experiment name; may contain spaces")
          .build();

  @Override
  public ArgSchema schema() {
    return SCHEMA;
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    String name = args.required("NAME");
    // Here, not only in the client, where it is a line on stderr and later runs go on into the
    // experiment that was active before.
    TrackingNames.checkExperimentName(args, name);
    return JavaCall.expression(tracking + ".experiment(" + string(name) + ")");
  }
}
