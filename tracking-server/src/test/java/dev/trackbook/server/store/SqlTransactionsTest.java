package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.SqlDialect;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How transaction failures reach the client: retried, 503 or 404, never a bare 500. */
class SqlTransactionsTest {
  @TempDir Path dir;
  private HikariDataSource data;
  private SqlTransactions tx;

  @BeforeEach
  void open() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + dir.resolve("t.db"));
    data = new HikariDataSource(config);
    // The PostgreSQL dialect: its SQLSTATEs are what the rules below look at.
    tx = new SqlTransactions(data, SqlDialect.POSTGRESQL);
  }

  @AfterEach
  void close() {
    data.close();
  }

  @Test
  void aDeadlockIsRetriedAndPersistentContentionIsTemporarilyUnavailable() {
    AtomicInteger attempts = new AtomicInteger();
    String result =
        tx.write(
            c -> {
              if (attempts.incrementAndGet() < 3) {
                throw new SQLException("deadlock detected", "40P01");
              }
              return "done";
            });
    assertThat(result).isEqualTo("done");

    attempts.set(0);
    assertThatThrownBy(
            () ->
                tx.write(
                    c -> {
                      attempts.incrementAndGet();
                      throw new SQLException("could not serialize access", "40001");
                    }))
        .isInstanceOfSatisfying(
            TrackingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE));
    assertThat(attempts.get()).isGreaterThan(1);
  }

  @Test
  void aForeignKeyThatNoLongerResolvesIsNotFound() {
    assertThatThrownBy(
            () ->
                tx.write(
                    c -> {
                      throw new SQLException("violates foreign key constraint", "23503");
                    }))
        .isInstanceOfSatisfying(
            TrackingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
  }
}
