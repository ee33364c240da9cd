package dev.trackbook.data.drift;

/**
 * When a column counts as drifted: its score crosses a threshold and its test finds the difference
 * significant. Either alone misleads: with thousands of rows a tiny, harmless shift is
 * "significant"; with a few rows chance alone moves a score (8 of 10 new rows in one of two equal
 * categories is PSI 0.42, and a chi-squared p of 0.06).
 *
 * @param psi categorical columns drift at a population stability index at or above this; 0.2 is the
 *     usual "significant shift" line (below 0.1 is commonly read as no shift)
 * @param pValue ... when the p-value of their test is below this: KS for numeric and text columns,
 *     two-sample chi-squared for categorical ones
 * @param ksStatistic numeric and text columns drift at a KS distance D at least this; a reference
 *     of many distinct values is summarised by percentiles, which are accurate to about 0.01 in D
 */
public record DriftThresholds(double psi, double pValue, double ksStatistic) {

  /** PSI 0.2, p 0.05, D 0.1. */
  public static final DriftThresholds DEFAULT = new DriftThresholds(0.2, 0.05, 0.1);

  public DriftThresholds {
    if (!(psi > 0) || !(pValue > 0 && pValue < 1) || !(ksStatistic >= 0 && ksStatistic < 1)) {
      throw new IllegalArgumentException(
          "drift thresholds need psi > 0, 0 < pValue < 1 and 0 <= ksStatistic < 1");
    }
  }
}
