package dev.trackbook.server.auth;

import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The token store contract on a real PostgreSQL server, a fresh database per test. */
class PostgresTokenStoreIT implements TokenStoreContract {
  private final TestClock clock = new TestClock(START);
  private TrackingStore store;
  private TokenStore tokens;

  @BeforeEach
  void open() {
    store = StoreFactory.open(EmbeddedPostgres.createDatabase());
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
}
