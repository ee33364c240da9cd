package dev.trackbook.kernel;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

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

  /**
   * User code threw an {@link Error} (a failed {@code assert}, a StackOverflowError); the kernel
   * keeps running. Jupyter's error name is the simple name of what the kernel throws, and an Error
   * cannot pass through jjava, so {@link #of} picks the same-named subclass below for the common
   * Errors: the notebook shows "AssertionError: expected 42" as Python would, not "UserError:
   * java.lang.AssertionError: expected 42". Other Errors keep this class's name.
   */
  public static class UserError extends CellException {
    private UserError(String message, List<String> traceback) {
      super(message, traceback);
    }

    /**
     * The kernel's error for {@code error}, named as the nearest Error class it knows; the value is
     * the message, after the error's own simple name when that differs (a JUnit {@code
     * AssertionFailedError}, an {@code AbstractMethodError} under LinkageError).
     */
    static UserError of(Throwable error, List<String> traceback) {
      String message = error.getMessage();
      if (message == null) {
        message = error.getCause() == null ? "" : error.getCause().toString();
      }
      for (Class<?> c = error.getClass(); c != null; c = c.getSuperclass()) {
        BiFunction<String, List<String>, UserError> named = NAMED.get(c);
        if (named != null) {
          String value =
              c == error.getClass()
                  ? message
                  : ownName(error) + (message.isEmpty() ? "" : ": " + message);
          return named.apply(value, traceback);
        }
      }
      return new UserError(error.toString(), traceback);
    }
  }

  // An anonymous class has no simple name.
  private static String ownName(Throwable error) {
    String simple = error.getClass().getSimpleName();
    return simple.isEmpty() ? error.getClass().getName() : simple;
  }

  private static final Map<Class<?>, BiFunction<String, List<String>, UserError>> NAMED =
      Map.of(
          java.lang.AssertionError.class, AssertionError::new,
          java.lang.StackOverflowError.class, StackOverflowError::new,
          java.lang.OutOfMemoryError.class, OutOfMemoryError::new,
          java.lang.ExceptionInInitializerError.class, ExceptionInInitializerError::new,
          java.lang.NoClassDefFoundError.class, NoClassDefFoundError::new,
          java.lang.NoSuchMethodError.class, NoSuchMethodError::new,
          java.lang.NoSuchFieldError.class, NoSuchFieldError::new,
          java.lang.UnsatisfiedLinkError.class, UnsatisfiedLinkError::new,
          java.lang.LinkageError.class, LinkageError::new);

  /** A failed {@code assert} (or a test library's assertion: they extend AssertionError). */
  public static final class AssertionError extends UserError {
    AssertionError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }

  /** Unbounded recursion, in a cell or in a value's toString(). */
  public static final class StackOverflowError extends UserError {
    StackOverflowError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }

  /** The kernel's heap is full. */
  public static final class OutOfMemoryError extends UserError {
    OutOfMemoryError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }

  /** A static initializer threw. */
  public static final class ExceptionInInitializerError extends UserError {
    ExceptionInInitializerError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }

  /** A class compiled against is missing at run time (often a %maven version mix). */
  public static final class NoClassDefFoundError extends UserError {
    NoClassDefFoundError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }

  /** A method compiled against is missing at run time (two versions of a library). */
  public static final class NoSuchMethodError extends UserError {
    NoSuchMethodError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }

  /** A field compiled against is missing at run time. */
  public static final class NoSuchFieldError extends UserError {
    NoSuchFieldError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }

  /** A native library did not load. */
  public static final class UnsatisfiedLinkError extends UserError {
    UnsatisfiedLinkError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }

  /** Classes that do not fit together at run time. */
  public static final class LinkageError extends UserError {
    LinkageError(String message, List<String> traceback) {
      super(message, traceback);
    }
  }
}
