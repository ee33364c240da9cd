package dev.trackbook.nbtest;

import dev.trackbook.client.model.FilesBoundModel;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A tracking server on embedded SQLite in a temp dir, started on first use and stopped (its dir
 * deleted) when the JVM exits, so smoke-tested notebooks log somewhere real without touching the
 * user's server. One per test JVM: every notebook of the run shares it, each with its own runs.
 *
 * <p>Its address is known at once: a port is bound, then the store is migrated and the server
 * started in the background on that very channel, so kernels start meanwhile (a kernel takes longer
 * to start than the server) and no other process can take the port in between; {@link
 * #awaitReady()} is called before a notebook's first cell.
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
        ServerSocketChannel bound = ServerSocketChannel.open();
        bound.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0), 50);
        int port = ((InetSocketAddress) bound.getLocalAddress()).getPort();
        ready =
            CompletableFuture.runAsync(
                () -> start(dir, bound),
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

  /**
   * The libraries the server embeds log their start and stop at INFO, 27 lines in the console of
   * every {@code mvn test} that runs notebooks (and in its first test's report); warnings still
   * show. Only for slf4j-simple, the binding the server brings, and only where the build set no
   * level of its own: its per-logger levels are read as each logger is made, which here is now.
   */
  private static final List<String> QUIET_LOGGERS =
      List.of("com.zaxxer.hikari", "org.flywaydb", "org.eclipse.jetty", "io.javalin");

  private static void quietLibraries() {
    for (String logger : QUIET_LOGGERS) {
      String property = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(property) == null) {
        System.setProperty(property, "warn");
      }
    }
  }

  private static void start(Path dir, ServerSocketChannel bound) {
    quietLibraries();
    TrackingStore store = null;
    TrackingServer server;
    try {
      store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
      server =
          TrackingServer.createOn(
                  bound,
                  ServerConfig.defaults(),
                  store,
                  new LocalArtifactRepository(dir.resolve("artifacts")),
                  Clock.systemUTC())
              .start();
    } catch (IOException | RuntimeException e) {
      if (store != null) {
        store.close();
      }
      try {
        bound.close();
      } catch (IOException ignored) {
        // the start failed already; that is what the caller hears about
      }
      FilesBoundModel.deleteTree(dir);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    TrackingStore opened = store;
    // After the kernels and pipelines that log here have ended (ChildProcesses stops them first).
    ChildProcesses.atExit(
        () -> {
          server.stop();
          opened.close();
          // Every run, model and artifact of the test run: ~1 MB each time without models.
          FilesBoundModel.deleteTree(dir);
        });
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
