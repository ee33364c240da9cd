package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: {@code {"error_code","message"}} with the code's HTTP
 * status (MLflow's mapping, see {@link ErrorCode}). Unexpected exceptions become INTERNAL_ERROR
 * with a generic message; their details go to the server log only, never to the client.
 */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  /** Beyond this, an oversized upload is cut off rather than read to its end. */
  static final long DRAIN_LIMIT = 256L * 1024 * 1024;

  private ErrorMapper() {}

  /** Registers the mappers on a Javalin configuration. */
  public static void register(RoutesConfig routes) {
    routes.exception(
        TrackingException.class,
        (e, ctx) -> write(ctx, e.code().httpStatus(), e.code(), e.getMessage()));
    routes.exception(HttpResponseException.class, ErrorMapper::writeHttpResponse);
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Unexpected error serving {} {}", ctx.method(), ctx.path(), e);
          write(
              ctx,
              500,
              ErrorCode.INTERNAL_ERROR,
              "Internal error while serving the request; the server log has the details.");
        });
  }

  private static void writeHttpResponse(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    switch (status) {
      case 404 ->
          write(
              ctx, 404, ErrorCode.ENDPOINT_NOT_FOUND, "No API endpoint at " + safePath(ctx) + ".");
      case 405 ->
          write(
              ctx,
              405,
              ErrorCode.BAD_REQUEST,
              "Method " + ctx.method() + " is not allowed for " + safePath(ctx) + ".");
      case 413 -> write(ctx, 413, ErrorCode.REQUEST_TOO_LARGE, "The request body is too large.");
      default -> {
        ErrorCode code = status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        write(ctx, status, code, "The request could not be served (HTTP " + status + ").");
      }
    }
  }

  static void write(Context ctx, int status, ErrorCode code, String message) {
    drainUnreadBody(ctx);
    ObjectNode body = WireJson.object();
    body.put("error_code", code.name());
    body.put("message", message == null ? code.name() : message);
    ctx.status(status);
    try {
      JsonEndpoints.writeBuffered(ctx, body);
    } catch (Exception impossible) {
      ctx.contentType("text/plain").result(code.name());
    }
  }

  /**
   * Reads and drops what is left of the request body (up to {@link #DRAIN_LIMIT}) before an error
   * answer. A server that answers and closes while the client still sends makes most clients
   * (Java's HttpClient, Python requests) report a broken pipe instead of the error.
   */
  private static void drainUnreadBody(Context ctx) {
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] buffer = new byte[64 * 1024];
      long drained = 0;
      int n;
      while (drained < DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
        drained += n;
      }
    } catch (IOException | IllegalStateException alreadyConsumedOrClosed) {
      // nothing left to drain
    }
  }

  private static String safePath(Context ctx) {
    String path = ctx.path();
    return path.length() > 200 ? path.substring(0, 200) + "..." : path;
  }
}
