package dev.trackbook.server;

import dev.trackbook.server.api.ApiEndpoint;
import dev.trackbook.server.api.EndpointTable;
import dev.trackbook.server.api.ErrorMapper;
import dev.trackbook.server.api.JettyErrorHandler;
import dev.trackbook.server.artifacts.ArtifactRepository;
import dev.trackbook.server.registry.ValidationGate;
import dev.trackbook.server.store.TrackingStore;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.List;

/**
 * The tracking server: MLflow's REST API over a {@link TrackingStore} and an {@link
 * ArtifactRepository}. It keeps no state of its own, so several instances may share one PostgreSQL
 * database and artifact directory. The caller owns the store and closes it after {@link #stop()}.
 *
 * <pre>{@code
 * TrackingServer server = TrackingServer.create(config, store, artifacts, Clock.systemUTC()).start();
 * String url = server.url(); // http://127.0.0.1:<port>
 * server.stop();
 * }</pre>
 */
public final class TrackingServer implements AutoCloseable {
  /**
   * Sent on every response. The API serves JSON and user files only, so nothing needs scripts from
   * elsewhere; nosniff keeps browsers from reading an artifact as a type it does not claim.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private final ServerConfig config;
  private final List<ApiEndpoint> endpoints;
  private final Javalin app;
  private boolean started;

  private TrackingServer(ServerConfig config, List<ApiEndpoint> endpoints) {
    this.config = config;
    this.endpoints = endpoints;
    this.app = Javalin.create(javalin -> configure(javalin, endpoints));
  }

  /** Builds the server; nothing listens until {@link #start()}. */
  public static TrackingServer create(
      ServerConfig config, TrackingStore store, ArtifactRepository artifacts, Clock clock) {
    List<ApiEndpoint> endpoints =
        EndpointTable.build(
            store,
            artifacts,
            clock,
            config.maxJsonBodyBytes(),
            config.maxArtifactBytes(),
            new ValidationGate(config.requireValidationAliases()));
    return new TrackingServer(config, endpoints);
  }

  private static void configure(io.javalin.config.JavalinConfig javalin, List<ApiEndpoint> table) {
    javalin.startup.showJavalinBanner = false;
    javalin.http.prefer405over404 = true;
    // Bodies are read as streams with our own limits (JsonEndpoints, ArtifactApi), not by Javalin.
    javalin.http.maxRequestSize = Long.MAX_VALUE;
    javalin.router.ignoreTrailingSlashes = true;
    javalin.jetty.modifyServer(
        jetty -> jetty.setErrorHandler(new JettyErrorHandler(CONTENT_SECURITY_POLICY)));
    javalin.routes.before(
        ctx -> {
          ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
          ctx.header("X-Content-Type-Options", "nosniff");
          ctx.header("Referrer-Policy", "no-referrer");
        });
    for (ApiEndpoint endpoint : table) {
      Handler handler =
          endpoint.implemented() ? endpoint.handler() : EndpointTable.notImplemented(endpoint);
      for (String path : endpoint.fullPaths()) {
        javalin.routes.addHttpHandler(endpoint.method(), path, handler);
      }
    }
    ErrorMapper.register(javalin.routes);
    dev.trackbook.server.ui.WebUi.register(javalin);
  }

  /** Starts listening on the configured host and port. */
  public synchronized TrackingServer start() {
    if (!started) {
      app.start(config.host(), config.port());
      started = true;
    }
    return this;
  }

  /** The port the server listens on (the chosen one when configured with port 0). */
  public int port() {
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:5000}. */
  public String url() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return "http://" + host + ":" + port();
  }

  /** The endpoint table the server routes by. */
  public List<ApiEndpoint> endpoints() {
    return endpoints;
  }

  /** Stops listening; in-flight requests finish first. Does not close the store. */
  public synchronized void stop() {
    if (started) {
      app.stop();
      started = false;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
