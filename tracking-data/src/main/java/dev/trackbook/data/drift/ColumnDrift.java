package dev.trackbook.data.drift;

/**
 * The drift of one column.
 *
 * @param column column name
 * @param kind numeric, text or categorical (see {@link dev.trackbook.data.dataset.ColumnProfile})
 * @param test the test that decides: {@code KS} for numeric and text, {@code PSI} for categorical
 * @param psi population stability index over the reference bins or categories
 * @param ksStatistic Kolmogorov-Smirnov D against the reference percentiles (NaN for categorical)
 * @param ksPValue its asymptotic p-value (NaN for categorical)
 * @param drifted whether the deciding test crossed its threshold
 * @param note why a column could not be compared, else empty
 */
public record ColumnDrift(
    String column,
    String kind,
    String test,
    double psi,
    double ksStatistic,
    double ksPValue,
    boolean drifted,
    String note) {}
