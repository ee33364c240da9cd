package dev.trackbook.cli.serving;

import java.util.Locale;

/**
 * How {@code /invocations} reads a request body, from its Content-Type, as {@code mlflow models
 * serve} does: JSON or CSV, UTF-8 only; any other declared type is refused (415) rather than
 * guessed at. A request with no Content-Type at all is read as JSON.
 */
enum RequestFormat {
  JSON,
  CSV;

  /** A Content-Type this server does not read; its message says what to send instead. */
  static final class UnsupportedException extends RuntimeException {
    UnsupportedException(String message) {
      super(message);
    }
  }

  /**
   * The format a Content-Type header names, whatever the case of its media type.
   *
   * @throws UnsupportedException for any other media type or a charset other than UTF-8
   */
  static RequestFormat of(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return JSON;
    }
    String[] parts = contentType.split(";");
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter[0].trim().equalsIgnoreCase("charset")
          && parameter.length == 2
          && !unquoted(parameter[1]).equalsIgnoreCase("utf-8")) {
        throw new UnsupportedException(
            "the body is read as UTF-8 only; got charset " + unquoted(parameter[1]));
      }
    }
    String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
    switch (mediaType) {
      case "application/json":
        return JSON;
      case CsvRequest.MEDIA_TYPE:
        return CSV;
      default:
        String hint =
            mediaType.equals("application/x-www-form-urlencoded")
                ? " (curl -d sends that unless given -H 'Content-Type: application/json')"
                : "";
        throw new UnsupportedException(
            "send Content-Type application/json or text/csv; got '"
                + contentType.trim()
                + "'"
                + hint);
    }
  }

  private static String unquoted(String value) {
    String v = value.trim();
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")
        ? v.substring(1, v.length() - 1)
        : v;
  }
}
