package dev.trackbook.server.error;

/**
 * MLflow's error codes with the HTTP status MLflow's server maps each to
 * (mlflow/protos/databricks.proto, mlflow/exceptions.py ERROR_CODE_TO_HTTP_STATUS). Only codes
 * Trackbook raises are listed. Where MLflow answers 500 for a request at fault (INVALID_STATE, and
 * the codes it has no status for: MALFORMED_REQUEST, REQUEST_TOO_LARGE), the status here is 4xx:
 * MLflow's clients retry a 500 as a server fault, for about a minute, before reporting a request
 * that cannot succeed.
 */
public enum ErrorCode {
  INVALID_PARAMETER_VALUE(400),
  BAD_REQUEST(400),
  MALFORMED_REQUEST(400),
  INVALID_STATE(400),
  RESOURCE_ALREADY_EXISTS(400),
  RESOURCE_DOES_NOT_EXIST(404),
  ENDPOINT_NOT_FOUND(404),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  REQUEST_LIMIT_EXCEEDED(429),
  REQUEST_TOO_LARGE(413),
  NOT_IMPLEMENTED(501),
  TEMPORARILY_UNAVAILABLE(503),
  INTERNAL_ERROR(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
