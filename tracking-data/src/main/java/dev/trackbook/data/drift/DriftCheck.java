package dev.trackbook.data.drift;

import dev.trackbook.data.dataset.ColumnProfile;
import dev.trackbook.data.dataset.DatasetProfile;
import dev.trackbook.data.dataset.DatasetProfiler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Compares new data with the statistics of a logged dataset version. Only the profile is needed,
 * not the original rows:
 *
 * <ul>
 *   <li>numeric columns (and text columns, on their lengths): two-sample Kolmogorov-Smirnov D
 *       between the new values and the reference distribution: its own when it has few distinct
 *       values ({@link ColumnProfile#MAX_EXACT_VALUES}), else rebuilt from its 101 percentiles
 *       (linear between them); with the asymptotic p-value for the reference and new sizes; PSI
 *       over the reference decile bins is reported alongside;
 *   <li>categorical columns: PSI over the reference's categories (unseen or rare ones together),
 *       with the p-value of the two-sample chi-squared test over the same categories.
 * </ul>
 *
 * PSI = sum over bins of (new% - ref%) * ln(new% / ref%), with empty bins floored at 0.0001 so a
 * category that vanishes or appears gives a large but finite value.
 */
public final class DriftCheck {

  private static final double PSI_FLOOR = 1e-4;

  private DriftCheck() {}

  /** Checks {@code data} against {@code reference} with {@link DriftThresholds#DEFAULT}. */
  public static DriftReport check(DatasetProfile reference, Table data) {
    return check(reference, data, DriftThresholds.DEFAULT);
  }

  /** Checks {@code data} against {@code reference}. */
  public static DriftReport check(
      DatasetProfile reference, Table data, DriftThresholds thresholds) {
    List<ColumnDrift> out = new ArrayList<>();
    for (ColumnProfile ref : reference.columns()) {
      if (!data.containsColumn(ref.name())) {
        out.add(unusable(ref, "missing from the new data"));
        continue;
      }
      Column<?> column = data.column(ref.name());
      ColumnDrift empty = withoutValues(ref, column.size() - column.countMissing());
      if (empty != null) {
        out.add(empty);
        continue;
      }
      out.add(
          switch (ref.kind()) {
            case ColumnProfile.CATEGORICAL -> categorical(ref, column, thresholds);
            default -> distribution(ref, column, thresholds);
          });
    }
    return new DriftReport(reference.name(), reference.digest(), data.rowCount(), thresholds, out);
  }

  private static ColumnDrift categorical(
      ColumnProfile ref, Column<?> column, DriftThresholds thresholds) {
    Map<String, Long> counts = new HashMap<>();
    long n = 0;
    for (int i = 0; i < column.size(); i++) {
      if (column.isMissing(i)) {
        continue;
      }
      String value = column.getUnformattedString(i);
      String bucket = ref.categories().containsKey(value) ? value : ColumnProfile.OTHER;
      counts.merge(bucket, 1L, Long::sum);
      n++;
    }
    List<String> buckets = new ArrayList<>(ref.categories().keySet());
    if (!buckets.contains(ColumnProfile.OTHER)) {
      buckets.add(ColumnProfile.OTHER);
    }
    double[] expected = new double[buckets.size()];
    double[] actual = new double[buckets.size()];
    long[] refCounts = new long[buckets.size()];
    long[] newCounts = new long[buckets.size()];
    for (int i = 0; i < buckets.size(); i++) {
      refCounts[i] = ref.categories().getOrDefault(buckets.get(i), 0L);
      newCounts[i] = counts.getOrDefault(buckets.get(i), 0L);
      expected[i] = refCounts[i] / (double) ref.count();
      actual[i] = newCounts[i] / (double) n;
    }
    double psi = psi(expected, actual);
    double p = chiSquaredPValue(refCounts, newCounts);
    boolean drifted = psi >= thresholds.psi() && p < thresholds.pValue();
    return new ColumnDrift(ref.name(), ref.kind(), "PSI", psi, Double.NaN, p, drifted, "");
  }

  /**
   * The p-value of the two-sample chi-squared test that both count vectors come from one
   * categorical distribution; categories neither sample has are left out (they have no expected
   * count), and with fewer than two left there is nothing to tell apart.
   */
  static double chiSquaredPValue(long[] a, long[] b) {
    List<Integer> seen = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (a[i] + b[i] > 0) {
        seen.add(i);
      }
    }
    if (seen.size() < 2) {
      return 1;
    }
    long[] x = seen.stream().mapToLong(i -> a[i]).toArray();
    long[] y = seen.stream().mapToLong(i -> b[i]).toArray();
    return new ChiSquareTest().chiSquareTestDataSetsComparison(x, y);
  }

  private static ColumnDrift distribution(
      ColumnProfile ref, Column<?> column, DriftThresholds thresholds) {
    double[] values = values(ref, column);
    if (values == null) {
      return unusable(
          ref, "not comparable: reference is " + ref.kind() + ", new is " + column.type());
    }
    ColumnDrift empty = withoutValues(ref, values.length); // e.g. nothing but infinities
    if (empty != null) {
      return empty;
    }
    Arrays.sort(values);
    double d = ksStatistic(ref, values);
    double p =
        new KolmogorovSmirnovTest()
            .approximateP(d, (int) Math.min(ref.count(), Integer.MAX_VALUE), values.length);
    List<Long> newCounts = DatasetProfiler.binCounts(values, ref.binEdges());
    double[] expected = new double[newCounts.size()];
    double[] actual = new double[newCounts.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = ref.binCounts().get(i) / (double) ref.count();
      actual[i] = newCounts.get(i) / (double) values.length;
    }
    boolean drifted = p < thresholds.pValue() && d >= thresholds.ksStatistic();
    return new ColumnDrift(ref.name(), ref.kind(), "KS", psi(expected, actual), d, p, drifted, "");
  }

  /** The values to compare, as the reference measured its own; null if the types do not match. */
  private static double[] values(ColumnProfile ref, Column<?> column) {
    boolean text = ColumnProfile.TEXT.equals(ref.kind());
    if (!text && !(column instanceof NumericColumn<?>)) {
      return null;
    }
    return DatasetProfiler.measured(column, text);
  }

  /**
   * Largest distance between the new sample's empirical CDF and the reference CDF: the reference's
   * own when it kept its values, else rebuilt from its percentiles.
   */
  static double ksStatistic(ColumnProfile ref, double[] sorted) {
    if (ref.exactValues().isEmpty()) {
      List<Double> q = ref.percentiles();
      return ksStatistic(x -> referenceCdf(q, x), x -> referenceCdfBelow(q, x), sorted);
    }
    double[] values = ref.exactValues().stream().mapToDouble(Double::doubleValue).toArray();
    double[] cdf = new double[values.length];
    long cumulative = 0;
    for (int i = 0; i < values.length; i++) {
      cumulative += ref.exactCounts().get(i);
      cdf[i] = cumulative / (double) ref.count();
    }
    return ksStatistic(
        x -> exactCdf(values, cdf, x, false), x -> exactCdf(values, cdf, x, true), sorted);
  }

  /**
   * The distance for a reference CDF and its left limits, compared at each distinct new value and
   * just below it: between two new values the new CDF is flat and the reference's rises, so the
   * largest distance is at one end. Comparing left limits with left limits matters for point masses
   * (e.g. texts truncated to one length), which both distributions share.
   */
  private static double ksStatistic(
      DoubleUnaryOperator cdf, DoubleUnaryOperator cdfBelow, double[] sorted) {
    int m = sorted.length;
    double d = 0;
    int i = 0;
    while (i < m) {
      double x = sorted[i];
      int j = i;
      while (j < m && sorted[j] == x) {
        j++;
      }
      double below = Math.abs(i / (double) m - cdfBelow.applyAsDouble(x));
      double at = Math.abs(j / (double) m - cdf.applyAsDouble(x));
      d = Math.max(d, Math.max(below, at));
      i = j;
    }
    return d;
  }

  /**
   * The share of reference values at most x ({@code below}: less than x), from the distinct values
   * and the CDF at each.
   */
  private static double exactCdf(double[] values, double[] cdf, double x, boolean below) {
    int i = Arrays.binarySearch(values, x);
    // at x itself: its CDF, or just below it the previous one; between values, the one before
    int last = i >= 0 ? (below ? i - 1 : i) : -i - 2;
    return last < 0 ? 0 : cdf[last];
  }

  /** The reference CDF just below x (its left limit), rebuilt from its percentiles. */
  static double referenceCdfBelow(List<Double> q, double x) {
    int last = q.size() - 1;
    if (x <= q.get(0)) {
      return 0;
    }
    if (x > q.get(last)) {
      return 1;
    }
    int k = 1;
    while (q.get(k) < x) {
      k++;
    }
    double lo = q.get(k - 1);
    double hi = q.get(k);
    return (k - 1 + (x - lo) / (hi - lo)) / last;
  }

  /** The reference CDF at x: linear between percentiles, right-continuous at repeated values. */
  static double referenceCdf(List<Double> q, double x) {
    int last = q.size() - 1;
    if (x < q.get(0)) {
      return 0;
    }
    if (x >= q.get(last)) {
      return 1;
    }
    int k = 0;
    while (k + 1 <= last && q.get(k + 1) <= x) {
      k++;
    }
    double lo = q.get(k);
    double hi = q.get(k + 1);
    double fraction = hi > lo ? (x - lo) / (hi - lo) : 0;
    return (k + fraction) / last;
  }

  static double psi(double[] expected, double[] actual) {
    double sum = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.max(expected[i], PSI_FLOOR);
      double a = Math.max(actual[i], PSI_FLOOR);
      sum += (a - e) * Math.log(a / e);
    }
    return sum;
  }

  /**
   * The result for a column without values in the reference or the new data, else null. An optional
   * column empty on both sides has not changed; one that empties or fills up has.
   */
  private static ColumnDrift withoutValues(ColumnProfile ref, long newValues) {
    if (ref.count() > 0 && newValues > 0) {
      return null;
    }
    if (ref.count() == 0 && newValues == 0) {
      return notCompared(ref, false, "no values in either");
    }
    return unusable(
        ref, ref.count() == 0 ? "no values in the reference" : "no values in the new data");
  }

  private static ColumnDrift unusable(ColumnProfile ref, String why) {
    return notCompared(ref, true, why);
  }

  private static ColumnDrift notCompared(ColumnProfile ref, boolean drifted, String why) {
    return new ColumnDrift(
        ref.name(), ref.kind(), "-", Double.NaN, Double.NaN, Double.NaN, drifted, why);
  }
}
