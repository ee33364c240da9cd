package dev.trackbook.kernel.engine;

import java.util.List;

/**
 * What evaluating one cell produced. Exactly one of four outcomes; callers switch on the type.
 *
 * <p>A cell is run snippet by snippet (as JShell splits it); the first snippet that fails to
 * compile, throws, or is interrupted ends the cell, and later snippets do not run.
 */
public sealed interface EvalResult
    permits EvalResult.Success,
        EvalResult.CompileError,
        EvalResult.Failure,
        EvalResult.Interrupted {

  /**
   * The cell ran to its end.
   *
   * @param hasValue true when the last snippet is an expression with a non-void type
   * @param value the expression's value as the live object (may be null), or null without a value
   * @param typeName the static type JShell inferred for the value, or null without a value
   */
  record Success(boolean hasValue, Object value, String typeName) implements EvalResult {}

  /**
   * A snippet did not compile; nothing from that snippet on ran.
   *
   * @param diagnostics the errors, each located in the cell
   */
  record CompileError(List<Diagnostic> diagnostics) implements EvalResult {
    /** Lines a person reads: per error, where it is, the source line and a caret. */
    public List<String> traceback() {
      return diagnostics.stream().flatMap(d -> d.describe().stream()).toList();
    }
  }

  /**
   * User code threw.
   *
   * @param exception the exception user code threw, its stack trace cut to the user's frames
   * @param traceback lines a person reads: class, message, user frames with cell lines, causes
   */
  record Failure(Throwable exception, List<String> traceback) implements EvalResult {}

  /** The cell was interrupted ({@link JShellEngine#interrupt()}); later snippets did not run. */
  record Interrupted() implements EvalResult {}

  /**
   * One compile error.
   *
   * @param line 1-based line in the cell
   * @param column 1-based column in that line
   * @param message javac's message
   * @param sourceLine the text of that line of the cell
   */
  record Diagnostic(int line, int column, String message, String sourceLine) {
    List<String> describe() {
      String caret = " ".repeat(Math.max(0, column - 1)) + "^";
      return List.of("line " + line + ": " + message, "    " + sourceLine, "    " + caret);
    }
  }
}
