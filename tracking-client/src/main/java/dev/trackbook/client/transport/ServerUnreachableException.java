package dev.trackbook.client.transport;

import java.io.IOException;

/**
 * The server could not be reached, answered "try later" (5xx, 408, 429), or refused our credentials
 * ({@link CredentialsRejectedException}): the records stay in the journal for later.
 */
public class ServerUnreachableException extends IOException {
  public ServerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the server was reached but did not answer in time (it may still be working). */
  public boolean timedOut() {
    return getCause() instanceof java.net.http.HttpTimeoutException;
  }
}
