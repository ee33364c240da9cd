package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import java.util.List;
import java.util.Locale;

/**
 * {@code %run start [NAME]} and {@code %run end [STATUS]}; the value of {@code start} is the run
 * id.
 */
public final class RunMagic implements Magic {

  // The terminal statuses of MLflow's RunStatus enum (mlflow/protos/service.proto).
  private static final List<String> END_STATUSES = List.of("FINISHED", "FAILED", "KILLED");

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "run",
              "Start a run (nested under the active one, if any) or end the active run.\n"
                  + "A run also starts by itself on the first log. Value of start: the run id.")
          .choice("ACTION", "what to do", "start", "end")
          .optional(
              "ARG", "start: the run name; end: the status FINISHED (default), FAILED or KILLED")
          .build();

  @Override
  public ArgSchema schema() {
    return SCHEMA;
  }

  @Override
  public boolean logsToRun(ParsedArgs args) {
    return args.required("ACTION").equals("start");
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    String arg = args.get("ARG").orElse(null);
    if (args.required("ACTION").equals("start")) {
      return new JavaCall(
          tracking + ".startRun(" + string(arg) + ");",
          tracking + ".startRun(" + string(arg) + ").runId()");
    }
    if (arg == null) {
      return JavaCall.statements(tracking + ".endRun();");
    }
    String status = arg.toUpperCase(Locale.ROOT);
    if (!END_STATUSES.contains(status)) {
      throw args.usageError(
          "status must be one of " + String.join(", ", END_STATUSES) + ", got '" + arg + "'");
    }
    return JavaCall.statements(tracking + ".endRun(" + string(status) + ");");
  }
}
