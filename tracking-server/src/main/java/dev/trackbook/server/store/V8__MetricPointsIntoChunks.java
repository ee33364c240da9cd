package dev.trackbook.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Moves the points of the per-point {@code metrics} table into {@code metric_chunks} (created by
 * V7) and drops it. Java, not SQL, because chunks are {@link MetricChunkCodec} values. Points come
 * out of the old primary key in point order, so each series becomes full chunks in one pass.
 */
public final class V8__MetricPointsIntoChunks extends BaseJavaMigration {
  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT run_uuid, metric_key, step, timestamp_ms, value, is_nan FROM metrics"
                + " ORDER BY run_uuid, metric_key, step, timestamp_ms, value, is_nan")) {
      ps.setFetchSize(10_000); // PostgreSQL streams inside Flyway's transaction
      try (ResultSet rs = ps.executeQuery()) {
        String run = null;
        String key = null;
        MetricSeries series = new MetricSeries(MetricChunks.MAX_CHUNK);
        while (rs.next()) {
          String r = rs.getString(1);
          String k = rs.getString(2);
          if (series.size() == MetricChunks.MAX_CHUNK || !(r.equals(run) && k.equals(key))) {
            flush(c, run, key, series);
            series = new MetricSeries(MetricChunks.MAX_CHUNK);
            run = r;
            key = k;
          }
          series.add(rs.getLong(3), rs.getLong(4), rs.getBoolean(6) ? Double.NaN : rs.getDouble(5));
        }
        flush(c, run, key, series);
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE metrics");
    }
  }

  private static void flush(Connection c, String run, String key, MetricSeries series)
      throws java.sql.SQLException {
    if (series.size() > 0) {
      series.sortUnique(); // only checks: the old key's order is the point order
      MetricChunks.insert(c, run, key, series);
    }
  }
}
