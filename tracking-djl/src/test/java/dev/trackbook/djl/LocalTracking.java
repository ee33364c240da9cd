package dev.trackbook.djl;

import dev.trackbook.client.TrackingClient;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A real tracking server on a free port over SQLite under a test's directory, and clients that
 * journal there too. Closing it stops the server and closes its store.
 */
public final class LocalTracking implements AutoCloseable {
  private final Path dir;
  private final TrackingStore store;
  private final TrackingServer server;

  private LocalTracking(Path dir) throws IOException {
    this.dir = dir;
    store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                store,
                new LocalArtifactRepository(dir.resolve("artifacts")),
                Clock.systemUTC())
            .start();
  }

  /** Starts a server whose database and artifacts live under {@code dir}. */
  public static LocalTracking start(Path dir) throws IOException {
    return new LocalTracking(dir);
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
  public String url() {
    return server.url();
  }

  /** A client of this server, journaling under {@code dir/journal}, without a shutdown hook. */
  public TrackingClient newClient() throws IOException {
    return TrackingClient.builder()
        .trackingUri(server.url())
        .journalDir(dir.resolve("journal"))
        .shutdownHook(false)
        .build();
  }

  @Override
  public void close() {
    try (store) {
      server.stop();
    }
  }
}
