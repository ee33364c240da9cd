package dev.trackbook.data.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Computes a {@link DatasetProfile}: content digest, schema and statistics of a Tablesaw table.
 *
 * <p><b>Same content, same digest.</b> The digest covers the column names and types (in order) and
 * the <em>multiset</em> of rows: each row is hashed on its own and the row hashes are sorted before
 * the final hash, so shuffling rows keeps the version while adding, removing, duplicating or
 * changing a row, renaming or retyping a column makes a new one. Values are hashed in their
 * unformatted text form, so a file and the table read from it agree.
 */
public final class DatasetProfiler {

  /**
   * A string column is free text (drift on its lengths) when it has more distinct values than this
   * and most of its values are distinct. Many categories that repeat (countries, product codes) are
   * no text: their lengths say nothing, their frequencies do.
   */
  static final int TEXT_DISTINCT_THRESHOLD = ColumnProfile.MAX_CATEGORIES;

  private static final int DECILES = 10;

  private DatasetProfiler() {}

  /**
   * Reads a CSV file with Tablesaw's type inference. Long text cells (e-mail bodies) are allowed up
   * to 1 MB each. Values are separated by commas, or by tabs in a {@code .tsv} or {@code .tab} file
   * or a file whose header has tabs or semicolons and no comma (spreadsheet exports in many
   * locales): read with commas, such a file would be one column and profile as nonsense.
   *
   * @throws DataUsageException if the file is missing or not a readable CSV
   */
  public static Table readCsv(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataUsageException("no such data file: " + file);
    }
    char separator = separator(file);
    Table table;
    Table text = null;
    try {
      table = Table.read().csv(csvOptions(file, separator).build());
      if (table.columnCount() == 0) {
        // A header without rows: Tablesaw infers no types from no rows and drops every column.
        // Kept as text, so an empty batch still has its schema and its own digest.
        table = readAsText(file, separator);
      } else if (separator != ','
          && table.columns().stream().anyMatch(c -> c instanceof NumericColumn<?>)) {
        text = readAsText(file, separator);
      }
    } catch (RuntimeException e) {
      throw new DataUsageException(
          "cannot read " + file + " as CSV: " + firstLine(e.getMessage()), e);
    }
    if (text != null) {
      refuseDecimalCommas(file, table, text);
    }
    return table;
  }

  /**
   * A file separated by semicolons or tabs often comes from a locale that writes {@code 1,5}:
   * Tablesaw's number parser drops the comma and reads 15, so statistics and drift would be off by
   * powers of ten without a word. Refused instead, naming the column.
   */
  private static void refuseDecimalCommas(Path file, Table typed, Table text) {
    for (Column<?> column : typed.columns()) {
      if (!(column instanceof NumericColumn<?>)) {
        continue;
      }
      for (String value : text.stringColumn(column.name())) {
        if (value.indexOf(',') >= 0) {
          throw new DataUsageException(
              file
                  + ": column '"
                  + column.name()
                  + "' has decimal commas ('"
                  + value
                  + "'): save the file with decimal points, or read it into a Tablesaw Table"
                  + " yourself and log that");
        }
      }
    }
  }

  private static Table readAsText(Path file, char separator) {
    return Table.read()
        .csv(csvOptions(file, separator).columnTypes(name -> ColumnType.STRING).build());
  }

  private static CsvReadOptions.Builder csvOptions(Path file, char separator) {
    return CsvReadOptions.builder(file.toFile())
        .separator(separator)
        .maxCharsPerColumn(1 << 20)
        .tableName(file.getFileName().toString());
  }

  private static char separator(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".tsv") || name.endsWith(".tab")) {
      return '\t';
    }
    String header;
    try (var lines = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      header = lines.readLine(); // separators are ASCII in any charset a CSV comes in
    } catch (IOException e) {
      return ','; // Tablesaw's own read says what is wrong with the file
    }
    if (header == null || header.indexOf(',') >= 0) {
      return ',';
    }
    return header.indexOf('\t') >= 0 ? '\t' : header.indexOf(';') >= 0 ? ';' : ',';
  }

  /** Profiles a CSV file; its source is the file's absolute {@code file:} URI. */
  public static DatasetProfile profile(String name, Path file) {
    Table table = readCsv(file);
    return profile(name, table, "local", file.toAbsolutePath().normalize().toUri().toString());
  }

  /** Profiles a table built in code; its source is the table's name. */
  public static DatasetProfile profile(String name, Table table) {
    return profile(name, table, "code", table.name() == null ? "" : table.name());
  }

  static DatasetProfile profile(String name, Table table, String sourceType, String source) {
    if (name == null || name.isBlank()) {
      throw new DataUsageException("a dataset needs a name");
    }
    List<ColumnProfile> columns = new ArrayList<>();
    for (Column<?> column : table.columns()) {
      columns.add(profileColumn(column));
    }
    return new DatasetProfile(name, sha256(table), sourceType, source, table.rowCount(), columns);
  }

  /** The content digest described in the class comment, as 64 hex digits. */
  public static String sha256(Table table) {
    MessageDigest header = newSha256();
    for (Column<?> column : table.columns()) {
      header.update(field(column.name()));
      header.update(field(column.type().name()));
    }
    int rows = table.rowCount();
    byte[][] rowHashes = new byte[rows][];
    List<Column<?>> columns = table.columns();
    for (int r = 0; r < rows; r++) {
      MessageDigest row = newSha256();
      for (Column<?> column : columns) {
        // A missing value hashes differently from every string, including the empty one.
        row.update(column.isMissing(r) ? new byte[] {0} : field(column.getUnformattedString(r)));
      }
      rowHashes[r] = row.digest();
    }
    Arrays.sort(rowHashes, Arrays::compareUnsigned);
    MessageDigest all = newSha256();
    all.update(header.digest());
    for (byte[] h : rowHashes) {
      all.update(h);
    }
    return HexFormat.of().formatHex(all.digest());
  }

  private static ColumnProfile profileColumn(Column<?> column) {
    int size = column.size();
    long missing = column.countMissing();
    String type = column.type().name();
    if (column instanceof NumericColumn<?>) {
      double[] values = measured(column, false);
      long distinct = Arrays.stream(values).distinct().count();
      return distribution(column.name(), type, ColumnProfile.NUMERIC, values, missing, distinct);
    }
    Map<String, Long> counts = new HashMap<>();
    for (int i = 0; i < size; i++) {
      if (!column.isMissing(i)) {
        counts.merge(column.getUnformattedString(i), 1L, Long::sum);
      }
    }
    int distinct = counts.size();
    if (column instanceof StringColumn
        && distinct > TEXT_DISTINCT_THRESHOLD
        && distinct > (size - missing) / 2) {
      return distribution(
          column.name(), type, ColumnProfile.TEXT, measured(column, true), missing, distinct);
    }
    return new ColumnProfile(
        column.name(),
        type,
        ColumnProfile.CATEGORICAL,
        size - missing,
        missing,
        distinct,
        null,
        null,
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        topCategories(counts),
        List.of(),
        List.of());
  }

  /**
   * The values the statistics of a numeric or text column describe: its numbers, or the lengths of
   * its texts. Missing values are left out, and so are infinities (as Evidently drops them): one
   * would make the mean, every percentile and the KS distance NaN.
   */
  public static double[] measured(Column<?> column, boolean text) {
    double[] values = new double[column.size()];
    int n = 0;
    for (int i = 0; i < column.size(); i++) {
      if (column.isMissing(i)) {
        continue;
      }
      double v =
          text ? column.getUnformattedString(i).length() : ((NumericColumn<?>) column).getDouble(i);
      if (Double.isFinite(v)) {
        values[n++] = v;
      }
    }
    return Arrays.copyOf(values, n);
  }

  /** The {@link ColumnProfile#MAX_CATEGORIES} most frequent categories, the rest as "other". */
  static Map<String, Long> topCategories(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> top = new LinkedHashMap<>();
    long other = 0;
    for (int i = 0; i < sorted.size(); i++) {
      if (i < ColumnProfile.MAX_CATEGORIES) {
        top.put(sorted.get(i).getKey(), sorted.get(i).getValue());
      } else {
        other += sorted.get(i).getValue();
      }
    }
    if (other > 0) {
      top.merge(ColumnProfile.OTHER, other, Long::sum);
    }
    return top;
  }

  private static ColumnProfile distribution(
      String name, String type, String kind, double[] values, long missing, long distinct) {
    Arrays.sort(values);
    int n = values.length;
    if (n == 0) {
      return new ColumnProfile(
          name, type, kind, 0, missing, 0, null, null, null, null, List.of(), List.of(), List.of(),
          Map.of(), List.of(), List.of());
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    List<Double> percentiles = new ArrayList<>(101);
    for (int p = 0; p <= 100; p++) {
      percentiles.add(quantile(values, p / 100.0));
    }
    // Decile edges, without repeats: a column of mostly zeros gets fewer, wider bins.
    List<Double> edges = new ArrayList<>();
    for (int d = 1; d < DECILES; d++) {
      double edge = percentiles.get(d * 10);
      if ((edges.isEmpty() || edge > edges.get(edges.size() - 1)) && edge > values[0]) {
        edges.add(edge);
      }
    }
    List<Long> binCounts = binCounts(values, edges);
    // Runs of equal values in the sorted array: the distinct values (of the lengths, for text).
    List<Double> exactValues = new ArrayList<>();
    List<Long> exactCounts = new ArrayList<>();
    for (int i = 0; i < n && exactValues.size() <= ColumnProfile.MAX_EXACT_VALUES; ) {
      int j = i;
      while (j < n && values[j] == values[i]) {
        j++;
      }
      exactValues.add(values[i]);
      exactCounts.add((long) (j - i));
      i = j;
    }
    if (exactValues.size() > ColumnProfile.MAX_EXACT_VALUES) {
      exactValues.clear();
      exactCounts.clear();
    }
    return new ColumnProfile(
        name,
        type,
        kind,
        n,
        missing,
        distinct,
        values[0],
        values[n - 1],
        mean,
        Math.sqrt(squares / n),
        percentiles,
        edges,
        binCounts,
        Map.of(),
        exactValues,
        exactCounts);
  }

  /** Counts per bin: bin i holds values in [edge(i-1), edge(i)), the last bin everything above. */
  public static List<Long> binCounts(double[] values, List<Double> edges) {
    long[] counts = new long[edges.size() + 1];
    for (double v : values) {
      counts[bin(v, edges)]++;
    }
    List<Long> out = new ArrayList<>(counts.length);
    for (long c : counts) {
      out.add(c);
    }
    return out;
  }

  private static int bin(double v, List<Double> edges) {
    int i = 0;
    while (i < edges.size() && v >= edges.get(i)) {
      i++;
    }
    return i;
  }

  /** Linear-interpolation quantile of sorted values (type 7, as R and numpy default). */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  private static byte[] field(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    // Length-prefixed, so ("ab","c") and ("a","bc") differ.
    byte[] out = new byte[bytes.length + 5];
    out[0] = 1;
    out[1] = (byte) (bytes.length >>> 24);
    out[2] = (byte) (bytes.length >>> 16);
    out[3] = (byte) (bytes.length >>> 8);
    out[4] = (byte) bytes.length;
    System.arraycopy(bytes, 0, out, 5, bytes.length);
    return out;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
