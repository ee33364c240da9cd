package dev.trackbook.server.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The side-by-side table of issue 9: one line per scenario with Trackbook's figure, MLflow's, the
 * ratio (how many times better Trackbook is) and the targets. Where MLflow ran a smaller size
 * within the time cap, the line says so and the ratio compares per-unit figures.
 */
final class ResultTable {
  private ResultTable() {}

  static void print(Path trackbookFile, Path mlflowFile) throws IOException {
    Figures tb = new Figures(read(trackbookFile));
    Figures ml = new Figures(read(mlflowFile));
    String fmt = "| %-36s | %16s | %22s | %9s | %-29s | %-4s |%n";
    System.out.printf(
        Locale.ROOT, fmt, "scenario", "Trackbook", "MLflow", "ratio", "target", "pass");
    System.out.printf(
        Locale.ROOT,
        "|%s|%s|%s|%s|%s|%s|%n",
        "-".repeat(38),
        "-".repeat(18),
        "-".repeat(24),
        "-".repeat(11),
        "-".repeat(31),
        "-".repeat(6));

    double tbIngest = tb.get("ingest.points_per_s");
    double mlIngest = ml.get("ingest.points_per_s");
    row(
        fmt,
        "ingest, log-batch 1000 x 8 clients",
        String.format(Locale.ROOT, "%,.0f pts/s", tbIngest),
        String.format(Locale.ROOT, "%,.0f pts/s", mlIngest),
        tbIngest / mlIngest,
        ">= 500k pts/s, >= 20x",
        tbIngest >= 500_000 && tbIngest / mlIngest >= 20);
    double tb50 = tb.get("log_metric.p50_ms");
    double ml50 = ml.get("log_metric.p50_ms");
    row(
        fmt,
        "log-metric p50, 1 client",
        ms(tb50),
        ms(ml50),
        ml50 / tb50,
        "<= 1 ms, >= 10x",
        tb50 <= 1 && ml50 / tb50 >= 10);
    double tb99 = tb.get("log_metric.p99_ms");
    double ml99 = ml.get("log_metric.p99_ms");
    row(fmt, "log-metric p99, 1 client", ms(tb99), ms(ml99), ml99 / tb99, "<= 5 ms", tb99 <= 5);

    // History: MLflow may have ingested fewer points within the cap; compare per 1M points.
    double tbPts = tb.get("ingest.points");
    double mlPts = ml.get("ingest.points");
    double tbFull = tb.get("history_full.ms");
    double mlFull = ml.get("history_full.ms");
    double tbFullPerM = tbFull / (tbPts / 1e6);
    double mlFullPerM = mlFull / (mlPts / 1e6);
    row(
        fmt,
        "history full, " + points(tbPts) + " / " + points(mlPts),
        tb.errorOr("history_full", ms(tbFull)),
        ml.errorOr("history_full", ms(mlFull)),
        mlFullPerM / tbFullPerM,
        "<= 300 ms for 1M (ratio/pt)",
        tbPts >= 1e6 && tbFull <= 300);
    double tbSampled = tb.get("history_sampled.ms");
    double mlSampled = ml.get("history_sampled.ms");
    row(
        fmt,
        "history sampled (1000 pts), same",
        tb.errorOr("history_sampled", ms(tbSampled)),
        ml.errorOr("history_sampled", ms(mlSampled)),
        mlSampled / tbSampled,
        "<= 50 ms for 1M",
        tbPts >= 1e6 && tbSampled <= 50);
    double tbRuns = tb.get("search.runs");
    double mlRuns = ml.get("search.runs");
    double tbSearch = tb.get("search.ms");
    double mlSearch = ml.get("search.ms");
    row(
        fmt,
        "search, " + runs(tbRuns) + " / " + runs(mlRuns) + " runs",
        ms(tbSearch),
        ms(mlSearch),
        ml.get("search.ms_per_1000_runs") / tb.get("search.ms_per_1000_runs"),
        "<= 100 ms at 100k (ratio/run)",
        tbRuns >= 100_000 && tbSearch <= 100);
    double tbRss = tb.get("rss.mib");
    double mlRss = ml.get("rss.mib");
    row(
        fmt,
        "server RSS after history",
        String.format(Locale.ROOT, "%.0f MiB", tbRss),
        String.format(Locale.ROOT, "%.0f MiB", mlRss),
        mlRss / tbRss,
        "<= 256 MiB",
        tbRss <= 256);
    System.out.printf(
        Locale.ROOT,
        "sizes: Trackbook %,.0f points / %,.0f runs; MLflow %,.0f points / %,.0f runs (its data"
            + " loading stops at the time cap; history and search ratios compare per point / per"
            + " run)%n",
        tbPts,
        tbRuns,
        mlPts,
        mlRuns);
    System.out.printf(
        Locale.ROOT,
        "peak RSS: Trackbook %.0f MiB, MLflow %.0f MiB (all processes)%n",
        tb.get("rss.peak_mib"),
        ml.get("rss.peak_mib"));
  }

  private static void row(
      String fmt, String scenario, String tb, String ml, double ratio, String target, boolean ok) {
    System.out.printf(
        Locale.ROOT,
        fmt,
        scenario,
        tb,
        ml,
        Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.1fx", ratio),
        target,
        ok ? "pass" : "FAIL");
  }

  private static String ms(double v) {
    return String.format(Locale.ROOT, v < 10 ? "%.2f ms" : "%.0f ms", v);
  }

  private static String points(double n) {
    if (Double.isNaN(n)) {
      return "?";
    }
    return n >= 1e6
        ? String.format(Locale.ROOT, "%.1fM", n / 1e6)
        : String.format(Locale.ROOT, "%.0fk", n / 1e3);
  }

  private static String runs(double n) {
    return String.format(Locale.ROOT, "%.0fk", n / 1e3);
  }

  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] kv = line.split("\t", 2);
      if (kv.length == 2) {
        values.put(kv[0], kv[1]);
      }
    }
    return values;
  }

  /** One side's figures; a scenario that failed has no number but an error text. */
  private record Figures(Map<String, String> values) {
    /** The figure, or NaN when the scenario failed (so every comparison with it is false). */
    double get(String key) {
      String v = values.get(key);
      return v == null ? Double.NaN : Double.parseDouble(v);
    }

    String errorOr(String scenario, String shown) {
      String error = values.get(scenario + ".error");
      return error != null ? error : shown;
    }
  }
}
