package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place errors become responses: {@code {"error_code","message"}} with the code's HTTP
 * status (MLflow's mapping, see {@link ErrorCode}). Unexpected exceptions become INTERNAL_ERROR
 * with a generic message; their details go to the server log only, never to the client.
 */
public final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

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
    ObjectNode body = WireJson.object();
    body.put("error_code", code.name());
    body.put("message", message == null ? code.name() : message);
    ctx.status(status);
    try {
      JsonEndpoints.write(ctx, body);
    } catch (Exception impossible) {
      ctx.contentType("text/plain").result(code.name());
    }
  }

  private static String safePath(Context ctx) {
    String path = ctx.path();
    return path.length() > 200 ? path.substring(0, 200) + "..." : path;
  }
}
