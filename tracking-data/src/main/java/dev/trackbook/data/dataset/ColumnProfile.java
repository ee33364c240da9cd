package dev.trackbook.data.dataset;

import java.util.List;
import java.util.Map;

/**
 * Summary statistics of one column, enough to check later data against it without the original
 * rows.
 *
 * @param name column name
 * @param type Tablesaw column type, e.g. {@code DOUBLE}, {@code STRING}
 * @param kind how drift is measured: {@link #NUMERIC} (values), {@link #TEXT} (string lengths) or
 *     {@link #CATEGORICAL} (category frequencies)
 * @param count values the statistics describe: the non-missing ones, and for numeric columns only
 *     the finite ones (see {@link DatasetProfiler#measured})
 * @param missing missing values
 * @param distinct distinct non-missing values
 * @param min smallest value (of the length, for text), null for categorical or an empty column
 * @param max largest value, as {@code min}
 * @param mean mean value, as {@code min}
 * @param std population standard deviation, as {@code min}
 * @param percentiles the 0th..100th percentiles (101 values) for numeric and text, else empty
 * @param binEdges inner edges of the decile bins that PSI uses for numeric and text, else empty
 * @param binCounts values per bin ({@code binEdges.size() + 1} bins), else empty
 * @param categories counts of the most frequent categories (at most {@link #MAX_CATEGORIES}, the
 *     rest under {@link #OTHER}) for categorical columns, else empty
 * @param exactValues for numeric and text columns of at most {@link #MAX_EXACT_VALUES} distinct
 *     values (lengths, for text), those values in ascending order, else empty
 * @param exactCounts how often each of {@code exactValues} occurs
 */
public record ColumnProfile(
    String name,
    String type,
    String kind,
    long count,
    long missing,
    long distinct,
    Double min,
    Double max,
    Double mean,
    Double std,
    List<Double> percentiles,
    List<Double> binEdges,
    List<Long> binCounts,
    Map<String, Long> categories,
    List<Double> exactValues,
    List<Long> exactCounts) {

  public static final String NUMERIC = "numeric";
  public static final String TEXT = "text";
  public static final String CATEGORICAL = "categorical";

  /** Categories kept by name; rarer ones are counted together. */
  public static final int MAX_CATEGORIES = 50;

  /** The bucket for categories beyond the most frequent {@link #MAX_CATEGORIES}. */
  public static final String OTHER = "__other__";

  /**
   * Distinct values kept as they are: the drift check then compares with the reference's own
   * distribution. Percentiles interpolated between stand for it otherwise, which puts the KS
   * distance up to 1/count off: too far for a small reference, and within 0.01 above this many.
   */
  public static final int MAX_EXACT_VALUES = 100;

  public ColumnProfile {
    percentiles = List.copyOf(percentiles);
    binEdges = List.copyOf(binEdges);
    binCounts = List.copyOf(binCounts);
    categories = Map.copyOf(categories);
    // Profiles logged before they were kept have neither.
    exactValues = exactValues == null ? List.of() : List.copyOf(exactValues);
    exactCounts = exactCounts == null ? List.of() : List.copyOf(exactCounts);
  }
}
