package dev.trackbook.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The token store contract on a real PostgreSQL server, a fresh database per test. */
class PostgresTokenStoreIT implements TokenStoreContract {
  private final TestClock clock = new TestClock(START);
  private String uri;
  private TrackingStore store;
  private TokenStore tokens;

  @BeforeEach
  void open() {
    uri = EmbeddedPostgres.createDatabase();
    store = StoreFactory.open(uri);
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
  void aServerWhoseClockIsBehindNeverMovesLastUseBack() {
    // a second server on the same database, its clock 4 s behind this one's (hosts drift)
    try (TrackingStore otherStore = StoreFactory.open(uri)) {
      TokenStore behind = JdbcTokenStore.on(otherStore, new TestClock(START + 61_000));
      IssuedToken issued = tokens.create("shared", Scope.READ);
      clock.advance(65_000);
      tokens.authenticate(issued.secret());
      assertThat(tokens.list().get(0).lastUsedTime()).isEqualTo(START + 65_000);

      // its first use of the token on that server: a write, but not an earlier time
      assertThat(behind.authenticate(issued.secret())).isPresent();
      assertThat(behind.list().get(0).lastUsedTime()).isEqualTo(START + 65_000);
    }
  }
}
