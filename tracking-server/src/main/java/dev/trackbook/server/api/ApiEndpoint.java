package dev.trackbook.server.api;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * One row of the endpoint table: an HTTP method, a path in Javalin's syntax and the handler, or no
 * handler for an MLflow endpoint Trackbook does not implement (it answers 501 NOT_IMPLEMENTED).
 *
 * @param rpc MLflow's rpc name (service.proto), or a plain name for server endpoints
 * @param path relative to the API prefixes when {@code versioned}, else absolute
 * @param versioned served under both {@code /api/2.0} and {@code /ajax-api/2.0}, as MLflow does
 */
public record ApiEndpoint(
    String rpc, HandlerType method, String path, Handler handler, boolean versioned) {

  /** The prefixes MLflow serves every REST endpoint under (mlflow/server/handlers.py). */
  public static final List<String> PREFIXES = List.of("/api/2.0", "/ajax-api/2.0");

  public boolean implemented() {
    return handler != null;
  }

  /** Every concrete path this row is served at. */
  public List<String> fullPaths() {
    return versioned ? PREFIXES.stream().map(p -> p + path).toList() : List.of(path);
  }
}
