package dev.trackbook.client.transport;

import java.io.IOException;

/**
 * The server could not be reached, answered "try later" (5xx, 408, 429), or refused our credentials
 * ({@link CredentialsRejectedException}): the records stay in the journal for later.
 */
public class ServerUnreachableException extends IOException {
  private final boolean timedOut;
  private final int status;

  public ServerUnreachableException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * The server's answer "try later" or "failed" (HTTP 5xx, 408, 429, or a status from something
   * that is not an MLflow server).
   */
  public ServerUnreachableException(String message, int status) {
    super(message);
    this.timedOut = false;
    this.status = status;
  }

  /**
   * @param timedOut the server took the request but did not answer within the timeout
   */
  public ServerUnreachableException(String message, Throwable cause, boolean timedOut) {
    super(message, cause);
    this.timedOut = timedOut;
    this.status = 0;
  }

  /**
   * Whether this is the server's own answer (HTTP 5xx, 408, 429, or a status from something that is
   * not an MLflow server) rather than a failed connection or call.
   */
  public boolean answered() {
    return getCause() == null;
  }

  /** The HTTP status the server answered with; 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** Whether the server was reached but did not answer in time (it may still be working). */
  public boolean timedOut() {
    return timedOut;
  }
}
