package dev.trackbook.kernel;

import java.util.List;

/**
 * A cell that did not compile or was interrupted. Jupyter shows the simple class name as the error
 * name and {@link #traceback()} as the traceback; it records no stack trace, because kernel frames
 * mean nothing to the user.
 */
public class CellException extends RuntimeException {

  private final List<String> traceback;

  CellException(String message, List<String> traceback) {
    super(message, null, false, false);
    this.traceback = List.copyOf(traceback);
  }

  /** The lines shown under the error name. */
  public List<String> traceback() {
    return traceback;
  }

  /** A snippet of the cell did not compile; the traceback locates each error in the cell. */
  public static final class CompilationException extends CellException {
    CompilationException(List<String> traceback) {
      super(traceback.isEmpty() ? "compile error" : traceback.get(0), traceback);
    }
  }

  /** The user interrupted the cell; nothing after the interrupted snippet ran. */
  public static final class InterruptedException extends CellException {
    InterruptedException() {
      super("the cell was interrupted", List.of("The cell was interrupted."));
    }
  }

  /** User code threw an {@link Error} (e.g. StackOverflowError); the kernel keeps running. */
  public static final class UserError extends CellException {
    UserError(Throwable error, List<String> traceback) {
      super(error.toString(), traceback);
    }
  }
}
