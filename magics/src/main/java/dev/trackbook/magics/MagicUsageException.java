package dev.trackbook.magics;

/**
 * A user's mistake in a magic line (wrong arguments, unknown magic): the notebook shows it as one
 * line, {@code UsageError: %metric: expected key=value, got 'acc'}, never with a stack trace.
 *
 * <p>Like IPython's {@code UsageError}: the message names the magic and says what was expected. The
 * exception records no stack trace because nobody should ever read one; kernels that format errors
 * should print {@link #toString()} alone.
 */
public final class MagicUsageException extends RuntimeException {

  /** The prefix the notebook shows before the message, as IPython does. */
  public static final String PREFIX = "UsageError: ";

  /**
   * @param message one line that names the magic, e.g. {@code %metric: expected key=value, got
   *     'acc'}
   */
  public MagicUsageException(String message) {
    super(message, null, false, false);
  }

  /** The line the notebook shows: {@code UsageError: <message>}. */
  @Override
  public String toString() {
    return PREFIX + getMessage();
  }
}
