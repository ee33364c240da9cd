package dev.trackbook.client.transport;

/**
 * The server answered a request with a 4xx that resending cannot fix (MLflow's {@code
 * {"error_code","message"}} body, e.g. INVALID_PARAMETER_VALUE for a changed param).
 */
public final class RequestRejectedException extends Exception {
  /** The error code of an HTTP 413 that carried none (a proxy's page); the server's own. */
  public static final String REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE";

  private final int status;
  private final String errorCode;

  public RequestRejectedException(int status, String errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  /**
   * Whether the request was refused for its size (HTTP 413): a smaller one may pass, the same one
   * never will.
   */
  public boolean tooLarge() {
    return status == 413;
  }

  public int status() {
    return status;
  }

  /** MLflow's error code, e.g. {@code RESOURCE_DOES_NOT_EXIST}; null when the body had none. */
  public String errorCode() {
    return errorCode;
  }
}
