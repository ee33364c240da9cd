package dev.trackbook.client.transport;

/**
 * The server answered a request with a 4xx that resending cannot fix (MLflow's {@code
 * {"error_code","message"}} body, e.g. INVALID_PARAMETER_VALUE for a changed param).
 */
public final class RequestRejectedException extends Exception {
  private final int status;
  private final String errorCode;

  public RequestRejectedException(int status, String errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }

  public int status() {
    return status;
  }

  /** MLflow's error code, e.g. {@code RESOURCE_DOES_NOT_EXIST}; null when the body had none. */
  public String errorCode() {
    return errorCode;
  }
}
