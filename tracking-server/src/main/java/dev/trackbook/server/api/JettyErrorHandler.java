package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers requests Jetty refuses before they reach Javalin (an encoded NUL or an ambiguous path
 * segment, a malformed header) with the same {@code {"error_code","message"}} JSON as every other
 * error, instead of Jetty's HTML page; no exception text or stack is shown.
 */
public final class JettyErrorHandler extends ErrorHandler {
  private final String contentSecurityPolicy;

  public JettyErrorHandler(String contentSecurityPolicy) {
    this.contentSecurityPolicy = contentSecurityPolicy;
  }

  /**
   * Every method gets the JSON error; Jetty's default writes a body for GET, POST and HEAD only, so
   * a PUT or DELETE refused at this level (bad UTF-8 in its path) got an empty 400.
   */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    ErrorCode errorCode =
        code >= 500
            ? ErrorCode.INTERNAL_ERROR
            : code == 404 ? ErrorCode.ENDPOINT_NOT_FOUND : ErrorCode.BAD_REQUEST;
    ObjectNode body = WireJson.object();
    body.put("error_code", errorCode.name());
    body.put(
        "message",
        code >= 500
            ? "Internal error while serving the request."
            : "The request was refused by the HTTP layer (HTTP "
                + code
                + ")"
                + (message == null ? "." : ": " + message));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    // Jetty closes the connection after refusing a request at this level; saying so keeps a
    // keep-alive client from sending its next request into the closed socket (which it reports as
    // a connection error, not as an answer). Found by HostileInputTest.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.getHeaders().put("Content-Security-Policy", contentSecurityPolicy);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.write(true, ByteBuffer.wrap(JsonEndpoints.MAPPER.writeValueAsBytes(body)), callback);
  }
}
