package dev.trackbook.data.drift;

import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The result of comparing new data with a logged dataset version, column by column.
 *
 * @param dataset the reference dataset's name
 * @param referenceDigest the reference version's digest
 * @param newRows rows in the new data
 * @param thresholds what counted as drift
 * @param columns one entry per reference column, in order
 */
public record DriftReport(
    String dataset,
    String referenceDigest,
    long newRows,
    DriftThresholds thresholds,
    List<ColumnDrift> columns) {

  public DriftReport {
    columns = List.copyOf(columns);
  }

  /** Whether any column drifted. */
  public boolean drifted() {
    return columns.stream().anyMatch(ColumnDrift::drifted);
  }

  /** The names of the drifted columns. */
  public List<String> driftedColumns() {
    return columns.stream().filter(ColumnDrift::drifted).map(ColumnDrift::column).toList();
  }

  /** The report as a Tablesaw table (the notebook kernel shows it as HTML). */
  public Table table() {
    StringColumn column = StringColumn.create("column");
    StringColumn kind = StringColumn.create("kind");
    StringColumn test = StringColumn.create("test");
    DoubleColumn psi = DoubleColumn.create("psi");
    DoubleColumn d = DoubleColumn.create("ks_d");
    DoubleColumn p = DoubleColumn.create("ks_p");
    BooleanColumn drifted = BooleanColumn.create("drifted");
    StringColumn note = StringColumn.create("note");
    for (ColumnDrift c : columns) {
      column.append(c.column());
      kind.append(c.kind());
      test.append(c.test());
      psi.append(round(c.psi()));
      d.append(round(c.ksStatistic()));
      p.append(round(c.ksPValue()));
      drifted.append(c.drifted());
      note.append(c.note());
    }
    return Table.create("drift of " + dataset + " vs " + referenceDigest)
        .addColumns(column, kind, test, psi, d, p, drifted, note);
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 10_000) / 10_000.0 : v;
  }

  @Override
  public String toString() {
    return "drift of "
        + dataset
        + ": "
        + (drifted() ? "DRIFT in " + String.join(", ", driftedColumns()) : "no drift")
        + " ("
        + columns.size()
        + " columns, "
        + newRows
        + " new rows)";
  }
}
