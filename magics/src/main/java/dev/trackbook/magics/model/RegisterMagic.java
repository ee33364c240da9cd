package dev.trackbook.magics.model;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;

/**
 * {@code %register NAME [alias=ALIAS]}: registers the model the active run logged as NAME as a new
 * version of registered model NAME, optionally pointing an alias at it. Value: the version.
 */
public final class RegisterMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "register",
              "Register the active run's logged model NAME as a new version in the model\n"
                  + "registry. Value: the version number.")
          .required("NAME", "the name the model was logged under (%log_model NAME)")
          .option("alias", "ALIAS", "point this alias (e.g. champion) at the new version")
          .build();

  @Override
  public ArgSchema schema() {
    return SCHEMA;
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    String name = ModelNames.checkName(args, args.required("NAME"));
    String alias =
        args.option("alias").map(a -> string(ModelNames.checkAlias(args, a))).orElse("null");
    return JavaCall.expression(tracking + ".registerModel(" + string(name) + ", " + alias + ")");
  }
}
