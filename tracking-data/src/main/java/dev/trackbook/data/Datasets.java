package dev.trackbook.data;

import dev.trackbook.client.ActiveRun;
import dev.trackbook.client.Tracking;
import dev.trackbook.data.dataset.DataUsageException;
import dev.trackbook.data.dataset.DatasetProfile;
import dev.trackbook.data.dataset.DatasetProfiler;
import dev.trackbook.data.dataset.MlflowDatasetJson;
import dev.trackbook.data.drift.DriftCheck;
import dev.trackbook.data.drift.DriftReport;
import dev.trackbook.data.drift.DriftThresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tech.tablesaw.api.Table;

/**
 * Dataset versions and drift checks on the active run of {@link Tracking}: what {@code %dataset}
 * and {@code %drift} call.
 *
 * <pre>{@code
 * DatasetProfile train = Datasets.log("emails", Path.of("data/spam.csv"));  // run input
 * DriftReport report = Datasets.drift("emails", newEmails);                  // vs that version
 * }</pre>
 */
public final class Datasets {

  /**
   * Versions logged by this process, by name, so a drift check finds its reference even after the
   * run that logged it ended. Like {@link Tracking}'s own client, this lives as long as the
   * notebook kernel or pipeline process.
   */
  private static final Map<String, DatasetProfile> LOGGED = new ConcurrentHashMap<>();

  /**
   * Drift checks made so far, by run (its client-side key, known even while the server is down) and
   * dataset name: a run's second check of a dataset must not overwrite the first's report.
   */
  private static final Map<String, Integer> CHECKS = new ConcurrentHashMap<>();

  private Datasets() {}

  /** Profiles a CSV file and logs it as an input of the active run used for {@code context}. */
  public static DatasetProfile log(String name, Path csv, String context) {
    return log(DatasetProfiler.profile(name, csv), context);
  }

  /** Profiles a table and logs it as an input of the active run used for {@code context}. */
  public static DatasetProfile log(String name, Table table, String context) {
    return log(DatasetProfiler.profile(name, table), context);
  }

  /** Profiles a CSV file and logs it as a training input of the active run. */
  public static DatasetProfile log(String name, Path csv) {
    return log(DatasetProfiler.profile(name, csv), "training");
  }

  /** Profiles a table and logs it as a training input of the active run. */
  public static DatasetProfile log(String name, Table table) {
    return log(DatasetProfiler.profile(name, table), "training");
  }

  /**
   * Logs a profile as an input of the active run (starting one if none is active).
   *
   * @param context MLflow's {@code mlflow.data.context} input tag: training, validation, test, ...
   *     <p>With the server reachable the full MLflow dataset (schema and profile) is sent at once;
   *     when it is unreachable, the client's journal takes name, digest and source and delivers
   *     them later.
   * @throws IllegalStateException when the tracking server refuses it
   */
  public static DatasetProfile log(DatasetProfile profile, String context) {
    LOGGED.put(profile.name(), profile);
    ActiveRun run = Tracking.activeRun();
    String runId = run.runId();
    if (runId == null) {
      // Server down: the client's journal still delivers name, digest and source once it is back
      // (exactly once); schema and statistics stay in this process for drift checks.
      Tracking.inputs(
          profile.name(),
          profile.digest(),
          profile.sourceType(),
          MlflowDatasetJson.dataset(profile).path("source").asText(),
          context);
      System.err.println(
          "trackbook: dataset "
              + profile.name()
              + " journaled without its statistics: the tracking server is unreachable");
      return profile;
    }
    new RunInputs(Tracking.client().restApi()).log(runId, profile, context);
    return profile;
  }

  /**
   * The reference version called {@code name}: the one this process logged last, else the active
   * run's input of that name.
   *
   * @throws DataUsageException when there is none
   */
  public static DatasetProfile reference(String name) {
    DatasetProfile known = LOGGED.get(name);
    if (known != null) {
      return known;
    }
    String runId = Tracking.activeRun().runId();
    DatasetProfile found =
        runId == null ? null : new RunInputs(Tracking.client().restApi()).find(runId, name);
    if (found == null) {
      throw new DataUsageException(
          "no dataset '" + name + "' logged yet: log the training data with %dataset first");
    }
    return found;
  }

  /**
   * Checks a CSV file against the logged version called {@code name}; see {@link #drift(String,
   * Table)}.
   */
  public static DriftReport drift(String name, Path csv) {
    return drift(name, DatasetProfiler.readCsv(csv));
  }

  /**
   * Checks new data against the logged version called {@code name} with the default thresholds,
   * logs metrics {@code drift.<name>.columns} (drifted column count) and {@code
   * drift.<name>.<column>} (KS D or PSI) and the report as artifact {@code drift/<name>.csv}.
   *
   * <p>A run's later checks of the same dataset are steps 1, 2, ... of those metrics, and their
   * reports are {@code drift/<name>~2.csv}, {@code drift/<name>~3.csv}, ...: every check a run made
   * stays readable.
   */
  public static DriftReport drift(String name, Table data) {
    DriftReport report = DriftCheck.check(reference(name), data, DriftThresholds.DEFAULT);
    int step = CHECKS.merge(Tracking.activeRun().localKey() + '\n' + name, 1, Integer::sum) - 1;
    Tracking.metric(metricKey(name, "columns"), report.driftedColumns().size(), step);
    Set<String> keys = new HashSet<>();
    keys.add(metricKey(name, "columns"));
    for (var c : report.columns()) {
      // Columns whose names differ only in characters a metric key can't hold ("price ($)",
      // "price (€)") get _2, _3, ... in column order, rather than one overwriting the other.
      String key = metricKey(name, c.column());
      for (int n = 2; !keys.add(key); n++) {
        key = metricKey(name, c.column()) + "_" + n;
      }
      double score = "PSI".equals(c.test()) ? c.psi() : c.ksStatistic();
      if (Double.isFinite(score)) {
        Tracking.metric(key, score, step);
      }
    }
    // `~` is never in a cleaned name, so a later check's report can't be another dataset's.
    String file = name.replaceAll("[^A-Za-z0-9_.-]", "_") + (step == 0 ? "" : "~" + (step + 1));
    try {
      Path dir = Files.createTempDirectory("trackbook-drift");
      Path csv = dir.resolve(file + ".csv");
      report.table().write().csv(csv.toFile());
      Tracking.artifact(csv, "drift"); // copies the file into the journal: the temp copy can go
      Files.delete(csv);
      Files.delete(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the drift report: " + e.getMessage(), e);
    }
    return report;
  }

  /** MLflow metric keys allow letters, digits, {@code _-./} and spaces (validation.py). */
  static String metricKey(String dataset, String column) {
    return ("drift." + dataset + "." + column).replaceAll("[^A-Za-z0-9_\\-./ ]", "_");
  }
}
