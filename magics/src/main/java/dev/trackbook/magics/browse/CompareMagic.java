package dev.trackbook.magics.browse;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %compare RUN_ID...}: the runs' metric curves overlaid, one chart per metric, as a PNG.
 * Display only.
 */
public final class CompareMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.line(
              "compare",
              "Plot the metric histories of runs over their steps: one chart per metric, one line per run.")
          .varargs("RUN_ID", "the runs to compare (ids as %runs shows them)")
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
    List<RunHistory> histories = new ArrayList<>();
    for (String runId : args.list("RUN_ID")) {
      histories.add(server.history(runId));
    }
    if (histories.stream().allMatch(h -> h.metrics().isEmpty())) {
      session.print("%compare: these runs have no metrics yet");
      return null;
    }
    session.displayPng(MetricChart.png(histories));
    return null;
  }
}
