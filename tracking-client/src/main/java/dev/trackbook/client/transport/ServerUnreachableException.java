package dev.trackbook.client.transport;

import java.io.IOException;

/**
 * The server could not be reached, answered "try later" (5xx, 408, 429), or refused our credentials
 * ({@link CredentialsRejectedException}): the records stay in the journal for later.
 */
public class ServerUnreachableException extends IOException {
  private final boolean timedOut;
  private final boolean tooLarge;

  public ServerUnreachableException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * @param timedOut the server took the request but did not answer within the timeout
   */
  public ServerUnreachableException(String message, Throwable cause, boolean timedOut) {
    this(message, cause, timedOut, false);
  }

  private ServerUnreachableException(
      String message, Throwable cause, boolean timedOut, boolean tooLarge) {
    super(message, cause);
    this.timedOut = timedOut;
    this.tooLarge = tooLarge;
  }

  /**
   * HTTP 413 from the server or a proxy in front of it: this request is larger than it accepts.
   * Retried as it is, it would fail forever; a smaller batch may pass.
   */
  public static ServerUnreachableException tooLarge(String message) {
    return new ServerUnreachableException(message, null, false, true);
  }

  /** Whether the request was refused for its size (HTTP 413). */
  public boolean tooLarge() {
    return tooLarge;
  }

  /**
   * Whether this is the server's own answer (HTTP 5xx, 408, 429, or a status from something that is
   * not an MLflow server) rather than a failed connection or call.
   */
  public boolean answered() {
    return getCause() == null;
  }

  /** Whether the server was reached but did not answer in time (it may still be working). */
  public boolean timedOut() {
    return timedOut;
  }
}
