package dev.trackbook.server.store;

import dev.trackbook.server.search.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Metric histories in the {@code metric_chunks} table: each row holds a run of sorted points of one
 * (run, key) as one {@link MetricChunkCodec} value, indexed by its first and last (step,
 * timestamp). A log-batch of 1000 points is one row, not 1000 index entries, which is what lets
 * SQLite take more than its ~400k rows/s ceiling (issue 9), and a 1M-point history reads as ~1000
 * rows.
 *
 * <p>Chunks may overlap (clients send batches out of order, or resend one after a lost
 * acknowledgement): reads merge every group of overlapping chunks and drop duplicate points, so the
 * history is always the sorted set of distinct points, as with a point-per-row primary key. Small
 * trailing chunks are extended in place, so a loop logging one point per call does not leave one
 * row per point.
 */
final class MetricChunks {
  /** A tail chunk below this many points takes the next points of its series in place. */
  static final int APPEND_LIMIT = 512;

  /** The most points one chunk holds; longer runs are split. */
  static final int MAX_CHUNK = 4096;

  private final SqlDialect dialect;

  MetricChunks(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** Stores {@code points} (any order, duplicates allowed) in the history of (run, key). */
  void append(Connection c, String runId, String key, MetricSeries points) throws SQLException {
    points.sortUnique();
    if (points.size() == 0) {
      return;
    }
    if (points.size() < APPEND_LIMIT && appendToTail(c, runId, key, points)) {
      return;
    }
    insert(c, runId, key, points);
  }

  /** Stores sorted, distinct {@code points} as new chunks of their own. */
  static void insert(Connection c, String runId, String key, MetricSeries points)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO metric_chunks (run_uuid, metric_key, first_step, first_ts, last_step,"
                + " last_ts, points, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int from = 0; from < points.size(); from += MAX_CHUNK) {
        int to = Math.min(points.size(), from + MAX_CHUNK);
        bindChunk(ps, 1, runId, key, points, from, to);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private boolean appendToTail(Connection c, String runId, String key, MetricSeries points)
      throws SQLException {
    long chunkId;
    byte[] data;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT chunk_id, points, data FROM metric_chunks WHERE run_uuid = ? AND metric_key = ?"
                + " ORDER BY first_step DESC, first_ts DESC, chunk_id DESC LIMIT 1"
                // PostgreSQL runs writers concurrently: two appending to one tail would lose one
                + (dialect == SqlDialect.POSTGRESQL ? " FOR UPDATE" : ""))) {
      ps.setString(1, runId);
      ps.setString(2, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(2) + points.size() > APPEND_LIMIT) {
          return false;
        }
        chunkId = rs.getLong(1);
        data = rs.getBytes(3);
      }
    }
    MetricSeries tail = new MetricSeries(APPEND_LIMIT);
    MetricChunkCodec.decodeInto(data, tail);
    int last = tail.size() - 1;
    // only a strict continuation keeps the chunk sorted; anything else becomes a chunk of its own
    if (points.compareTo(0, tail.step(last), tail.timestamp(last), tail.value(last)) <= 0) {
      return false;
    }
    for (int i = 0; i < points.size(); i++) {
      tail.add(points, i);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE metric_chunks SET run_uuid = ?, metric_key = ?, first_step = ?, first_ts = ?,"
                + " last_step = ?, last_ts = ?, points = ?, data = ? WHERE chunk_id = ?")) {
      bindChunk(ps, 1, runId, key, tail, 0, tail.size());
      ps.setLong(9, chunkId);
      ps.executeUpdate();
    }
    return true;
  }

  private static void bindChunk(
      PreparedStatement ps, int at, String runId, String key, MetricSeries s, int from, int to)
      throws SQLException {
    ps.setString(at, runId);
    ps.setString(at + 1, key);
    ps.setLong(at + 2, s.step(from));
    ps.setLong(at + 3, s.timestamp(from));
    ps.setLong(at + 4, s.step(to - 1));
    ps.setLong(at + 5, s.timestamp(to - 1));
    ps.setInt(at + 6, to - from);
    ps.setBytes(at + 7, MetricChunkCodec.encode(s, from, to));
  }

  /**
   * Up to {@code limit} points of the history in order, starting after the point {@code after}
   * (null: from the first). Reads chunks in order and stops once the page is full.
   */
  MetricSeries page(Connection c, String runId, String key, Position after, int limit)
      throws SQLException {
    MetricSeries out = new MetricSeries(Math.min(limit, 25_000));
    String sql =
        "SELECT first_step, first_ts, last_step, last_ts, data FROM metric_chunks"
            + " WHERE run_uuid = ? AND metric_key = ?"
            + (after == null ? "" : " AND (last_step > ? OR (last_step = ? AND last_ts >= ?))")
            + " ORDER BY first_step, first_ts, chunk_id";
    scan(
        c,
        sql,
        after == null
            ? List.of(runId, key)
            : List.of(runId, key, after.step(), after.step(), after.timestamp()),
        group -> {
          for (int i = 0; i < group.size() && out.size() < limit; i++) {
            if (after == null
                || group.compareTo(i, after.step(), after.timestamp(), after.value()) > 0) {
              out.add(group, i);
            }
          }
          return out.size() < limit;
        });
    return out;
  }

  /**
   * A chart's sample of the history within steps [lo, hi]: the first and last step of the range
   * and, in between, the first step at or after each of {@code maxResults - 1} evenly spaced bucket
   * starts; at each chosen step its last point (the latest timestamp). One pass over the chunks
   * that keeps only the chosen points, so a million-point history costs no million-point buffer.
   */
  MetricSeries sample(Connection c, String runId, String key, long lo, long hi, int maxResults)
      throws SQLException {
    MetricSeries out = new MetricSeries(Math.min(maxResults, 1024));
    Long lastStep = lastStepAtMost(c, runId, key, lo, hi);
    if (lastStep == null) {
      return out;
    }
    long last = lastStep;
    StepBuckets buckets = new StepBuckets(maxResults, last);
    scan(
        c,
        "SELECT first_step, first_ts, last_step, last_ts, data FROM metric_chunks"
            + " WHERE run_uuid = ? AND metric_key = ? AND first_step <= ? AND last_step >= ?"
            + " ORDER BY first_step, first_ts, chunk_id",
        List.of(runId, key, last, lo),
        group -> {
          for (int i = 0; i < group.size(); i++) {
            long step = group.step(i);
            if (step < lo || step > last) {
              continue;
            }
            if (out.size() > 0 && out.step(out.size() - 1) == step) {
              out.replaceLast(group, i); // a later point at a chosen step
            } else if (buckets.chooses(step)) {
              out.add(group, i);
            }
          }
          return true;
        });
    return out;
  }

  /** The largest step in [lo, hi] that the history has; null if it has none. */
  private Long lastStepAtMost(Connection c, String runId, String key, long lo, long hi)
      throws SQLException {
    long[] last = {0};
    boolean[] found = {false};
    // chunks that end within the range end on a point of it
    SqlTransactions.forEachRow(
        c,
        "SELECT MAX(last_step) FROM metric_chunks WHERE run_uuid = ? AND metric_key = ?"
            + " AND first_step <= ? AND last_step >= ? AND last_step <= ?",
        List.of(runId, key, hi, lo, hi),
        rs -> {
          long v = rs.getLong(1);
          if (!rs.wasNull()) {
            last[0] = v;
            found[0] = true;
          }
        });
    if (hi != Long.MAX_VALUE) {
      // chunks that straddle hi (usually one) are decoded to find their last step within it
      MetricSeries chunk = new MetricSeries(MAX_CHUNK);
      SqlTransactions.forEachRow(
          c,
          "SELECT data FROM metric_chunks WHERE run_uuid = ? AND metric_key = ?"
              + " AND first_step <= ? AND last_step > ?",
          List.of(runId, key, hi, hi),
          rs -> {
            chunk.clear();
            MetricChunkCodec.decodeInto(rs.getBytes(1), chunk);
            for (int i = chunk.size() - 1; i >= 0; i--) {
              long step = chunk.step(i);
              if (step <= hi) {
                if (step >= lo && (!found[0] || step > last[0])) {
                  last[0] = step;
                  found[0] = true;
                }
                break;
              }
            }
          });
    }
    return found[0] ? last[0] : null;
  }

  /**
   * The chosen steps of a sample, met in ascending order: the first step at or after each bucket
   * start {@code first + k * width} (k below {@code maxResults - 1}, width the range over that,
   * rounded up), and the last step; the first step seen is the range's first.
   */
  private static final class StepBuckets {
    private final int buckets;
    private final long last;
    private long first;
    private long width;
    private int next = -1; // the next bucket whose start is not reached yet; -1 before the first

    StepBuckets(int maxResults, long last) {
      this.buckets = maxResults - 1;
      this.last = last;
    }

    /**
     * Called with the steps in ascending order (a step again for each further point at it, which is
     * then not taken anew); says whether the sample takes it.
     */
    boolean chooses(long step) {
      if (next < 0) {
        first = step;
        long span;
        try {
          span = Math.subtractExact(last, first);
        } catch (ArithmeticException e) {
          span = Long.MAX_VALUE;
        }
        width = buckets == 0 ? 1 : Math.max(1, span / buckets + (span % buckets == 0 ? 0 : 1));
        next = 0;
      }
      boolean chosen = step == last;
      while (next < buckets && start(next) <= step) {
        chosen = true;
        next++;
      }
      return chosen;
    }

    private long start(int k) {
      try {
        return Math.addExact(first, Math.multiplyExact(k, width));
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE; // beyond every step: never reached
      }
    }
  }

  /** Takes each group of overlapping chunks, merged; returns false to stop the scan. */
  private interface GroupHandler {
    boolean accept(MetricSeries group);
  }

  /**
   * Runs a chunk query ordered by first (step, timestamp) and hands on groups of chunks whose
   * ranges overlap, merged into one sorted series without duplicates. Groups come in order and
   * never share a point, so a reader can stop at any group boundary.
   */
  private void scan(Connection c, String sql, List<?> values, GroupHandler handler)
      throws SQLException {
    boolean streaming = dialect == SqlDialect.POSTGRESQL && c.getAutoCommit();
    if (streaming) {
      // PostgreSQL's driver streams rows (fetch size) only inside a transaction
      c.setAutoCommit(false);
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setFetchSize(16);
      SqlTransactions.bindAll(ps, 1, values);
      List<byte[]> group = new ArrayList<>();
      MetricSeries merged = new MetricSeries(MAX_CHUNK); // reused: handlers copy what they keep
      long groupLastStep = 0;
      long groupLastTs = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long firstStep = rs.getLong(1);
          long firstTs = rs.getLong(2);
          boolean overlaps =
              firstStep < groupLastStep || (firstStep == groupLastStep && firstTs <= groupLastTs);
          if (!group.isEmpty() && !overlaps) {
            if (!handler.accept(merge(group, merged))) {
              return;
            }
            group.clear();
          }
          long lastStep = rs.getLong(3);
          long lastTs = rs.getLong(4);
          if (group.isEmpty()
              || lastStep > groupLastStep
              || (lastStep == groupLastStep && lastTs > groupLastTs)) {
            groupLastStep = lastStep;
            groupLastTs = lastTs;
          }
          group.add(rs.getBytes(5));
        }
      }
      if (!group.isEmpty()) {
        handler.accept(merge(group, merged));
      }
    } finally {
      if (streaming) {
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }

  private static MetricSeries merge(List<byte[]> chunks, MetricSeries merged) {
    merged.clear();
    for (byte[] chunk : chunks) {
      MetricChunkCodec.decodeInto(chunk, merged);
    }
    if (chunks.size() > 1) {
      merged.sortUnique();
    }
    return merged;
  }

  /** A point of a history, as a page token carries it. */
  record Position(long step, long timestamp, double value) {}
}
