package dev.trackbook.data.drift;

/**
 * The drift of one column.
 *
 * @param column column name
 * @param kind numeric, text or categorical (see {@link dev.trackbook.data.dataset.ColumnProfile})
 * @param test the score reported: {@code KS} (D) for numeric and text, {@code PSI} for categorical,
 *     {@code -} for a column that was not compared
 * @param psi population stability index over the reference bins or categories
 * @param ksStatistic Kolmogorov-Smirnov D against the reference distribution (NaN for categorical)
 * @param pValue how likely a difference this large is between two samples of one distribution: the
 *     KS test's (asymptotic) for numeric and text, the two-sample chi-squared test's over the PSI
 *     categories for categorical
 * @param drifted whether the score crossed its threshold and the difference is significant
 * @param note why a column could not be compared, else empty
 */
public record ColumnDrift(
    String column,
    String kind,
    String test,
    double psi,
    double ksStatistic,
    double pValue,
    boolean drifted,
    String note) {}
