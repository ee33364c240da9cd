package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
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
  void aServerStartingWhileAnotherRunsALongMigrationWaitsForItInsteadOfFailing() throws Exception {
    String fresh = EmbeddedPostgres.createDatabase();
    String jdbcUrl = EmbeddedPostgres.get().jdbcUrl(fresh.substring(fresh.lastIndexOf('/') + 1));
    // the database as the release before V10 left it
    Flyway.configure()
        .dataSource(jdbcUrl, null, null)
        .locations("classpath:db/migration/postgresql")
        .javaMigrations(new V8__MetricPointsIntoChunks())
        .target("9")
        .load()
        .migrate();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<TrackingStore>> starts = new ArrayList<>();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (Connection slow = DriverManager.getConnection(jdbcUrl)) {
      // V10 waits on this lock as it would while rewriting a large table: a long migration
      slow.setAutoCommit(false);
      try (Statement st = slow.createStatement()) {
        st.execute("LOCK TABLE model_versions IN ACCESS EXCLUSIVE MODE");
      }
      starts.add(pool.submit(() -> StoreFactory.open(fresh)));
      awaitMigrationBlocked(jdbcUrl);
      Future<TrackingStore> second = pool.submit(() -> StoreFactory.open(fresh));
      starts.add(second);
      // Flyway on its own gives up on its migration lock after 50 tries a second apart
      assertThatThrownBy(() -> second.get(55, TimeUnit.SECONDS))
          .as("the second server still waits for the first one's migration")
          .isInstanceOf(TimeoutException.class);
      // the waiting server says so (Flyway retries its lock silently); the migrating one does not
      assertThat(waitLines(log, "Waiting for the schema migration of"))
          .as("what the servers logged while one waited:%n%s", log)
          .isEqualTo(1);
      slow.rollback();
      for (Future<TrackingStore> start : starts) {
        assertThat(start.get(60, TimeUnit.SECONDS).getExperiment("0").name()).isEqualTo("Default");
      }
      assertThat(waitLines(log, "Done waiting for the schema migration of")).isEqualTo(1);
      try (Statement st = slow.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM flyway_schema_history WHERE version = '10' AND success")) {
        rs.next();
        assertThat(rs.getInt(1)).as("V10 applied once").isEqualTo(1);
      }
    } finally {
      for (Future<TrackingStore> start : starts) {
        if (start.isDone() && !start.isCancelled()) {
          try {
            start.get().close();
          } catch (ExecutionException failedToOpen) {
            // nothing to close
          }
        }
      }
      pool.shutdownNow();
      System.setErr(originalErr);
    }
  }

  private static long waitLines(ByteArrayOutputStream log, String start) {
    return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(start)).count();
  }

  /** Waits until a statement of some session waits on a lock in the database. */
  private static void awaitMigrationBlocked(String jdbcUrl) throws Exception {
    // its own connection, autocommit: a transaction sees one snapshot of pg_stat_activity
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement st = c.createStatement()) {
      for (int i = 0; i < 300; i++) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'")) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the first server's migration never reached the locked table");
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
