package dev.trackbook.magics.data;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;

/**
 * {@code %dataset NAME DATA [CONTEXT]}: logs a dataset version (content sha256, schema, column
 * statistics) as an MLflow run input; its value is the profile. Needs module tracking-data on the
 * classpath.
 */
public final class DatasetMagic implements Magic {

  /** MLflow's usual values of the {@code mlflow.data.context} input tag. */
  static final java.util.List<String> CONTEXTS =
      java.util.List.of("training", "validation", "test", "eval");

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "dataset",
              "Log a dataset version (content digest, schema, statistics) as an input of the active"
                  + " run.\nThe same content (in any row order) is the same version.")
          .required("NAME", "dataset name")
          .required("DATA", "a Tablesaw Table variable or a CSV/TSV file path")
          .optional("CONTEXT", "its use in the run: training (default), validation, test or eval")
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
    String name = DataSources.name(args);
    String data = DataSources.java(args, "DATA");
    String context = args.get("CONTEXT").orElse("training");
    if (!CONTEXTS.contains(context)) {
      throw args.usageError("CONTEXT must be one of " + String.join(", ", CONTEXTS));
    }
    return JavaCall.expression(
        DataSources.DATASETS + ".log(" + string(name) + ", " + data + ", " + string(context) + ")");
  }
}
