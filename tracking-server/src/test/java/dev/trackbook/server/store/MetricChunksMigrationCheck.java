package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.model.Metric;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Migration V8 on a database written before it: every point of the per-point metrics table is in
 * the chunked history afterwards, in order (NaN and the stored infinities included), and the old
 * table is gone. Run by each backend's test class.
 */
final class MetricChunksMigrationCheck {
  private MetricChunksMigrationCheck() {}

  static void oldPointsMoveIntoChunks(String storeUri, String jdbcUrl, String folder)
      throws SQLException {
    Flyway.configure()
        .dataSource(jdbcUrl, null, null)
        .locations("classpath:db/migration/" + folder)
        .target("7")
        .load()
        .migrate();
    List<Metric> want = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO experiments (experiment_id, name, lifecycle_stage, creation_time,"
              + " last_update_time) VALUES (0, 'Default', 'active', 1, 1)");
      st.executeUpdate(
          "INSERT INTO runs (run_uuid, name, experiment_id, status, start_time, lifecycle_stage)"
              + " VALUES ('old', 'old', 0, 'FINISHED', 1, 'active'),"
              + " ('other', 'other', 0, 'FINISHED', 1, 'active')");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO metrics (run_uuid, metric_key, step, timestamp_ms, value, is_nan)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        // more than one chunk's worth, written in reverse
        for (int step = 9_999; step >= 0; step--) {
          insert(ps, "old", "loss", step, 1_000 + step, 1.0 / (step + 1), false);
          want.add(0, new Metric("loss", 1.0 / (step + 1), 1_000 + step, step));
        }
        insert(ps, "old", "odd", 0, 5, 0.0, true);
        insert(ps, "old", "odd", 1, 5, Double.MAX_VALUE, false);
        insert(ps, "other", "loss", 3, 3, 0.25, false);
        ps.executeBatch();
      }
    }
    try (TrackingStore store = StoreFactory.open(storeUri)) {
      List<Metric> got = new ArrayList<>();
      String token = null;
      do {
        var page = store.getMetricHistory("old", "loss", 2_500, token);
        got.addAll(page.items());
        token = page.nextPageToken();
      } while (token != null);
      assertThat(got).isEqualTo(want);
      List<Metric> odd = store.getMetricHistory("old", "odd", 10, null).items();
      assertThat(odd.get(0).value()).isNaN();
      assertThat(odd.get(1)).isEqualTo(new Metric("odd", Double.MAX_VALUE, 5, 1));
      assertThat(store.getMetricHistory("other", "loss", 10, null).items())
          .containsExactly(new Metric("loss", 0.25, 3, 3));
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement st = c.createStatement()) {
      assertThatThrownBy(() -> st.executeQuery("SELECT COUNT(*) FROM metrics"))
          .isInstanceOf(SQLException.class);
    }
  }

  private static void insert(
      PreparedStatement ps,
      String run,
      String key,
      long step,
      long timestamp,
      double value,
      boolean isNan)
      throws SQLException {
    ps.setString(1, run);
    ps.setString(2, key);
    ps.setLong(3, step);
    ps.setLong(4, timestamp);
    ps.setDouble(5, value);
    ps.setBoolean(6, isNan);
    ps.addBatch();
  }
}
