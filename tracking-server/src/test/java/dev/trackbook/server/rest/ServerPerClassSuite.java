package dev.trackbook.server.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The setup the REST suites share: one real server per test class on a real port, over the store a
 * backend's subclass opens, with artifacts under a fresh temp directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerPerClassSuite {
  protected Path workDir;
  protected Path artifactRoot;
  protected TrackingStore store;
  protected TrackingServer server;
  protected Http http;

  /** Opens a fresh, empty store for this class. */
  protected abstract TrackingStore openStore(Path workDir) throws Exception;

  /** The suite's server configuration; the port is chosen free. */
  protected abstract ServerConfig config();

  @BeforeAll
  void startServer() throws Exception {
    workDir = Files.createTempDirectory("trackbook-" + getClass().getSimpleName() + "-");
    artifactRoot = workDir.resolve("artifacts");
    store = openStore(workDir);
    server =
        TrackingServer.create(
                config().withPort(0),
                store,
                new LocalArtifactRepository(artifactRoot),
                Clock.systemUTC())
            .start();
    http = new Http(server.url());
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (store != null) {
      store.close();
    }
  }

  /**
   * Another server, with the default configuration, on {@code otherStore} (e.g. a second store on
   * the same database) and this class's artifact root. The caller closes both.
   */
  protected TrackingServer startAnotherServer(TrackingStore otherStore) throws IOException {
    return TrackingServer.create(
            ServerConfig.defaults().withPort(0),
            otherStore,
            new LocalArtifactRepository(artifactRoot),
            Clock.systemUTC())
        .start();
  }

  protected static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A JSON object written with single quotes for readability. */
  protected static ObjectNode json(String text) {
    try {
      return (ObjectNode) Http.JSON.readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}
