package dev.trackbook.nbtest;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A tracking server on embedded SQLite in a temp dir, started on first use and stopped when the JVM
 * exits, so smoke-tested notebooks log somewhere real without touching the user's server. One per
 * test JVM: every notebook of the run shares it, each with its own runs.
 */
final class EphemeralTracking {
  private static String uri;
  private static Path journalDir;

  private EphemeralTracking() {}

  static synchronized String uri() {
    if (uri == null) {
      try {
        Path dir = Files.createTempDirectory("trackbook-nbtest-");
        TrackingStore store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
        TrackingServer server =
            TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                store,
                new LocalArtifactRepository(dir.resolve("artifacts")),
                Clock.systemUTC());
        server.start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      server.stop();
                      store.close();
                    }));
        uri = server.url();
        journalDir = dir.resolve("journal");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the ephemeral tracking server", e);
      }
    }
    return uri;
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
