package dev.trackbook.magics.data;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;

/**
 * {@code %drift NAME NEW_DATA}: compares new data with the logged version of a dataset (KS for
 * numeric, PSI for categorical columns), logs the report and shows it as a table and bar chart.
 */
public final class DriftMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "drift",
              "Compare new data with the logged statistics of a dataset, column by column\n"
                  + "(KS for numeric and text lengths, PSI for categories); log and show the"
                  + " report.")
          .required("NAME", "the dataset logged with %dataset")
          .required("NEW_DATA", "a Tablesaw Table variable or a CSV/TSV file path")
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
    return JavaCall.expression(
        DataSources.DATASETS
            + ".drift("
            + string(DataSources.name(args))
            + ", "
            + DataSources.java(args, "NEW_DATA")
            + ")");
  }

  // It shows its report: a call of its own.
  @Override
  public boolean inlineInBlocks() {
    return false;
  }

  /** Shows the report's table and chart, and returns the report. */
  @Override
  public Object run(NotebookSession session, ParsedArgs args, String body) {
    Object report = session.eval(toJava(args, body, NotebookSession.TRACKING).expression());
    if (report != null) {
      try {
        // The report's class lives in the notebook's class loader, not the magics'.
        session.displayHtml((String) report.getClass().getMethod("html").invoke(report));
      } catch (ReflectiveOperationException | ClassCastException e) {
        session.warn("%drift: cannot show the report: " + e);
      }
    }
    return report;
  }
}
