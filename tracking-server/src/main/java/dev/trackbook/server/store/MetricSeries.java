package dev.trackbook.server.store;

import dev.trackbook.server.model.Metric;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Points of one metric of one run, held column by column in primitive arrays: what a history chunk
 * holds, what a history read merges. A million points cost 24 MB here and no objects.
 *
 * <p>Values are kept as stored: MLflow stores +-Infinity as the largest finite doubles, so this
 * series does too; NaN stays NaN. Points are ordered by (step, timestamp, value, is NaN) with NaN
 * ranking as a value of 0, the order of the SQL store's former primary key and of MLflow's, so a
 * point identical in all four is the same point and a resent batch adds nothing.
 */
final class MetricSeries {
  private long[] steps;
  private long[] timestamps;
  private double[] values;
  private int size;

  MetricSeries(int capacity) {
    int n = Math.max(capacity, 4);
    steps = new long[n];
    timestamps = new long[n];
    values = new double[n];
  }

  /**
   * The value as stored: +-Infinity become the largest finite doubles, as MLflow stores them
   * (mlflow/store/tracking/sqlalchemy_store.py _log_metrics) because not every database and driver
   * round-trips non-finite values; latest_metrics also stores NaN as 0 with is_nan set.
   */
  static double stored(double value) {
    if (value == Double.POSITIVE_INFINITY) {
      return Double.MAX_VALUE;
    }
    if (value == Double.NEGATIVE_INFINITY) {
      return -Double.MAX_VALUE;
    }
    return value;
  }

  void add(long step, long timestamp, double value) {
    if (size == steps.length) {
      ensureCapacity(size + 1);
    }
    steps[size] = step;
    timestamps[size] = timestamp;
    values[size] = stored(value);
    size++;
  }

  /** Makes room for {@code n} points in all. */
  void ensureCapacity(int n) {
    if (n > steps.length) {
      int capacity = Math.max(n, steps.length * 2);
      steps = Arrays.copyOf(steps, capacity);
      timestamps = Arrays.copyOf(timestamps, capacity);
      values = Arrays.copyOf(values, capacity);
    }
  }

  /** Counts {@code n} points the codec wrote past the end into the arrays. */
  void grow(int n) {
    size += n;
  }

  /** Forgets every point, keeping the arrays. */
  void clear() {
    size = 0;
  }

  /** Appends a point whose value is already in stored form, for the codec. */
  void addStored(long step, long timestamp, double value) {
    if (size == steps.length) {
      ensureCapacity(size + 1);
    }
    steps[size] = step;
    timestamps[size] = timestamp;
    values[size] = value;
    size++;
  }

  /** Appends point {@code i} of {@code other}. */
  void add(MetricSeries other, int i) {
    addStored(other.steps[i], other.timestamps[i], other.values[i]);
  }

  /** Overwrites the last point with point {@code i} of {@code other}. */
  void replaceLast(MetricSeries other, int i) {
    steps[size - 1] = other.steps[i];
    timestamps[size - 1] = other.timestamps[i];
    values[size - 1] = other.values[i];
  }

  int size() {
    return size;
  }

  long step(int i) {
    return steps[i];
  }

  long timestamp(int i) {
    return timestamps[i];
  }

  double value(int i) {
    return values[i];
  }

  /** Point order: step, timestamp, value (NaN as 0), then NaN after a stored 0. */
  static int compare(long stepA, long tsA, double valueA, long stepB, long tsB, double valueB) {
    int c = Long.compare(stepA, stepB);
    if (c != 0) {
      return c;
    }
    c = Long.compare(tsA, tsB);
    if (c != 0) {
      return c;
    }
    boolean nanA = Double.isNaN(valueA);
    boolean nanB = Double.isNaN(valueB);
    double a = nanA ? 0.0 : valueA;
    double b = nanB ? 0.0 : valueB;
    // < and > rather than Double.compare: -0.0 and 0.0 are one value, as in SQL
    if (a < b) {
      return -1;
    }
    if (a > b) {
      return 1;
    }
    return Boolean.compare(nanA, nanB);
  }

  int compare(int i, int j) {
    return compare(steps[i], timestamps[i], values[i], steps[j], timestamps[j], values[j]);
  }

  /** Compares point {@code i} with a point given by its parts. */
  int compareTo(int i, long step, long timestamp, double value) {
    return compare(steps[i], timestamps[i], values[i], step, timestamp, value);
  }

  /**
   * Sorts the points and drops duplicates, in place. A series that is already strictly ordered (a
   * training loop's batch, a chunk) is only checked.
   */
  void sortUnique() {
    boolean ordered = true;
    for (int i = 1; i < size && ordered; i++) {
      ordered = compare(i - 1, i) < 0;
    }
    if (ordered) {
      return;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, this::compare);
    long[] s = new long[steps.length];
    long[] t = new long[steps.length];
    double[] v = new double[steps.length];
    int n = 0;
    for (int k = 0; k < size; k++) {
      int i = order[k];
      if (n > 0 && compare(s[n - 1], t[n - 1], v[n - 1], steps[i], timestamps[i], values[i]) == 0) {
        continue;
      }
      s[n] = steps[i];
      t[n] = timestamps[i];
      v[n] = values[i];
      n++;
    }
    steps = s;
    timestamps = t;
    values = v;
    size = n;
  }

  /** The raw arrays, for the codec; only the first {@link #size()} entries count. */
  long[] stepArray() {
    return steps;
  }

  long[] timestampArray() {
    return timestamps;
  }

  double[] valueArray() {
    return values;
  }

  /** The first {@code n} points as an unmodifiable list of metrics of {@code key}, made on read. */
  List<Metric> asMetrics(String key, int n) {
    return new MetricView(key, n);
  }

  private final class MetricView extends AbstractList<Metric> implements RandomAccess {
    private final String key;
    private final int n;

    MetricView(String key, int n) {
      this.key = key;
      this.n = n;
    }

    @Override
    public Metric get(int i) {
      Objects.checkIndex(i, n);
      return new Metric(key, values[i], timestamps[i], steps[i]);
    }

    @Override
    public int size() {
      return n;
    }
  }
}
