package dev.trackbook.kernel;

import java.util.List;

/**
 * Java for line magics written inside a block (a loop body, a method, a class, the brace-less body
 * of an {@code if} or a {@code for}), so that they read the block's locals, as the same line in a
 * converted pipeline script does, and for a magic whose value is assigned at any depth ({@code var
 * id = %run start}), so that the variable has the type of the magic's Java. Any other magic at a
 * cell's top level runs as a call of its own instead: it has no locals to see. An extension that
 * provides magics sets one with {@link TrackbookKernel#blockMagics}.
 */
public interface BlockMagics {

  /**
   * The Java that magic {@code name} with {@code args} becomes in place, on one line, or null to
   * run the magic as its own call (which sees only the notebook's top-level variables).
   *
   * @param args the arguments as jjava split them; the list is also a {@code Supplier<String>} of
   *     the argument text as written
   * @param expression whether the magic is an expression (after {@code =}) rather than a statement
   * @throws RuntimeException a one-line usage error when the magic cannot be written there (one
   *     with no value after {@code =}); the kernel shows its {@code toString()} and runs nothing of
   *     the cell
   */
  String inline(String name, List<String> args, boolean expression);

  /**
   * Why the inlined value of magic {@code name} with {@code args} did not compile, in one line
   * naming the magic (without {@code UsageError: }), as its own call would say it; null to show
   * javac's error as it is.
   *
   * @param javacMessage javac's message for the error inside the magic's Java
   */
  default String compileError(String name, List<String> args, String javacMessage) {
    return null;
  }

  /**
   * Called after the inlined Java of magic {@code name} ran without throwing, for the work the
   * magic's own call would have done after logging. A call in a loop is reported on every pass,
   * with the same {@code args} instance each time, so what is derived from it can be kept per call.
   */
  void ran(String name, List<String> args);
}
