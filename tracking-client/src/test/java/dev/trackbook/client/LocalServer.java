package dev.trackbook.client;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.auth.AccessControl;
import dev.trackbook.server.auth.JdbcTokenStore;
import dev.trackbook.server.auth.TokenStore;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The real Trackbook server on SQLite under a temp directory, on a fixed port so it can be stopped
 * and started again where the client expects it (an outage); optionally in {@code --auth} mode.
 */
final class LocalServer {
  private final Path dataDir;
  private final boolean auth;
  private ServerConfig config = ServerConfig.defaults();
  private int port;
  private TrackingStore store;
  private TokenStore tokens;
  private TrackingServer server;

  private LocalServer(Path dataDir, int port, boolean auth) {
    this.dataDir = dataDir;
    this.port = port;
    this.auth = auth;
  }

  /** Starts a server; port 0 picks a free one. */
  static LocalServer start(Path dataDir, int port) {
    LocalServer local = new LocalServer(dataDir, port, false);
    local.startAgain();
    return local;
  }

  /** Starts a server on a free port that refuses larger JSON bodies or uploads with HTTP 413. */
  static LocalServer startWithLimits(Path dataDir, long maxJsonBodyBytes, long maxArtifactBytes) {
    LocalServer local = new LocalServer(dataDir, 0, false);
    local.config = ServerConfig.defaults().withLimits(maxJsonBodyBytes, maxArtifactBytes);
    local.startAgain();
    return local;
  }

  /** Starts a server on a free port that needs a token from {@link #tokens()} for every request. */
  static LocalServer startWithAuth(Path dataDir) {
    LocalServer local = new LocalServer(dataDir, 0, true);
    local.startAgain();
    return local;
  }

  /** A server that is down for now; {@link #startAgain()} brings it up on {@code port}. */
  static LocalServer notStarted(Path dataDir, int port) {
    return new LocalServer(dataDir, port, false);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  void startAgain() {
    try {
      Files.createDirectories(dataDir);
      store = StoreFactory.open("sqlite:" + dataDir.resolve("mlruns.db"));
      tokens = auth ? JdbcTokenStore.on(store, Clock.systemUTC()) : null;
      server =
          TrackingServer.create(
                  config.withPort(port),
                  store,
                  new LocalArtifactRepository(dataDir.resolve("artifacts")),
                  Clock.systemUTC(),
                  auth ? AccessControl.bearerTokens(tokens) : AccessControl.disabled())
              .start();
      port = server.port();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The running server's store, to check what the client delivered. */
  TrackingStore store() {
    return store;
  }

  /** The token store of a server started with auth. */
  TokenStore tokens() {
    return tokens;
  }

  String uri() {
    return "http://127.0.0.1:" + port;
  }

  void stop() {
    if (server != null) {
      server.stop();
      store.close();
      server = null;
    }
  }
}
