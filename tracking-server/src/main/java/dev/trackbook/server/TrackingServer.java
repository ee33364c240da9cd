package dev.trackbook.server;

import dev.trackbook.server.api.ApiEndpoint;
import dev.trackbook.server.api.EndpointTable;
import dev.trackbook.server.api.ErrorMapper;
import dev.trackbook.server.api.JettyErrorHandler;
import dev.trackbook.server.artifacts.ArtifactRepository;
import dev.trackbook.server.auth.AccessControl;
import dev.trackbook.server.registry.ValidationGate;
import dev.trackbook.server.store.TrackingStore;
import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

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
  private final ServerSocketChannel bound;
  private final Javalin app;
  private boolean started;

  private TrackingServer(
      ServerConfig config,
      List<ApiEndpoint> endpoints,
      AccessControl access,
      ServerSocketChannel bound) {
    this.config = config;
    this.endpoints = endpoints;
    this.bound = bound;
    this.app =
        Javalin.create(
            javalin -> {
              configure(javalin, endpoints, access);
              if (bound != null) {
                javalin.jetty.addConnector((jetty, http) -> connectorOn(bound, jetty, http));
              }
            });
  }

  /** Builds the server without authentication; nothing listens until {@link #start()}. */
  public static TrackingServer create(
      ServerConfig config, TrackingStore store, ArtifactRepository artifacts, Clock clock) {
    return create(config, store, artifacts, clock, AccessControl.disabled());
  }

  /**
   * Builds the server; with {@link AccessControl#bearerTokens} every non-public request needs a
   * token ({@code ./trackbook server --auth}). Nothing listens until {@link #start()}.
   */
  public static TrackingServer create(
      ServerConfig config,
      TrackingStore store,
      ArtifactRepository artifacts,
      Clock clock,
      AccessControl access) {
    return new TrackingServer(
        config, endpointsOf(config, store, artifacts, clock, access), access, null);
  }

  /**
   * Builds the server to serve on {@code bound}, a channel the caller bound already; {@link
   * #start()} then listens on it instead of binding the configured port, so no other process can
   * take the port between its choice and the start (the caller may hand the address out first). The
   * server owns the channel from now on. The configured host names the server in {@link #url()}.
   */
  public static TrackingServer createOn(
      ServerSocketChannel bound,
      ServerConfig config,
      TrackingStore store,
      ArtifactRepository artifacts,
      Clock clock) {
    AccessControl access = AccessControl.disabled();
    return new TrackingServer(
        config, endpointsOf(config, store, artifacts, clock, access), access, bound);
  }

  private static List<ApiEndpoint> endpointsOf(
      ServerConfig config,
      TrackingStore store,
      ArtifactRepository artifacts,
      Clock clock,
      AccessControl access) {
    List<ApiEndpoint> endpoints =
        new ArrayList<>(
            EndpointTable.build(
                store,
                artifacts,
                clock,
                config.maxJsonBodyBytes(),
                config.maxArtifactBytes(),
                new ValidationGate(config.requireValidationAliases())));
    endpoints.addAll(access.endpoints(config.maxJsonBodyBytes()));
    return List.copyOf(endpoints);
  }

  private static ServerConnector connectorOn(
      ServerSocketChannel bound, org.eclipse.jetty.server.Server jetty, HttpConfiguration http) {
    ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
    try {
      connector.open(bound);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve on " + bound, e);
    }
    return connector;
  }

  private static void configure(
      io.javalin.config.JavalinConfig javalin, List<ApiEndpoint> table, AccessControl access) {
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
    access.install(javalin);
    for (ApiEndpoint endpoint : table) {
      Handler handler =
          endpoint.implemented() ? endpoint.handler() : EndpointTable.notImplemented(endpoint);
      for (String path : endpoint.fullPaths()) {
        javalin.routes.addHttpHandler(endpoint.method(), path, handler);
        if (endpoint.method() == HandlerType.GET) {
          // HEAD answers as GET does, without the body (Jetty drops it): Javalin otherwise
          // answered every HEAD 200 and empty, a missing artifact too.
          javalin.routes.addHttpHandler(HandlerType.HEAD, path, handler);
        }
      }
    }
    ErrorMapper.register(javalin.routes);
    dev.trackbook.server.ui.WebUi.register(javalin);
  }

  /** Starts listening on the configured host and port (or the channel it was created on). */
  public synchronized TrackingServer start() {
    if (!started) {
      if (bound != null) {
        app.start();
      } else {
        app.start(config.host(), config.port());
      }
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

  /**
   * Stops listening; in-flight requests finish first. Does not close the store. A channel the
   * server was created on is closed, also when the server never started.
   */
  public synchronized void stop() {
    if (started) {
      app.stop();
      started = false;
    } else if (bound != null) {
      try {
        bound.close();
      } catch (IOException e) {
        // closing a listening socket does not fail in a way anyone could act on
      }
    }
  }

  @Override
  public void close() {
    stop();
  }
}
