package dev.trackbook.converter;

/**
 * A problem with the user's input (notebook, script, parameters) that the converter or runner
 * reports as one clear line. It is never a bug in Trackbook: the CLI prints {@link #getMessage()}
 * without a stack trace and exits non-zero, having written nothing.
 */
public class ConversionException extends RuntimeException {

  public ConversionException(String message) {
    super(message);
  }

  public ConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
