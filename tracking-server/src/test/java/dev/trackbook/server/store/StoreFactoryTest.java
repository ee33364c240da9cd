package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.SqlDialect;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFactoryTest {
  @TempDir Path dir;

  @Test
  void sqliteUriForms() {
    String abs = dir.resolve("a/b.db").toString();
    assertThat(StoreFactory.parse("sqlite:" + abs).jdbcUrl()).isEqualTo("jdbc:sqlite:" + abs);
    assertThat(StoreFactory.parse("jdbc:sqlite:" + abs).jdbcUrl()).isEqualTo("jdbc:sqlite:" + abs);
    // SQLAlchemy/MLflow: three slashes then the path, so an absolute path gives four
    assertThat(StoreFactory.parse("sqlite:///" + abs).jdbcUrl()).isEqualTo("jdbc:sqlite:" + abs);
    assertThat(StoreFactory.parse("sqlite:///rel/x.db").jdbcUrl())
        .isEqualTo("jdbc:sqlite:" + Path.of("rel/x.db").toAbsolutePath());
    StoreFactory.Location l = StoreFactory.parse("sqlite:" + abs);
    assertThat(l.dialect()).isEqualTo(SqlDialect.SQLITE);
    assertThat(l.properties())
        .containsEntry("journal_mode", "WAL")
        .containsEntry("synchronous", "NORMAL");
    assertThat(l.sqliteFile()).isEqualTo(Path.of(abs));
    // Reading a URI makes nothing; open() makes the file's directory (SqliteTrackingStoreTest).
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void postgresUriForms() {
    StoreFactory.Location l =
        StoreFactory.parse("postgresql://bob:p%40ss%3Aword@db.example:5433/track?sslmode=disable");
    assertThat(l.dialect()).isEqualTo(SqlDialect.POSTGRESQL);
    assertThat(l.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/track?sslmode=disable");
    assertThat(l.properties()).containsEntry("user", "bob").containsEntry("password", "p@ss:word");
    assertThat(l.display()).doesNotContain("p%40ss");
    assertThat(StoreFactory.parse("postgres://u@h/db").jdbcUrl())
        .isEqualTo("jdbc:postgresql://h/db");
    assertThat(StoreFactory.parse("postgresql+psycopg2://u:p@h:1/db").jdbcUrl())
        .isEqualTo("jdbc:postgresql://h:1/db");
    assertThat(StoreFactory.parse("jdbc:postgresql://h/db?user=u").jdbcUrl())
        .isEqualTo("jdbc:postgresql://h/db?user=u");
  }

  @Test
  void badUrisAreClearErrorsThatDoNotLeakPasswords() {
    for (String bad :
        new String[] {
          "",
          "mysql://u:secret@h/db",
          "sqlite:",
          "sqlite::memory:",
          "sqlite://host/x.db",
          "postgresql://u:secret@h"
        }) {
      assertThatThrownBy(() -> StoreFactory.parse(bad))
          .isInstanceOfSatisfying(
              TrackingException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
          .message()
          .doesNotContain("secret");
    }
  }

  @Test
  void unreachablePostgresIsAClearErrorWithoutThePassword() {
    assertThatThrownBy(() -> StoreFactory.open("postgresql://u:secret@127.0.0.1:1/db"))
        .isInstanceOfSatisfying(
            TrackingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE))
        .message()
        .contains("127.0.0.1:1")
        .doesNotContain("secret");
  }

  @Test
  void migrationV6GivesOldLatestMetricsTheirRunsExperiment() throws Exception {
    Path db = dir.resolve("v5.db");
    LatestMetricsMigrationCheck.oldRowsGetTheirRunsExperiment(
        "sqlite:" + db, "jdbc:sqlite:" + db, "sqlite");
  }

  @Test
  void migrationV8MovesOldMetricPointsIntoChunks() throws Exception {
    Path db = dir.resolve("v7.db");
    MetricChunksMigrationCheck.oldPointsMoveIntoChunks(
        "sqlite:" + db, "jdbc:sqlite:" + db, "sqlite");
  }
}
