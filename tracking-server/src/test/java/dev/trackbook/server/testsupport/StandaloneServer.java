package dev.trackbook.server.testsupport;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The tracking server as its own JVM, for tests that kill it: {@code StandaloneServer STORE_URI
 * ARTIFACT_DIR} listens on a free loopback port and prints {@code LISTENING <port>}. Started by
 * {@link ServerProcess}.
 */
public final class StandaloneServer {
  private StandaloneServer() {}

  public static void main(String[] args) throws Exception {
    TrackingStore store = StoreFactory.open(args[0]);
    TrackingServer server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                store,
                new LocalArtifactRepository(Path.of(args[1])),
                Clock.systemUTC())
            .start();
    System.out.println("LISTENING " + server.port());
    System.out.flush();
    Thread.currentThread().join();
  }
}
