package dev.trackbook.server.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  private String storeUri;

  /** Where a fresh, empty store for this class lives, e.g. {@code sqlite:WORKDIR/mlruns.db}. */
  protected abstract String storeUri(Path workDir) throws Exception;

  /** The suite's server configuration; the port is chosen free. */
  protected abstract ServerConfig config();

  @BeforeAll
  void startServer() throws Exception {
    workDir = Files.createTempDirectory("trackbook-" + getClass().getSimpleName() + "-");
    artifactRoot = workDir.resolve("artifacts");
    storeUri = storeUri(workDir);
    store = StoreFactory.open(storeUri);
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

  /** A second server, with its own store on the same data; closing it closes both. */
  protected record AnotherServer(TrackingStore store, TrackingServer server)
      implements AutoCloseable {
    Http http() {
      return new Http(server.url());
    }

    @Override
    public void close() {
      try (store) {
        server.stop();
      }
    }
  }

  /**
   * Starts another server with the default configuration on a second store opened from this class's
   * store URI (what only a shared database makes meaningful) and this class's artifact root.
   */
  protected AnotherServer startAnotherServer() throws IOException {
    TrackingStore otherStore = StoreFactory.open(storeUri);
    try {
      return new AnotherServer(
          otherStore,
          TrackingServer.create(
                  ServerConfig.defaults().withPort(0),
                  otherStore,
                  new LocalArtifactRepository(artifactRoot),
                  Clock.systemUTC())
              .start());
    } catch (IOException | RuntimeException e) {
      otherStore.close();
      throw e;
    }
  }

  /**
   * Runs {@code a} and {@code b} on two threads released at the same instant (two clients of two
   * servers racing); their results in that order, or the first failure.
   */
  protected static <T> List<T> atOnce(Callable<T> a, Callable<T> b) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<T>> both = new ArrayList<>();
      for (Callable<T> work : List.of(a, b)) {
        both.add(
            pool.submit(
                () -> {
                  start.await();
                  return work.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : both) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
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
