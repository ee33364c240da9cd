package dev.trackbook.server.error;

/**
 * The one exception every layer throws; one mapper turns it into {@code {"error_code","message"}}.
 */
public class TrackingException extends RuntimeException {
  private final ErrorCode code;

  public TrackingException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public TrackingException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static TrackingException invalid(String message) {
    return new TrackingException(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }

  public static TrackingException notFound(String message) {
    return new TrackingException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
  }
}
