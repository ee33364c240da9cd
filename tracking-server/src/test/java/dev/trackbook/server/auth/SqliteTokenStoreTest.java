package dev.trackbook.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token store contract on SQLite, a fresh database file per test. */
class SqliteTokenStoreTest implements TokenStoreContract {
  @TempDir Path dir;
  private final TestClock clock = new TestClock(START);
  private TrackingStore store;
  private TokenStore tokens;

  @BeforeEach
  void open() {
    store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
    tokens = JdbcTokenStore.on(store, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  public TokenStore tokens() {
    return tokens;
  }

  @Override
  public TestClock clock() {
    return clock;
  }

  @Test
  void theDatabaseHoldsOnlyTheHashOfASecret() throws Exception {
    IssuedToken issued = tokens.create("ci", Scope.WRITE);
    store.close();
    byte[] file = Files.readAllBytes(dir.resolve("mlruns.db"));
    byte[] wal =
        Files.exists(dir.resolve("mlruns.db-wal"))
            ? Files.readAllBytes(dir.resolve("mlruns.db-wal"))
            : new byte[0];
    String all =
        new String(file, StandardCharsets.ISO_8859_1)
            + new String(wal, StandardCharsets.ISO_8859_1);
    assertThat(all).doesNotContain(issued.secret().substring(4));
    assertThat(all).contains(TokenSecrets.sha256Hex(issued.secret()));
    open();
    assertThat(tokens.authenticate(issued.secret())).isPresent();
  }
}
