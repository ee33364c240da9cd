package dev.trackbook.magics.browse;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import java.util.List;

/** {@code %runs [FILTER]}: an HTML table of recent runs, read from the server. Display only. */
public final class RunsMagic implements Magic {

  /** How many runs the table shows. */
  static final int MAX_RUNS = 20;

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "runs",
              "Show the "
                  + MAX_RUNS
                  + " most recent runs of every experiment as a table, newest first.")
          .optionalText(
              "FILTER",
              "an MLflow search filter, e.g. metrics.acc > 0.9 and params.opt = 'adam' (use single quotes)")
          .build();

  @Override
  public ArgSchema schema() {
    return SCHEMA;
  }

  @Override
  public JavaCall toJava(ParsedArgs args, String body, String tracking) {
    return JavaCall.none();
  }

  @Override
  public Object run(NotebookSession session, ParsedArgs args, String body) {
    ServerReader server =
        new ServerReader(session.trackingUri(), session.authorization(), SCHEMA.displayName());
    List<RunSummary> runs = server.recentRuns(args.get("FILTER").orElse(""), MAX_RUNS);
    session.displayHtml(RunsTable.html(runs, session.trackingUri()));
    return null;
  }
}
