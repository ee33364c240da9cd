package dev.trackbook.client.transport;

import java.io.IOException;

/** The server could not be reached or answered "try later" (5xx, 408, 429): worth retrying. */
public final class ServerUnreachableException extends IOException {
  public ServerUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
