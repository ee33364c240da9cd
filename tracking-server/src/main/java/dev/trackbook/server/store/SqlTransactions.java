package dev.trackbook.server.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.SqlDialect;
import dev.trackbook.server.search.SqlFragment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections, transactions and SQL errors for the JDBC stores, shared by the tracking and the
 * registry store so both take the same SQLite writer lock and retry the same PostgreSQL failures.
 *
 * <p>SQLite allows one writer at a time; write transactions are therefore serialized in-process by
 * a lock (and across processes by SQLite's busy timeout), so concurrent writers queue instead of
 * failing with "database is locked". PostgreSQL runs writes concurrently; transactions that hit a
 * deadlock or serialization failure are retried.
 */
final class SqlTransactions {
  private static final Logger LOG = LoggerFactory.getLogger(SqlTransactions.class);
  private static final int MAX_RETRIES = 5;

  /** Work done on one connection; for {@link #write} inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Receives each row of a query. */
  @FunctionalInterface
  interface RowHandler {
    void accept(ResultSet rs) throws SQLException;
  }

  private final HikariDataSource dataSource;
  private final SqlDialect dialect;
  // SQLite's single writer, taken by every write transaction; null on PostgreSQL.
  private final ReentrantLock sqliteWriteLock;

  SqlTransactions(HikariDataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.sqliteWriteLock = dialect == SqlDialect.SQLITE ? new ReentrantLock(true) : null;
  }

  SqlDialect dialect() {
    return dialect;
  }

  <T> T read(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw databaseError(e);
    }
  }

  /** Runs {@code work} in one transaction: all of it is committed or none. */
  <T> T write(Work<T> work) {
    if (sqliteWriteLock != null) {
      sqliteWriteLock.lock();
    }
    try {
      for (int attempt = 1; ; attempt++) {
        try (Connection c = dataSource.getConnection()) {
          c.setAutoCommit(false);
          try {
            T result = work.run(c);
            c.commit();
            return result;
          } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            throw e;
          } finally {
            c.setAutoCommit(true);
          }
        } catch (SQLException e) {
          if (isRetryable(e)) {
            if (attempt < MAX_RETRIES) {
              LOG.debug("retrying a transaction after {}", e.getMessage());
              pauseBeforeRetry(attempt);
              continue;
            }
            // Contention, not a fault: the client may retry (MLflow clients do on 503).
            throw new TrackingException(
                ErrorCode.TEMPORARILY_UNAVAILABLE,
                "The tracking database is busy with conflicting writes; retry the request ("
                    + e.getMessage()
                    + ")",
                e);
          }
          throw databaseError(e);
        }
      }
    } finally {
      if (sqliteWriteLock != null) {
        sqliteWriteLock.unlock();
      }
    }
  }

  boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState())
        || (dialect == SqlDialect.SQLITE
            && e.getMessage() != null
            && e.getMessage().contains("UNIQUE constraint failed"));
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.warn("rollback failed: {}", e.getMessage());
    }
  }

  /**
   * A short random pause, growing with the attempt: two transactions that deadlocked would
   * otherwise retry in step and meet again.
   */
  private static void pauseBeforeRetry(int attempt) {
    long millis =
        java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20) * (1L << (attempt - 1));
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A foreign key that no longer resolves: the row it points at was deleted by a concurrent request
   * after this one checked it (e.g. a version deleted while a tag is set on it).
   */
  private boolean isForeignKeyViolation(SQLException e) {
    return "23503".equals(e.getSQLState())
        || (dialect == SqlDialect.SQLITE
            && e.getMessage() != null
            && e.getMessage().contains("FOREIGN KEY constraint failed"));
  }

  private static boolean isRetryable(SQLException e) {
    String state = e.getSQLState();
    // PostgreSQL serialization_failure, deadlock_detected
    return "40001".equals(state) || "40P01".equals(state);
  }

  private TrackingException databaseError(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (dialect == SqlDialect.SQLITE && (e.getErrorCode() == 5 || e.getErrorCode() == 6)) {
      // SQLITE_BUSY / SQLITE_LOCKED after the busy timeout: another process holds the file
      return new TrackingException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "The tracking database is busy; retry the request (" + message + ")",
          e);
    }
    if ("57014".equals(e.getSQLState())) {
      // query_canceled: the statement timeout (StoreFactory), or an administrator's cancel
      return new TrackingException(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "The tracking database did not answer in time (statement_timeout) and the statement was"
              + " canceled; retry the request",
          e);
    }
    if (isForeignKeyViolation(e)) {
      return new TrackingException(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "What this request refers to was deleted by another request meanwhile",
          e);
    }
    LOG.error("database error", e);
    // The database's own words name tables, columns and values: the log has them, not the client.
    return new TrackingException(
        ErrorCode.INTERNAL_ERROR, "Database error; the server's log has the details", e);
  }

  // ---- statement helpers ----

  static int update(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindAll(ps, 1, java.util.Arrays.asList(values)); // values may be null
      return ps.executeUpdate();
    }
  }

  static void forEachRow(Connection c, String sql, List<?> values, RowHandler handler)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindAll(ps, 1, values);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          handler.accept(rs);
        }
      }
    }
  }

  /** The first column of {@code query}'s rows {@code offset + 1 .. offset + limit}. */
  static List<String> pageOfIds(Connection c, SqlFragment query, int limit, long offset)
      throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(query.sql() + " LIMIT ? OFFSET ?")) {
      int i = bindAll(ps, 1, query.params());
      ps.setInt(i++, limit);
      ps.setLong(i, offset);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  /** The most values one {@code IN (...)} list binds; longer lists are queried in pieces. */
  static final int IN_LIST_CHUNK = 500;

  /** {@code n} comma-separated {@code ?} for an IN list. */
  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  static int bindAll(PreparedStatement ps, int index, List<?> values) throws SQLException {
    int i = index;
    for (Object v : values) {
      bind(ps, i++, v);
    }
    return i;
  }

  static void bind(PreparedStatement ps, int index, Object v) throws SQLException {
    if (v == null) {
      ps.setNull(index, Types.VARCHAR);
    } else if (v instanceof String s) {
      ps.setString(index, s);
    } else if (v instanceof Long l) {
      ps.setLong(index, l);
    } else if (v instanceof Integer n) {
      ps.setInt(index, n);
    } else if (v instanceof Double d) {
      ps.setDouble(index, d);
    } else if (v instanceof Boolean b) {
      ps.setBoolean(index, b);
    } else {
      throw new IllegalArgumentException("unsupported bind value " + v.getClass());
    }
  }
}
