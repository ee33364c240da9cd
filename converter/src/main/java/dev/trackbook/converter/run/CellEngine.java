package dev.trackbook.converter.run;

import java.util.List;

/**
 * Evaluates pipeline cells one after another in one JShell session. The real one is the kernel's
 * engine ({@link KernelCellEngine}), so a pipeline runs with the notebook's semantics.
 */
public interface CellEngine extends AutoCloseable {

  /** Puts jars or class directories on the class path of later cells. */
  void addToClasspath(String path);

  /**
   * Evaluates one cell; blocks until it ends.
   *
   * @param label how tracebacks name this cell, e.g. {@code cell 3 (id train)}
   * @param source the Java to evaluate
   */
  Outcome eval(String label, String source);

  @Override
  void close();

  /**
   * How a cell ended.
   *
   * @param ok whether it ran to its end
   * @param error for a failed cell: the error in one line (exception and message, or the compile
   *     error), else null
   * @param traceback for a failed cell: the lines a person reads (user frames only), else empty
   */
  record Outcome(boolean ok, String error, List<String> traceback) {
    public Outcome {
      traceback = List.copyOf(traceback);
    }

    public static Outcome success() {
      return new Outcome(true, null, List.of());
    }
  }
}
