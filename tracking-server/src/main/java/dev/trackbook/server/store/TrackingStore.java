package dev.trackbook.server.store;

import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.Experiment;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.MetricPoint;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.RunInfo;
import dev.trackbook.server.model.RunStatus;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.model.ViewType;
import java.util.List;

/**
 * The one storage contract of the tracking server. Every backend (SQLite, PostgreSQL) passes the
 * same contract suite ({@code TrackingStoreContract}). Methods check the <em>meaning</em> of their
 * arguments (names, limits, existence, lifecycle) and throw {@link
 * dev.trackbook.server.error.TrackingException} with an MLflow error code; the REST layer only
 * checks shape and types.
 *
 * <p>Common error codes: {@code RESOURCE_DOES_NOT_EXIST} for an unknown experiment or run id;
 * {@code INVALID_PARAMETER_VALUE} for a value outside MLflow's limits and, as MLflow, for a write
 * to a deleted run or experiment (creating a run in it included); {@code INVALID_STATE} for
 * renaming a deleted experiment (MLflow's code there).
 *
 * <p>Implementations are safe for concurrent use by many threads and by several server processes
 * sharing one database (PostgreSQL); they keep no state outside the database.
 */
public interface TrackingStore extends AutoCloseable {

  // ---- experiments ----

  /**
   * Creates an active experiment. {@code artifactLocation} may be null: the store then sets {@code
   * mlflow-artifacts:/<id>}.
   *
   * @return the new experiment id (decimal string)
   * @throws dev.trackbook.server.error.TrackingException RESOURCE_ALREADY_EXISTS if the name is
   *     taken (also by a deleted experiment), INVALID_PARAMETER_VALUE for an empty or over-long
   *     name or bad tags
   */
  String createExperiment(String name, String artifactLocation, List<Tag> tags);

  /** Returns the experiment in any lifecycle stage; RESOURCE_DOES_NOT_EXIST if there is none. */
  Experiment getExperiment(String experimentId);

  /** Returns the experiment with this exact name; RESOURCE_DOES_NOT_EXIST if there is none. */
  Experiment getExperimentByName(String name);

  /**
   * Searches experiments. {@code filter} uses MLflow's experiment filter syntax ({@code name},
   * {@code tags.x}, {@code creation_time}, {@code last_update_time}; plus AND/OR and parentheses);
   * {@code orderBy} entries like {@code "name ASC"}. Default order: creation_time DESC,
   * experiment_id ASC, as MLflow.
   *
   * @param maxResults 1..50000
   * @param pageToken null or a token from a previous page
   */
  Page<Experiment> searchExperiments(
      ViewType viewType, String filter, List<String> orderBy, int maxResults, String pageToken);

  /** Renames an experiment; RESOURCE_ALREADY_EXISTS if the new name is taken. */
  void renameExperiment(String experimentId, String newName);

  /**
   * Soft-deletes an experiment and its runs; RESOURCE_DOES_NOT_EXIST if there is no active
   * experiment with this id (a deleted one included, as MLflow), INVALID_PARAMETER_VALUE for the
   * Default experiment "0".
   */
  void deleteExperiment(String experimentId);

  /**
   * Restores a soft-deleted experiment and the runs deleted with it; RESOURCE_DOES_NOT_EXIST if
   * there is no deleted experiment with this id (an active one included, as MLflow).
   */
  void restoreExperiment(String experimentId);

  /** Sets (last write wins) an experiment tag. */
  void setExperimentTag(String experimentId, String key, String value);

  // ---- runs ----

  /**
   * Creates a RUNNING run in an active experiment. {@code runName} may be null (the store then
   * generates a readable name and sets tag {@code mlflow.runName}); {@code artifact_uri} becomes
   * {@code <experiment artifact location>/<runId>/artifacts}.
   */
  Run createRun(String experimentId, String userId, long startTime, String runName, List<Tag> tags);

  /** Returns the run with the latest value per metric key, params, tags and inputs. */
  Run getRun(String runId);

  /**
   * Updates status, end time and/or name (null, and an empty name, mean unchanged); returns the
   * updated info.
   */
  RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName);

  /** Soft-deletes a run. */
  void deleteRun(String runId);

  /** Restores a soft-deleted run. */
  void restoreRun(String runId);

  /**
   * Searches runs of the given experiments. {@code filter} is MLflow's run filter syntax ({@code
   * metrics.}, {@code params.}, {@code tags.}, {@code attributes.}; =, !=, <, <=, >, >=, LIKE,
   * ILIKE, IN, NOT IN) plus OR and parentheses; it is compiled to parameterized SQL. {@code
   * orderBy} entries like {@code "metrics.acc DESC"}; default start_time DESC, run_id ASC.
   *
   * @throws dev.trackbook.server.error.TrackingException INVALID_PARAMETER_VALUE for a filter or
   *     order that does not parse, naming what is wrong
   */
  Page<Run> searchRuns(
      List<String> experimentIds,
      String filter,
      ViewType viewType,
      int maxResults,
      List<String> orderBy,
      String pageToken);

  /**
   * Searches runs as {@link #searchRuns} does, paging by parent groups instead of single runs: a
   * group is a top-level run with every matching run nested under it (tag {@code
   * mlflow.parentRunId}, any depth), so a page never splits a parent from its children. A run whose
   * parent does not match (filtered out, deleted, in another experiment) or is itself is top-level;
   * groups follow the order of their top-level runs. The page lists the runs of its groups in the
   * search order. Runs whose parent tags loop through two or more runs have no top-level run and
   * are left out (see {@link dev.trackbook.server.search.RunSearchSql.GroupQuery}).
   *
   * @param maxGroups groups per page, 1..50000
   * @throws dev.trackbook.server.error.TrackingException INVALID_PARAMETER_VALUE as {@link
   *     #searchRuns}, and for a page token of another query (a {@link #searchRuns} token included)
   */
  Page<Run> searchRunGroups(
      List<String> experimentIds,
      String filter,
      ViewType viewType,
      int maxGroups,
      List<String> orderBy,
      String pageToken);

  /**
   * Logs metrics, params and tags atomically: either all are stored or none. Metrics are
   * append-only and a point identical to a stored one (key, step, timestamp, value) is ignored,
   * which makes a resent batch harmless. Params are write-once: the same value again is fine, a
   * different value is INVALID_PARAMETER_VALUE. Tags: last write wins; tag {@code mlflow.runName}
   * renames the run as {@link #updateRun} does (an empty one changes nothing). Limits: 1000
   * metrics, 100 params, 100 tags per call, 1000 entries in all.
   */
  void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

  default void logMetric(String runId, Metric metric) {
    logBatch(runId, List.of(metric), List.of(), List.of());
  }

  default void logParam(String runId, Param param) {
    logBatch(runId, List.of(), List.of(param), List.of());
  }

  default void setTag(String runId, Tag tag) {
    logBatch(runId, List.of(), List.of(), List.of(tag));
  }

  /**
   * Sets run tag {@code key} to {@code change} applied to its current value (null when unset), in
   * one transaction: concurrent changes of one tag (two instances appending to it) all land.
   * Validated as {@link #setTag} validates.
   */
  void changeTag(String runId, String key, java.util.function.UnaryOperator<String> change);

  /** Deletes a run tag; RESOURCE_DOES_NOT_EXIST if the run has no such tag. */
  void deleteTag(String runId, String key);

  /** Records datasets used by a run; the same (name, digest) in one experiment is one dataset. */
  void logInputs(String runId, List<DatasetInput> datasets);

  /** One page of a metric's full history ordered by step, timestamp. */
  Page<Metric> getMetricHistory(String runId, String key, int maxResults, String pageToken);

  /**
   * A sample of at most {@code maxResults} points per run over the step range (nulls mean open),
   * for charts: always including the first and last point of the range, spread evenly by step in
   * between.
   */
  List<MetricPoint> getMetricHistoryBulkInterval(
      List<String> runIds, String key, Long startStep, Long endStep, int maxResults);

  // ---- model registry ----

  /**
   * The model registry kept in the same database. Versions created with a run id take their lineage
   * from this store's runs.
   */
  ModelRegistryStore registry();

  @Override
  void close();
}
