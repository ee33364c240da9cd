package dev.trackbook.client;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
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
 * and started again where the client expects it (an outage).
 */
final class LocalServer {
  private final Path dataDir;
  private int port;
  private TrackingStore store;
  private TrackingServer server;

  private LocalServer(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** Starts a server; port 0 picks a free one. */
  static LocalServer start(Path dataDir, int port) {
    LocalServer local = new LocalServer(dataDir, port);
    local.startAgain();
    return local;
  }

  /** A server that is down for now; {@link #startAgain()} brings it up on {@code port}. */
  static LocalServer notStarted(Path dataDir, int port) {
    return new LocalServer(dataDir, port);
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
      server =
          TrackingServer.create(
                  ServerConfig.defaults().withPort(port),
                  store,
                  new LocalArtifactRepository(dataDir.resolve("artifacts")),
                  Clock.systemUTC())
              .start();
      port = server.port();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
