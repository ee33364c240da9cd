package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.model.ViewType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * Migration V6 on a database written before it: latest_metrics rows get their run's experiment, so
 * a search that starts from them finds the old runs. Run by each backend's test class.
 */
final class LatestMetricsMigrationCheck {
  private LatestMetricsMigrationCheck() {}

  static void oldRowsGetTheirRunsExperiment(String storeUri, String jdbcUrl, String folder)
      throws SQLException {
    Flyway.configure()
        .dataSource(jdbcUrl, null, null)
        .locations("classpath:db/migration/" + folder)
        .target("5")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO experiments (experiment_id, name, lifecycle_stage, creation_time,"
              + " last_update_time) VALUES (0, 'Default', 'active', 1, 1), (7, 'old', 'active', 1,"
              + " 1)");
      for (int i = 0; i < 3; i++) {
        st.executeUpdate(
            "INSERT INTO runs (run_uuid, name, experiment_id, status, start_time,"
                + " lifecycle_stage) VALUES ('run"
                + i
                + "', 'r"
                + i
                + "', 7, 'FINISHED', "
                + i
                + ", 'active')");
        st.executeUpdate(
            "INSERT INTO latest_metrics (run_uuid, metric_key, step, timestamp_ms, value, is_nan)"
                + " VALUES ('run"
                + i
                + "', 'acc', 0, 0, "
                + (0.5 + i / 10.0)
                + ", FALSE)");
      }
    }
    try (TrackingStore store = StoreFactory.open(storeUri)) {
      List<String> names =
          store
              .searchRuns(
                  List.of("7"),
                  "metrics.acc > 0.55",
                  ViewType.ACTIVE_ONLY,
                  10,
                  List.of("metrics.acc DESC"),
                  null)
              .items()
              .stream()
              .map(r -> r.info().runName())
              .toList();
      assertThat(names).containsExactly("r2", "r1");
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT experiment_id FROM latest_metrics")) {
      List<Long> experiments = new ArrayList<>();
      while (rs.next()) {
        experiments.add(rs.getLong(1));
      }
      assertThat(experiments).containsExactly(7L, 7L, 7L);
    }
  }
}
