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

  /**
   * Stores each key's points (any order, duplicates allowed) in the run's histories of those keys.
   * A batch with many keys costs a few statements, not a few per key: one query finds the tail
   * chunk of every key that may extend it, one batched UPDATE extends them, one batched INSERT adds
   * the rest.
   */
  void appendAll(Connection c, String runId, java.util.Map<String, MetricSeries> series)
      throws SQLException {
    java.util.Map<String, MetricSeries> small = new java.util.TreeMap<>();
    List<java.util.Map.Entry<String, MetricSeries>> inserts = new ArrayList<>();
    for (java.util.Map.Entry<String, MetricSeries> e : series.entrySet()) {
      MetricSeries points = e.getValue();
      points.sortUnique();
      if (points.size() == 0) {
        continue;
      }
      if (points.size() < APPEND_LIMIT) {
        small.put(e.getKey(), points);
      } else {
        inserts.add(e);
      }
    }
    List<Tail> extended = new ArrayList<>();
    List<String> keys = new ArrayList<>(small.keySet());
    for (int from = 0; from < keys.size(); from += SqlTransactions.IN_LIST_CHUNK) {
      List<String> part =
          keys.subList(from, Math.min(keys.size(), from + SqlTransactions.IN_LIST_CHUNK));
      for (Tail tail : tails(c, runId, part)) {
        MetricSeries points = small.get(tail.key);
        if (tail.extendWith(points)) {
          extended.add(tail);
          small.remove(tail.key);
        }
      }
    }
    small.entrySet().forEach(inserts::add);
    if (!extended.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE metric_chunks SET first_step = ?, first_ts = ?, last_step = ?, last_ts = ?,"
                  + " points = ?, data = ? WHERE chunk_id = ?")) {
        for (Tail tail : extended) {
          bindRange(ps, 1, tail.points, 0, tail.points.size());
          ps.setLong(7, tail.chunkId);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    if (!inserts.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (java.util.Map.Entry<String, MetricSeries> e : inserts) {
          addChunks(ps, runId, e.getKey(), e.getValue());
        }
        ps.executeBatch();
      }
    }
  }

  private static final String INSERT =
      "INSERT INTO metric_chunks (run_uuid, metric_key, first_step, first_ts, last_step,"
          + " last_ts, points, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  /** Stores sorted, distinct {@code points} as new chunks of their own. */
  static void insert(Connection c, String runId, String key, MetricSeries points)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      addChunks(ps, runId, key, points);
      ps.executeBatch();
    }
  }

  private static void addChunks(PreparedStatement ps, String runId, String key, MetricSeries points)
      throws SQLException {
    for (int from = 0; from < points.size(); from += MAX_CHUNK) {
      int to = Math.min(points.size(), from + MAX_CHUNK);
      bindChunk(ps, 1, runId, key, points, from, to);
      ps.addBatch();
    }
  }

  /** The last chunk of one (run, key), decoded, while its points may still take more. */
  private static final class Tail {
    final long chunkId;
    final String key;
    final MetricSeries points;

    Tail(long chunkId, String key, MetricSeries points) {
      this.chunkId = chunkId;
      this.key = key;
      this.points = points;
    }

    /**
     * Appends {@code more} when it fits and strictly continues the chunk (anything else would
     * unsort it: those points become a chunk of their own).
     */
    boolean extendWith(MetricSeries more) {
      int last = points.size() - 1;
      if (points.size() + more.size() > APPEND_LIMIT
          || more.compareTo(0, points.step(last), points.timestamp(last), points.value(last))
              <= 0) {
        return false;
      }
      for (int i = 0; i < more.size(); i++) {
        points.add(more, i);
      }
      return true;
    }
  }

  /**
   * The last chunk of each of {@code keys} in the run that has room left, in one query: for each
   * key the index finds its last chunk (highest first step); chunks already full are not fetched.
   */
  private List<Tail> tails(Connection c, String runId, List<String> keys) throws SQLException {
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      values.append(i == 0 ? "(?)" : ", (?)");
    }
    String lastChunk = " ORDER BY t.first_step DESC, t.first_ts DESC, t.chunk_id DESC LIMIT 1";
    String sql =
        keys.size() == 1
            // one key (a log-metric call): the plain index lookup, a quarter cheaper on SQLite
            ? "SELECT t.chunk_id, t.metric_key, t.data, t.points FROM metric_chunks t"
                + " WHERE t.run_uuid = ? AND t.metric_key = ?"
                + lastChunk
            : "SELECT m.chunk_id, m.metric_key, m.data FROM metric_chunks m"
                + " WHERE m.chunk_id IN (SELECT (SELECT t.chunk_id FROM metric_chunks t"
                + " WHERE t.run_uuid = ? AND t.metric_key = k.column1"
                + lastChunk
                + ") FROM (VALUES "
                + values
                + ") AS k) AND m.points < ?";
    // PostgreSQL runs writers concurrently: two appending to one tail would lose one
    if (dialect == SqlDialect.POSTGRESQL) {
      sql += " FOR UPDATE";
    }
    List<Tail> tails = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, runId);
      for (int i = 0; i < keys.size(); i++) {
        ps.setString(2 + i, keys.get(i));
      }
      if (keys.size() > 1) {
        ps.setInt(2 + keys.size(), APPEND_LIMIT);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (keys.size() == 1 && rs.getInt(4) >= APPEND_LIMIT) {
            break; // the last chunk is full
          }
          MetricSeries points = new MetricSeries(APPEND_LIMIT);
          MetricChunkCodec.decodeInto(rs.getBytes(3), points);
          tails.add(new Tail(rs.getLong(1), rs.getString(2), points));
        }
      }
    }
    return tails;
  }

  private static void bindChunk(
      PreparedStatement ps, int at, String runId, String key, MetricSeries s, int from, int to)
      throws SQLException {
    ps.setString(at, runId);
    ps.setString(at + 1, key);
    bindRange(ps, at + 2, s, from, to);
  }

  /** first_step, first_ts, last_step, last_ts, points, data of the chunk {@code s[from, to)}. */
  private static void bindRange(PreparedStatement ps, int at, MetricSeries s, int from, int to)
      throws SQLException {
    ps.setLong(at, s.step(from));
    ps.setLong(at + 1, s.timestamp(from));
    ps.setLong(at + 2, s.step(to - 1));
    ps.setLong(at + 3, s.timestamp(to - 1));
    ps.setInt(at + 4, to - from);
    ps.setBytes(at + 5, MetricChunkCodec.encode(s, from, to));
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
