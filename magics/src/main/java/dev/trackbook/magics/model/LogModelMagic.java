package dev.trackbook.magics.model;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.JavaLiterals;
import dev.trackbook.magics.args.ParsedArgs;

/**
 * {@code %log_model NAME [MODEL]}: logs a model (a DJL {@code Model}, with tracking-djl on the
 * classpath) as artifacts NAME of the active run, with its descriptor. Value: {@code
 * runs:/RUN_ID/NAME}.
 */
public final class LogModelMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "log_model",
              "Log a model with its descriptor (signature, example input, metrics, hash) to the\n"
                  + "active run. Value: its URI runs:/RUN_ID/NAME.")
          .required("NAME", "the model's name: its artifact directory and registry name")
          .optional("MODEL", "the variable holding the model (default: model)")
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
    String name = ModelNames.checkName(args, args.required("NAME"));
    String model = args.get("MODEL").orElse("model");
    if (!JavaLiterals.isQualifiedName(model)) {
      throw args.usageError("MODEL must be a variable name, not '" + model + "'");
    }
    return JavaCall.expression(tracking + ".logModel(" + model + ", " + string(name) + ")");
  }
}
