package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.JavaLiterals;
import dev.trackbook.magics.args.JavaLiterals.TypedValue;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.args.TrackingNames;
import java.util.Map;

/**
 * {@code %param k=v ...}: declares each key as a typed Java variable and logs it as a run
 * parameter, so {@code %param lr=0.01} leaves {@code double lr} usable in later code.
 */
public final class ParamMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "param",
              "Declare typed Java variables and log them as parameters of the active run.\n"
                  + "Types: true/false boolean; whole numbers int (long if too big or with L); other numbers"
                  + " double;\nanything else String ('quoted' forces a String).")
          .pairs("variable name and value, e.g. lr=0.01 epochs=10 optimizer=adam")
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
    StringBuilder declarations = new StringBuilder();
    StringBuilder logs = new StringBuilder();
    for (Map.Entry<String, String> e : args.pairs().entrySet()) {
      String key = e.getKey();
      if (!JavaLiterals.isIdentifier(key)) {
        throw args.usageError(
            "'" + key + "' is not a Java variable name (%param declares a variable per key)");
      }
      TrackingNames.checkKey(args, "param", key);
      TrackingNames.checkValueLength(args, key, e.getValue(), TrackingNames.MAX_PARAM_VALUE_LENGTH);
      TypedValue value = JavaLiterals.typed(e.getValue());
      declarations
          .append(value.javaType())
          .append(' ')
          .append(key)
          .append(" = ")
          .append(value.literal());
      declarations.append(";\n");
      logs.append(tracking)
          .append(".param(")
          .append(string(key))
          .append(", ")
          .append(key)
          .append(");\n");
    }
    return JavaCall.statements(declarations.append(logs).toString().stripTrailing());
  }
}
