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
    DoubleColumn p = DoubleColumn.create("p");
    BooleanColumn drifted = BooleanColumn.create("drifted");
    StringColumn note = StringColumn.create("note");
    for (ColumnDrift c : columns) {
      column.append(c.column());
      kind.append(c.kind());
      test.append(c.test());
      psi.append(round(c.psi()));
      d.append(round(c.ksStatistic()));
      p.append(round(c.pValue()));
      drifted.append(c.drifted());
      note.append(c.note());
    }
    return Table.create("drift of " + dataset + " vs " + referenceDigest)
        .addColumns(column, kind, test, psi, d, p, drifted, note);
  }

  /**
   * The report as HTML: a verdict line, then per column a bar for its score against its threshold
   * (KS D or PSI; red when drifted) and the numbers.
   */
  public String html() {
    StringBuilder out =
        new StringBuilder("<div><b>")
            .append(escape(toString()))
            .append("</b><table><tr><th>column</th><th>test</th><th>score</th><th></th>")
            .append("<th>threshold</th><th>p</th><th>psi</th><th>note</th></tr>");
    for (ColumnDrift c : columns) {
      boolean ks = "KS".equals(c.test());
      boolean psi = "PSI".equals(c.test());
      // A column that was not compared (missing, retyped, without values) has no score and no
      // threshold; its bar is full when that counts as drift.
      double score = ks ? c.ksStatistic() : psi ? c.psi() : Double.NaN;
      double threshold = ks ? thresholds.ksStatistic() : psi ? thresholds.psi() : Double.NaN;
      // Bars scale so the threshold sits at a third of the width; larger scores are capped.
      double width =
          Double.isFinite(score) ? Math.min(1, score / (3 * threshold)) : c.drifted() ? 1 : 0;
      out.append("<tr><td>")
          .append(escape(c.column()))
          .append("</td><td>")
          .append(escape(c.test()))
          .append("</td><td>")
          .append(format(score))
          .append("</td><td><div style=\"width:150px;background:#eee;position:relative\">")
          .append("<div style=\"height:10px;width:")
          .append(Math.round(width * 150))
          .append("px;background:")
          .append(c.drifted() ? "#d9534f" : "#5cb85c")
          .append("\"></div>")
          .append(
              Double.isFinite(threshold)
                  ? "<div style=\"position:absolute;top:0;left:50px;height:10px;"
                      + "border-left:1px solid #333\"></div>"
                  : "")
          .append("</div></td><td>")
          .append(format(threshold))
          .append("</td><td>")
          .append(format(c.pValue()))
          .append("</td><td>")
          .append(format(c.psi()))
          .append("</td><td>")
          .append(escape(c.note()))
          .append("</td></tr>");
    }
    return out.append("</table></div>").toString();
  }

  private static String format(double v) {
    return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.4f", v) : "-";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
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
