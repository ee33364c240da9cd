package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server, a fresh database per test. */
class PostgresTrackingStoreIT implements TrackingStoreContract {
  private String uri;
  private TrackingStore store;

  @BeforeEach
  void open() {
    uri = EmbeddedPostgres.createDatabase();
    store = StoreFactory.open(uri);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  public TrackingStore store() {
    return store;
  }

  @Test
  void statementsAreBoundedSoOneWaitingOnAStuckLockFailsClearlyInsteadOfHanging() throws Exception {
    assertThat(statementTimeout(store)).as("the default bound").isEqualTo("1min");

    String fresh = EmbeddedPostgres.createDatabase();
    String ownBound =
        fresh + (fresh.contains("?") ? "&" : "?") + "options=-c%20statement_timeout%3D700";
    try (TrackingStore bounded = StoreFactory.open(ownBound);
        Connection stuck = ((JdbcTrackingStore) bounded).dataSource().getConnection()) {
      assertThat(statementTimeout(bounded)).as("the URI's own bound").isEqualTo("700ms");
      stuck.setAutoCommit(false); // a client that took a lock and never ends its transaction
      try (Statement lock = stuck.createStatement()) {
        lock.execute("LOCK TABLE experiments IN ACCESS EXCLUSIVE MODE");
      }
      assertThatThrownBy(() -> bounded.getExperiment("0"))
          .isInstanceOfSatisfying(
              TrackingException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE))
          .hasMessageContaining("did not answer in time (statement_timeout)");
      stuck.rollback();
      assertThat(bounded.getExperiment("0").name()).isEqualTo("Default");
    }
  }

  private static String statementTimeout(TrackingStore s) throws Exception {
    try (Connection c = ((JdbcTrackingStore) s).dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW statement_timeout")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void severalServersStartingAtOnceOnOneDatabaseMigrateOnceAndShareTheDefaultExperiment()
      throws Exception {
    String fresh = EmbeddedPostgres.createDatabase();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<TrackingStore> opened = new ArrayList<>();
    try {
      List<Callable<TrackingStore>> starts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        starts.add(() -> StoreFactory.open(fresh));
      }
      for (Future<TrackingStore> f : pool.invokeAll(starts)) {
        opened.add(f.get());
      }
      for (TrackingStore s : opened) {
        assertThat(s.getExperiment("0").name()).isEqualTo("Default");
      }
      String id = opened.get(0).createExperiment("shared", null, List.of());
      assertThat(opened.get(3).getExperimentByName("shared").experimentId()).isEqualTo(id);
    } finally {
      opened.forEach(TrackingStore::close);
      pool.shutdownNow();
    }
  }

  @Test
  void acceptsJdbcAndMlflowStyleUris() {
    String db = uri.substring(uri.lastIndexOf('/') + 1);
    int port = EmbeddedPostgres.get().port();
    try (TrackingStore jdbc = StoreFactory.open(EmbeddedPostgres.get().jdbcUrl(db))) {
      assertThat(jdbc.getExperiment("0").name()).isEqualTo("Default");
    }
    try (TrackingStore sqlalchemy =
        StoreFactory.open("postgresql+psycopg2://trackbook:@127.0.0.1:" + port + "/" + db)) {
      assertThat(sqlalchemy.getExperiment("0").name()).isEqualTo("Default");
    }
  }

  @Test
  void migrationV6GivesOldLatestMetricsTheirRunsExperiment() throws Exception {
    String fresh = EmbeddedPostgres.createDatabase();
    LatestMetricsMigrationCheck.oldRowsGetTheirRunsExperiment(
        fresh,
        EmbeddedPostgres.get().jdbcUrl(fresh.substring(fresh.lastIndexOf('/') + 1)),
        "postgresql");
  }

  @Test
  void migrationV8MovesOldMetricPointsIntoChunks() throws Exception {
    String fresh = EmbeddedPostgres.createDatabase();
    MetricChunksMigrationCheck.oldPointsMoveIntoChunks(
        fresh,
        EmbeddedPostgres.get().jdbcUrl(fresh.substring(fresh.lastIndexOf('/') + 1)),
        "postgresql");
  }
}
