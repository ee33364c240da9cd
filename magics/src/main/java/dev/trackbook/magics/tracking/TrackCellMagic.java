package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.args.JavaLiterals.string;

import dev.trackbook.magics.JavaCall;
import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.args.TrackingNames;
import dev.trackbook.magics.provenance.SourceHash;

/**
 * {@code %%track [NAME]}: runs the cell body, then logs its wall-clock duration as metric {@code
 * track.NAME.duration_s} and the body's sha256 as tag {@code track.NAME.source_sha256}.
 */
public final class TrackCellMagic implements Magic {

  static final ArgSchema SCHEMA =
      ArgSchema.cell(
              "track",
              "Run the cell, then log its duration (metric track.NAME.duration_s) and the sha256 of its"
                  + " source\n(tag track.NAME.source_sha256) to the active run.")
          .optional("NAME", "label in the metric and tag keys (default: cell)")
          .body("the Java code to run; its value is the cell's value")
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
    String source = body == null ? "" : body;
    return timed(args, source, source, tracking);
  }

  /**
   * The timing wrapper around {@code code}, tagged with the hash of {@code source}: the body as the
   * user wrote it, before its own magics were rewritten, so a pipeline logs the same hash as the
   * notebook.
   */
  public JavaCall timed(ParsedArgs args, String source, String code, String tracking) {
    String name = name(args);
    String sha = SourceHash.sha256(source);
    // A name unique to this body, so several %%track cells can share one pipeline method.
    String start = "trackStart_" + sha.substring(0, 12);
    String body = code.stripTrailing();
    // A notebook cell may end in a bare expression (its displayed value); followed by the timing
    // call it would not compile, so it becomes an expression statement. On a line of its own, in
    // case the last line ends in a comment.
    if (!body.isEmpty() && !body.endsWith(";") && !body.endsWith("}")) {
      body += "\n;";
    }
    return JavaCall.statements(
        "long "
            + start
            + " = System.nanoTime();\n"
            + body
            + "\n"
            + tracking
            + ".metric("
            + string("track." + name + ".duration_s")
            + ", (System.nanoTime() - "
            + start
            + ") / 1e9);\n"
            + tracking
            + ".tag("
            + string("track." + name + ".source_sha256")
            + ", "
            + string(sha)
            + ");");
  }

  /** In a notebook the body runs as a cell of its own (its magics resolved, its value shown). */
  @Override
  public Object run(NotebookSession session, ParsedArgs args, String body) {
    String name = name(args);
    String source = body == null ? "" : body;
    long start = System.nanoTime();
    // After the %%track line: the body's lines are numbered as in the cell.
    Object value = session.eval("\n" + source);
    double seconds = (System.nanoTime() - start) / 1e9;
    session.eval(
        NotebookSession.TRACKING
            + ".metric("
            + string("track." + name + ".duration_s")
            + ", "
            + seconds
            + ");\n"
            + NotebookSession.TRACKING
            + ".tag("
            + string("track." + name + ".source_sha256")
            + ", "
            + string(SourceHash.sha256(source))
            + ");");
    return value;
  }

  private static String name(ParsedArgs args) {
    String name = args.get("NAME").orElse("cell");
    TrackingNames.checkKey(args, "metric", "track." + name + ".duration_s");
    return name;
  }
}
