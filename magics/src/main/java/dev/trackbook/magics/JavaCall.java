package dev.trackbook.magics;

/**
 * The Java source of one magic call.
 *
 * @param statements what the call means on a line of its own: complete statements, possibly several
 *     lines, or empty for display-only magics
 * @param expression what it means where a value is expected ({@code var id = %run start}), or
 *     {@code null} when the magic has no value
 */
public record JavaCall(String statements, String expression) {

  /** A call with no value. */
  public static JavaCall statements(String statements) {
    return new JavaCall(statements, null);
  }

  /**
   * A call whose value is {@code expression}; on its own line it is that expression as a statement.
   */
  public static JavaCall expression(String expression) {
    return new JavaCall(expression + ";", expression);
  }

  /** A display-only call: nothing in a pipeline. */
  public static JavaCall none() {
    return new JavaCall("", null);
  }
}
