package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.JavaLiterals;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.args.TrackingNames;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code %metric k=v ... [step=N]}: logs metric values; a value (and the step) is a number or a
 * Java variable holding one.
 */
public final class MetricMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "metric",
              "Log metric values to the active run (a run starts by itself on the first log).")
          .pairs("metric name and value: a number, or a Java variable or field holding one")
          .option(
              "step",
              "N",
              "the values' step, a whole number or a variable holding one (default: next per key)")
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
    String step = args.option("step").map(s -> stepExpression(args, s)).orElse(null);
    StringBuilder java = new StringBuilder();
    for (Map.Entry<String, String> e : args.pairs().entrySet()) {
      TrackingNames.checkKey(args, "metric", e.getKey());
      String value = e.getValue();
      String expression;
      if (JavaLiterals.isNumber(value)) {
        JavaLiterals.TypedValue number = JavaLiterals.typed(value);
        if (number.javaType().equals("String")) {
          throw args.usageError("value of '" + e.getKey() + "' is not a finite number: " + value);
        }
        expression = number.literal();
      } else if (JavaLiterals.isQualifiedName(value)) {
        expression = value;
      } else {
        throw args.usageError(
            "value of '"
                + e.getKey()
                + "' must be a number or a variable name, got '"
                + value
                + "'");
      }
      java.append(tracking)
          .append(".metric(")
          .append(string(e.getKey()))
          .append(", ")
          .append(expression);
      if (step != null) {
        java.append(", ").append(step);
      }
      java.append(");\n");
    }
    return JavaCall.statements(java.toString().stripTrailing());
  }

  /**
   * A magic at a cell's top level runs as its own snippet, reading the notebook's variables: a
   * variable that is missing or not a number is named in one line instead of a compile error.
   */
  @Override
  public Object run(NotebookSession session, ParsedArgs args, String body) {
    String java = toJava(args, body, NotebookSession.TRACKING).statements();
    List<String> names = new java.util.ArrayList<>();
    args.pairs().values().stream().filter(v -> !JavaLiterals.isNumber(v)).forEach(names::add);
    String stepName = args.option("step").filter(v -> !JavaLiterals.isNumber(v)).orElse(null);
    if (stepName != null) {
      names.add(stepName);
    }
    try {
      session.run(java);
    } catch (RuntimeException e) {
      if (names.isEmpty()) {
        throw e;
      }
      String why = String.valueOf(e.getMessage());
      Matcher notAStep = NOT_A_STEP.matcher(why);
      if (stepName != null && notAStep.find()) {
        throw args.usageError(
            "step "
                + stepName
                + " is a "
                + (notAStep.group(1) != null ? notAStep.group(1) : notAStep.group(2))
                    .replaceAll("\\b[a-z]\\w*\\.", "")
                + ", not a whole number");
      }
      Matcher notANumber = NOT_A_NUMBER.matcher(why);
      if (notANumber.find()) {
        // The variable is there, of a type a metric cannot take (a String, a List, ...).
        throw args.usageError(
            (names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names))
                + " is a "
                + notANumber.group(1).replaceAll("\\b[a-z]\\w*\\.", "")
                + ", not a number");
      }
      if (!why.contains("cannot find symbol")) {
        throw e;
      }
      // Only a top-level magic runs as its own call (one in a block is inlined and reads the
      // block's locals): the variable is not in the notebook.
      // javac names the symbol: a variable (nosuch) or the field of one (acc of model.acc); the
      // argument as written says which.
      Matcher missing = MISSING.matcher(why);
      String symbol = missing.find() ? missing.group(1) : null;
      String unread =
          names.stream()
              .filter(
                  n -> n.equals(symbol) || n.startsWith(symbol + ".") || n.endsWith("." + symbol))
              .findFirst()
              .orElse(String.join(", ", names));
      throw args.usageError(
          "cannot read " + unread + ": no such variable or field in the notebook");
    }
    return null;
  }

  // javac's words for a name it cannot find.
  private static final Pattern MISSING = Pattern.compile("symbol:\\s+variable\\s+(\\S+)");

  // javac's words when a variable's type does not fit Tracking.metric's double.
  private static final Pattern NOT_A_NUMBER =
      Pattern.compile("incompatible types: (.+?) cannot be converted to double");

  // javac's words when the step variable's type does not fit Tracking.metric's long.
  private static final Pattern NOT_A_STEP =
      Pattern.compile(
          "possible lossy conversion from (\\S+) to long|incompatible types: (.+?) cannot be"
              + " converted to long");

  /** A whole number, or a variable holding one (a loop's {@code epoch}), as MLflow's step. */
  private static String stepExpression(ParsedArgs args, String step) {
    try {
      return Long.parseLong(step) + "L";
    } catch (NumberFormatException e) {
      if (JavaLiterals.isQualifiedName(step)) {
        return step;
      }
      throw args.usageError("step must be a whole number or a variable name, got '" + step + "'");
    }
  }
}
