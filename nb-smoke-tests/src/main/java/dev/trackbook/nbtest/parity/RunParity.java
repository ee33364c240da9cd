package dev.trackbook.nbtest.parity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.nbtest.NotebookFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compares what a notebook logged with what its converted pipeline logged: the same runs (by name,
 * nested the same way), the same param keys and values, the same metric keys, and metric values
 * within a tolerance. Differences are grouped by the notebook cell that logs the key.
 *
 * <p>The pipeline runner wraps everything in one run of its own; the notebook's runs are compared
 * with that run's children. The wrapper itself takes part only when it holds data the cells logged
 * (a notebook that logs without {@code %run start} logs into it), and never with the parameters the
 * runner records on it.
 */
public final class RunParity {

  /**
   * How strictly values are compared.
   *
   * @param relativeTolerance metric values a, b match when |a-b| <= abs + rel * max(|a|,|b|)
   * @param ignoredMetrics metrics left out entirely (system metrics are sampled on a clock)
   * @param valueExemptMetrics metrics whose keys must match but whose values may differ (timings)
   */
  public record Settings(
      double relativeTolerance,
      double absoluteTolerance,
      Pattern ignoredMetrics,
      Pattern valueExemptMetrics) {

    /**
     * Relative 1e-6 (a fixed seed on the same machine reproduces training), timings exempt: a
     * timing word as a whole part of the key ({@code epoch_time_s}, {@code val/latency_p95}) or a
     * unit suffix ({@code step_ms}), so {@code f1_score} or {@code num_samples} are still compared.
     */
    public static Settings defaults() {
      return new Settings(1e-6, 1e-9, Pattern.compile("system/.*"), TIMINGS);
    }

    private static final Pattern TIMINGS =
        Pattern.compile(
            "(?i)(?:.*[._/-])?(?:time|timestamp|seconds?|secs?|duration|elapsed|latency|throughput)"
                + "(?:[._/-].*)?|.*_(?:s|ms|us|ns|secs?|seconds)");

    /** The keys of {@link #forNotebook}'s metadata entry. */
    private static final List<String> NOTEBOOK_KEYS =
        List.of("relative_tolerance", "absolute_tolerance", "exempt_metrics", "ignore_metrics");

    /**
     * These settings as one notebook's metadata {@code trackbook.parity} adjusts them, e.g. {@code
     * {"relative_tolerance": 1e-4, "exempt_metrics": "val_.*"}} for training that a fixed seed does
     * not reproduce bit for bit: {@code relative_tolerance} and {@code absolute_tolerance} replace
     * the tolerances; {@code exempt_metrics} (a regex over metric keys) exempts more metrics from
     * the value check, {@code ignore_metrics} leaves more out entirely.
     *
     * @throws IllegalArgumentException naming the entry that is not valid
     */
    public Settings forNotebook(JsonNode notebookMetadata) {
      JsonNode p = notebookMetadata.path("trackbook").path("parity");
      if (p.isMissingNode() || p.isNull()) {
        return this;
      }
      if (!p.isObject()) {
        throw new IllegalArgumentException(
            "metadata trackbook.parity: expected an object with "
                + String.join(", ", NOTEBOOK_KEYS));
      }
      p.fieldNames()
          .forEachRemaining(
              k -> {
                if (!NOTEBOOK_KEYS.contains(k)) {
                  throw new IllegalArgumentException(
                      "metadata trackbook.parity: unknown key '"
                          + k
                          + "' (known: "
                          + String.join(", ", NOTEBOOK_KEYS)
                          + ")");
                }
              });
      return new Settings(
          tolerance(p, "relative_tolerance", relativeTolerance),
          tolerance(p, "absolute_tolerance", absoluteTolerance),
          either(ignoredMetrics, p, "ignore_metrics"),
          either(valueExemptMetrics, p, "exempt_metrics"));
    }

    private static double tolerance(JsonNode p, String key, double otherwise) {
      JsonNode v = p.path(key);
      if (v.isMissingNode()) {
        return otherwise;
      }
      if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
        throw new IllegalArgumentException(
            "metadata trackbook.parity." + key + ": expected a number >= 0, got " + v);
      }
      return v.asDouble();
    }

    private static Pattern either(Pattern current, JsonNode p, String key) {
      JsonNode v = p.path(key);
      if (v.isMissingNode()) {
        return current;
      }
      if (!v.isTextual()) {
        throw new IllegalArgumentException(
            "metadata trackbook.parity." + key + ": expected a regex string, got " + v);
      }
      try {
        Pattern.compile(v.asText());
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "metadata trackbook.parity." + key + ": not a valid regex: " + e.getDescription());
      }
      // Each in its own group, so an inline flag such as (?i) stays within its side.
      return Pattern.compile("(?:" + current.pattern() + ")|(?:" + v.asText() + ")");
    }

    public String describe() {
      return "metric tolerance: relative "
          + relativeTolerance
          + ", absolute "
          + absoluteTolerance
          + "; values not compared for /"
          + valueExemptMetrics.pattern()
          + "/, keys ignored for /"
          + ignoredMetrics.pattern()
          + "/";
    }
  }

  /** One difference, attributed to the notebook cell that logs it (or null when none does). */
  public record Difference(NotebookFile.Cell cell, String what) {}

  private final NotebookFile notebook;
  private final Settings settings;
  private final List<Difference> differences = new ArrayList<>();

  private RunParity(NotebookFile notebook, Settings settings) {
    this.notebook = notebook;
    this.settings = settings;
  }

  /**
   * @param notebookRuns every run the notebook's execution logged (roots and nested)
   * @param pipelineRuns every run the pipeline's execution logged, including its wrapper
   * @param wrapperRunId the pipeline runner's own run
   * @param pipelineParameters parameter names the runner records on its wrapper run
   */
  public static List<Difference> compare(
      NotebookFile notebook,
      List<TrackedRun> notebookRuns,
      List<TrackedRun> pipelineRuns,
      String wrapperRunId,
      Set<String> pipelineParameters,
      Settings settings) {
    RunParity parity = new RunParity(notebook, settings);
    Map<String, List<TrackedRun>> nbChildren = children(notebookRuns);
    Map<String, List<TrackedRun>> plChildren = children(pipelineRuns);
    List<TrackedRun> nbRoots = roots(notebookRuns);
    TrackedRun wrapper =
        pipelineRuns.stream().filter(r -> r.runId().equals(wrapperRunId)).findFirst().orElse(null);
    List<TrackedRun> plRoots = new ArrayList<>(plChildren.getOrDefault(wrapperRunId, List.of()));
    if (wrapper != null) {
      TrackedRun own = parity.withoutParameters(wrapper, pipelineParameters);
      if (plRoots.isEmpty() || !own.params().isEmpty() || !parity.metricKeys(own).isEmpty()) {
        plRoots.add(0, own);
      }
    }
    parity.compareLevel("", nbRoots, plRoots, nbChildren, plChildren);
    return parity.differences;
  }

  /** A readable report: differences grouped by cell, in cell order. */
  public static String report(List<Difference> differences) {
    Map<String, List<String>> byCell = new LinkedHashMap<>();
    differences.stream()
        .sorted(
            Comparator.comparingInt(d -> d.cell() == null ? Integer.MAX_VALUE : d.cell().index()))
        .forEach(
            d ->
                byCell
                    .computeIfAbsent(
                        d.cell() == null ? "(no cell logs it by name)" : d.cell().label(),
                        k -> new ArrayList<>())
                    .add(d.what()));
    StringBuilder sb = new StringBuilder();
    byCell.forEach(
        (cell, lines) -> {
          sb.append(cell).append('\n');
          lines.forEach(l -> sb.append("    ").append(l).append('\n'));
        });
    return sb.toString();
  }

  private void compareLevel(
      String path,
      List<TrackedRun> nb,
      List<TrackedRun> pl,
      Map<String, List<TrackedRun>> nbChildren,
      Map<String, List<TrackedRun>> plChildren) {
    List<TrackedRun> nbLeft = new ArrayList<>(nb);
    List<TrackedRun> plLeft = new ArrayList<>(pl);
    List<TrackedRun[]> pairs = new ArrayList<>();
    // Same name first (in start order), then whatever is left, in start order.
    for (TrackedRun a : List.copyOf(nbLeft)) {
      for (TrackedRun b : plLeft) {
        if (a.name().equals(b.name())) {
          pairs.add(new TrackedRun[] {a, b});
          nbLeft.remove(a);
          plLeft.remove(b);
          break;
        }
      }
    }
    while (!nbLeft.isEmpty() && !plLeft.isEmpty()) {
      pairs.add(new TrackedRun[] {nbLeft.remove(0), plLeft.remove(0)});
    }
    for (TrackedRun a : nbLeft) {
      add(
          cellMentioning(a.name()),
          "run "
              + path
              + a.name()
              + " "
              + contents(a)
              + ": logged by the notebook, not by the pipeline");
    }
    for (TrackedRun b : plLeft) {
      add(
          cellMentioning(b.name()),
          "run "
              + path
              + b.name()
              + " "
              + contents(b)
              + ": logged by the pipeline, not by the notebook");
    }
    for (TrackedRun[] pair : pairs) {
      String where = path + pair[0].name();
      compareRun(where, pair[0], pair[1]);
      compareLevel(
          where + " > ",
          nbChildren.getOrDefault(pair[0].runId(), List.of()),
          plChildren.getOrDefault(pair[1].runId(), List.of()),
          nbChildren,
          plChildren);
    }
  }

  private void compareRun(String where, TrackedRun nb, TrackedRun pl) {
    Set<String> keys = new TreeSet<>(nb.params().keySet());
    keys.addAll(pl.params().keySet());
    for (String k : keys) {
      String a = nb.params().get(k);
      String b = pl.params().get(k);
      if (a == null || b == null || !a.equals(b)) {
        add(
            cellMentioning(k),
            "run " + where + ": param " + k + ": notebook " + show(a) + ", pipeline " + show(b));
      }
    }
    Set<String> metrics = new TreeSet<>(metricKeys(nb));
    metrics.addAll(metricKeys(pl));
    for (String k : metrics) {
      Double a = nb.metrics().get(k);
      Double b = pl.metrics().get(k);
      if (a == null || b == null) {
        add(
            cellLogging(k),
            "run " + where + ": metric " + k + ": notebook " + show(a) + ", pipeline " + show(b));
      } else if (!settings.valueExemptMetrics().matcher(k).matches() && !close(a, b)) {
        add(
            cellLogging(k),
            "run "
                + where
                + ": metric "
                + k
                + ": notebook "
                + a
                + ", pipeline "
                + b
                + " (beyond tolerance)");
      }
    }
  }

  private boolean close(double a, double b) {
    if (Double.compare(a, b) == 0) {
      return true; // also NaN == NaN and equal infinities
    }
    double scale = Math.max(Math.abs(a), Math.abs(b));
    return Math.abs(a - b) <= settings.absoluteTolerance() + settings.relativeTolerance() * scale;
  }

  private Set<String> metricKeys(TrackedRun r) {
    Set<String> keys = new TreeSet<>();
    r.metrics().keySet().stream()
        .filter(k -> !settings.ignoredMetrics().matcher(k).matches())
        .forEach(keys::add);
    return keys;
  }

  private TrackedRun withoutParameters(TrackedRun r, Set<String> names) {
    Map<String, String> params = new HashMap<>(r.params());
    params.keySet().removeAll(names);
    return new TrackedRun(
        r.runId(),
        r.name(),
        r.status(),
        r.startTime(),
        r.parentRunId(),
        r.tags(),
        params,
        r.metrics());
  }

  /** The first code cell that names {@code key} as a whole word, e.g. {@code %metric acc=...}. */
  private NotebookFile.Cell cellMentioning(String key) {
    if (key == null || key.isEmpty()) {
      return null;
    }
    Pattern word = Pattern.compile("(?<![\\w.])" + Pattern.quote(key) + "(?![\\w])");
    for (NotebookFile.Cell c : notebook.cells()) {
      if ("code".equals(c.type()) && word.matcher(c.source()).find()) {
        return c;
      }
    }
    // Keys magics build from their arguments ("drift.emails.body" from %drift emails ...): the
    // cell naming most of the key's parts, at least two.
    String[] parts = key.split("\\.");
    NotebookFile.Cell best = null;
    int bestCount = 1;
    for (NotebookFile.Cell c : notebook.cells()) {
      if (!"code".equals(c.type())) {
        continue;
      }
      int count = 0;
      for (String part : new TreeSet<>(List.of(parts))) {
        if (!part.isEmpty() && mentions(c, part)) {
          count++;
        }
      }
      if (count > bestCount) {
        best = c;
        bestCount = count;
      }
    }
    return best;
  }

  private static boolean mentions(NotebookFile.Cell cell, String word) {
    return Pattern.compile("(?<![\\w.])" + Pattern.quote(word) + "(?![\\w])")
        .matcher(cell.source())
        .find();
  }

  /** Like {@link #cellMentioning}, falling back to the cell that turns auto-logging on. */
  private NotebookFile.Cell cellLogging(String metric) {
    NotebookFile.Cell named = cellMentioning(metric);
    if (named != null) {
      return named;
    }
    // Auto-logged keys (per-epoch losses, evaluator metrics) come from the cell that turns it on.
    for (NotebookFile.Cell c : notebook.cells()) {
      if ("code".equals(c.type()) && c.source().contains("%autolog")) {
        return c;
      }
    }
    return null;
  }

  private void add(NotebookFile.Cell cell, String what) {
    differences.add(new Difference(cell, what));
  }

  /** What a run holds, so an unmatched run can be recognised: "(params a, b; metrics c)". */
  private String contents(TrackedRun r) {
    return "(params "
        + (r.params().isEmpty() ? "none" : String.join(", ", new TreeSet<>(r.params().keySet())))
        + "; metrics "
        + (metricKeys(r).isEmpty() ? "none" : String.join(", ", metricKeys(r)))
        + ")";
  }

  private static String show(Object v) {
    return v == null ? "(missing)" : String.valueOf(v);
  }

  private static List<TrackedRun> roots(List<TrackedRun> runs) {
    Set<String> ids = new TreeSet<>();
    runs.forEach(r -> ids.add(r.runId()));
    return runs.stream()
        .filter(r -> r.parentRunId() == null || !ids.contains(r.parentRunId()))
        .sorted(Comparator.comparingLong(TrackedRun::startTime))
        .toList();
  }

  private static Map<String, List<TrackedRun>> children(List<TrackedRun> runs) {
    Map<String, List<TrackedRun>> byParent = new HashMap<>();
    runs.stream()
        .filter(r -> r.parentRunId() != null)
        .sorted(Comparator.comparingLong(TrackedRun::startTime))
        .forEach(r -> byParent.computeIfAbsent(r.parentRunId(), k -> new ArrayList<>()).add(r));
    return byParent;
  }
}
