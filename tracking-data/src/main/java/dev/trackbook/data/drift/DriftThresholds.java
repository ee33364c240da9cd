package dev.trackbook.data.drift;

/**
 * When a column counts as drifted.
 *
 * @param psi categorical columns drift at a population stability index at or above this; 0.2 is the
 *     usual "significant shift" line (below 0.1 is commonly read as no shift)
 * @param ksPValue numeric and text columns drift when the KS p-value is below this ...
 * @param ksStatistic ... and the KS distance D is at least this: with thousands of rows a tiny,
 *     harmless shift is "significant", and a reference of many distinct values is summarised by
 *     percentiles, which are accurate to about 0.01 in D
 */
public record DriftThresholds(double psi, double ksPValue, double ksStatistic) {

  /** PSI 0.2, p 0.05, D 0.1. */
  public static final DriftThresholds DEFAULT = new DriftThresholds(0.2, 0.05, 0.1);

  public DriftThresholds {
    if (!(psi > 0) || !(ksPValue > 0 && ksPValue < 1) || !(ksStatistic >= 0 && ksStatistic < 1)) {
      throw new IllegalArgumentException(
          "drift thresholds need psi > 0, 0 < ksPValue < 1 and 0 <= ksStatistic < 1");
    }
  }
}
