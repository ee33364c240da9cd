package dev.trackbook.magics.data;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;

/**
 * {@code %autolog [CONFIG [EPOCHS]]}: DJL auto-logging. With a {@code DefaultTrainingConfig}
 * variable it adds DJL's basic listeners and the tracking listener to it (value: the config);
 * without, its value is the listeners, for {@code config.addTrainingListeners(...)}. Needs module
 * tracking-djl on the classpath.
 */
public final class AutologMagic implements Magic {

  static final String AUTOLOG = "dev.trackbook.djl.Autolog";

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "autolog",
              "Auto-log a DJL training: hyperparameters, per-epoch losses and evaluator metrics,"
                  + " time,\nwith a live progress display.")
          .optional("CONFIG", "a DefaultTrainingConfig variable to attach the listeners to")
          .optional(
              "EPOCHS",
              "epochs that will be trained (number or int variable), for the progress bar")
          .build();

  @Override
  public ArgSchema schema() {
    return SCHEMA;
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    var config = args.get("CONFIG");
    if (config.isEmpty()) {
      return JavaCall.expression(AUTOLOG + ".listeners()");
    }
    if (!dev.trackbook.magics.args.JavaLiterals.isIdentifier(config.get())) {
      throw args.usageError("'" + config.get() + "' is not a variable name");
    }
    String epochs = args.get("EPOCHS").orElse("0");
    if (!epochs.matches("\\d{1,9}")
        && !dev.trackbook.magics.args.JavaLiterals.isIdentifier(epochs)) {
      throw args.usageError(
          "EPOCHS must be a whole number or an int variable, not '" + epochs + "'");
    }
    return JavaCall.expression(AUTOLOG + ".attach(" + config.get() + ", " + epochs + ")");
  }
}
