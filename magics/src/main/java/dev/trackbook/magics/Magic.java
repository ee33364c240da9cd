package dev.trackbook.magics;

import dev.trackbook.magics.args.ArgSchema;
import dev.trackbook.magics.args.ParsedArgs;

/**
 * One tracking magic: its argument schema, the Java a call means, and how it runs in a notebook.
 *
 * <p>Most magics <em>are</em> their Java: in the kernel the call is evaluated in the user's JShell
 * session through {@link NotebookSession#eval}, and in a pipeline script the same text is written
 * out by {@link MagicRewriter}, so a notebook and its pipeline log the same things. Display-only
 * magics ({@code %runs}, {@code %compare}) have no Java and override {@link #run}.
 *
 * <p>Implementations keep their schema in a static constant (built once) and hold no state:
 * everything that lives as long as a kernel session is in the {@link NotebookSession}.
 */
public interface Magic {

  /** The declared arguments; also the source of {@code %name?} help. */
  ArgSchema schema();

  /**
   * The Java this call means.
   *
   * @param args the parsed arguments
   * @param body the cell body for a cell magic, {@code null} for a line magic
   * @param tracking how generated code names the {@code dev.trackbook.client.Tracking} class
   * @throws MagicUsageException when the arguments make no sense
   */
  JavaCall toJava(ParsedArgs args, String body, String tracking);

  /**
   * Whether this call logs to the active run (so the kernel makes sure that run carries provenance
   * tags). Calls that do not, such as {@code %run end} or {@code %experiment}, must not start a run
   * as a side effect.
   */
  default boolean logsToRun(ParsedArgs args) {
    return false;
  }

  /**
   * Whether, written inside a block (a loop body, a method), the call becomes its {@link #toJava}
   * in place, reading the block's locals as the same line of a pipeline script does, instead of a
   * call of its own that sees only the notebook's top-level variables. False for magics whose
   * {@link #run} does more than evaluate their Java (display, session state).
   */
  default boolean inlineInBlocks() {
    return true;
  }

  /**
   * Runs the call in a notebook. The default evaluates {@link #toJava} in the session and returns
   * the value of its expression form, if it has one.
   *
   * @return the magic's value ({@code var id = %run start}), or {@code null}
   */
  default Object run(NotebookSession session, ParsedArgs args, String body) {
    JavaCall call = toJava(args, body, NotebookSession.TRACKING);
    if (call.expression() != null) {
      return session.eval(call.expression());
    }
    if (!call.statements().isEmpty()) {
      session.eval(call.statements());
    }
    return null;
  }
}
