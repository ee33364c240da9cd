package dev.trackbook.nbtest;

import dev.trackbook.nbtest.kernel.ConnectionInfo;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * A tracking server on embedded SQLite in a temp dir, started on first use and stopped when the JVM
 * exits, so smoke-tested notebooks log somewhere real without touching the user's server. One per
 * test JVM: every notebook of the run shares it, each with its own runs.
 *
 * <p>Its address is known at once: a port is reserved, then the store is migrated and the server
 * started in the background, so kernels start meanwhile (a kernel takes longer to start than the
 * server); {@link #awaitReady()} is called before a notebook's first cell. The reservation is a
 * bound socket until the server is about to bind the port itself, and kernel connection files of
 * this JVM never get the port ({@link ConnectionInfo#neverHandOut}); another process could still
 * take it in the moment between, as with any port Jupyter picks for a kernel.
 */
final class EphemeralTracking {
  private static final String HOST = "127.0.0.1";

  /** Longer than a store migration takes on a loaded machine; a hung start must not hang tests. */
  private static final long START_TIMEOUT_SECONDS = 120;

  private static String uri;
  private static Path journalDir;
  private static CompletableFuture<Void> ready;

  private EphemeralTracking() {}

  /** The server's address; starts it in the background on the first call. */
  static synchronized String uri() {
    if (uri == null) {
      try {
        Path dir = Files.createTempDirectory("trackbook-nbtest-");
        ServerSocket reserved = new ServerSocket(0, 50, InetAddress.getByName(HOST));
        int port = reserved.getLocalPort();
        ConnectionInfo.neverHandOut(port);
        ready =
            CompletableFuture.runAsync(
                () -> start(dir, reserved, port),
                r -> {
                  Thread t = new Thread(r, "trackbook-ephemeral-server");
                  t.setDaemon(true);
                  t.start();
                });
        uri = "http://" + HOST + ":" + port;
        journalDir = dir.resolve("journal");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the ephemeral tracking server", e);
      }
    }
    return uri;
  }

  /** Blocks until the server answers requests. */
  static void awaitReady() throws IOException {
    uri();
    try {
      ready.get(START_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException(
          "the ephemeral tracking server did not start: " + e.getCause().getMessage(),
          e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException(
          "the ephemeral tracking server did not start within " + START_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while the ephemeral tracking server started", e);
    }
  }

  private static void start(Path dir, ServerSocket reserved, int port) {
    TrackingStore store;
    TrackingServer server;
    try (reserved) {
      store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
      server =
          TrackingServer.create(
              ServerConfig.defaults().withPort(port),
              store,
              new LocalArtifactRepository(dir.resolve("artifacts")),
              Clock.systemUTC());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      store.close();
      throw new IllegalStateException("port " + port + " was taken before the server bound it", e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  store.close();
                }));
  }

  /**
   * A client journal for runs logged to the ephemeral server, so anything unsent dies with it
   * instead of waiting in the user's journal for a server that is gone.
   */
  static synchronized Path journalDir() {
    uri();
    return journalDir;
  }
}
