package dev.trackbook.server.testsupport;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.ArtifactRepository;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.auth.AccessControl;
import dev.trackbook.server.auth.JdbcTokenStore;
import dev.trackbook.server.auth.TokenStore;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * A real {@link TrackingServer} on a free port over SQLite in a fresh temp directory ({@code
 * mlruns.db}, artifacts under {@code artifacts/}), optionally in {@code --auth} mode with its token
 * store in the same database. Tests keep the store to check what the requests wrote.
 */
public final class SqliteTestServer implements AutoCloseable {
  private final Path dir;
  private final TrackingStore store;
  private final TokenStore tokens;
  private final TrackingServer server;

  private SqliteTestServer(
      String tempDirPrefix,
      ServerConfig config,
      boolean auth,
      UnaryOperator<ArtifactRepository> artifacts)
      throws IOException {
    dir = Files.createTempDirectory(tempDirPrefix);
    store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
    tokens = auth ? JdbcTokenStore.on(store, Clock.systemUTC()) : null;
    server =
        TrackingServer.create(
                config.withPort(0),
                store,
                artifacts.apply(new LocalArtifactRepository(artifactRoot())),
                Clock.systemUTC(),
                auth ? AccessControl.bearerTokens(tokens) : AccessControl.disabled())
            .start();
  }

  /** A server with the default configuration and no authentication. */
  public static SqliteTestServer start(String tempDirPrefix) throws IOException {
    return start(tempDirPrefix, ServerConfig.defaults());
  }

  /** A server with this configuration (its port is ignored) and no authentication. */
  public static SqliteTestServer start(String tempDirPrefix, ServerConfig config)
      throws IOException {
    return new SqliteTestServer(tempDirPrefix, config, false, UnaryOperator.identity());
  }

  /**
   * A server without authentication whose artifact repository is {@code artifacts} applied to the
   * local one, e.g. to hold some reads back ({@link HeldArtifacts}).
   */
  public static SqliteTestServer start(
      String tempDirPrefix, UnaryOperator<ArtifactRepository> artifacts) throws IOException {
    return new SqliteTestServer(tempDirPrefix, ServerConfig.defaults(), false, artifacts);
  }

  /**
   * A server in {@code --auth} mode: every non-public request needs a token from {@link #tokens()}.
   */
  public static SqliteTestServer startWithAuth(String tempDirPrefix) throws IOException {
    return new SqliteTestServer(
        tempDirPrefix, ServerConfig.defaults(), true, UnaryOperator.identity());
  }

  /** The temp directory holding the database and the artifact root; free for test files too. */
  public Path dir() {
    return dir;
  }

  /** Where uploaded artifacts land: {@code artifacts/<experiment>/<run>/artifacts/...}. */
  public Path artifactRoot() {
    return dir.resolve("artifacts");
  }

  public TrackingStore store() {
    return store;
  }

  /** The token store; only in {@code --auth} mode. */
  public TokenStore tokens() {
    if (tokens == null) {
      throw new IllegalStateException("a server started without auth has no tokens");
    }
    return tokens;
  }

  public TrackingServer server() {
    return server;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:PORT}. */
  public String url() {
    return server.url();
  }

  @Override
  public void close() {
    try (store) {
      server.stop();
    }
  }
}
