package dev.trackbook.data.dataset;

/**
 * A mistake in what was asked for: a data file that is missing or no CSV, a dataset never logged or
 * logged without statistics. The notebook shows it as one line, {@code UsageError: no such data
 * file: data/spam.csv}, as it shows a magic's usage error: it records no stack trace, whose frames
 * would only be this library's.
 */
public final class DataUsageException extends IllegalArgumentException {

  public DataUsageException(String message) {
    super(message);
  }

  public DataUsageException(String message, Throwable cause) {
    super(message, cause);
  }

  // IllegalArgumentException has no constructor that leaves the stack trace out.
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }

  @Override
  public String toString() {
    return "UsageError: " + getMessage();
  }
}
