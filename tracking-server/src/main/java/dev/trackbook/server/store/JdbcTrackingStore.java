package dev.trackbook.server.store;

import static dev.trackbook.server.store.SqlTransactions.IN_LIST_CHUNK;
import static dev.trackbook.server.store.SqlTransactions.bindAll;
import static dev.trackbook.server.store.SqlTransactions.forEachRow;
import static dev.trackbook.server.store.SqlTransactions.pageOfIds;
import static dev.trackbook.server.store.SqlTransactions.placeholders;
import static dev.trackbook.server.store.SqlTransactions.update;

import com.zaxxer.hikari.HikariDataSource;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.Dataset;
import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.Experiment;
import dev.trackbook.server.model.LifecycleStage;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.MetricPoint;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.RunData;
import dev.trackbook.server.model.RunInfo;
import dev.trackbook.server.model.RunStatus;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.search.ExperimentSearchSql;
import dev.trackbook.server.search.PageTokens;
import dev.trackbook.server.search.RunSearchSql;
import dev.trackbook.server.search.SqlDialect;
import dev.trackbook.server.search.SqlFragment;
import dev.trackbook.server.validation.Validation;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TrackingStore} on JDBC, for SQLite and PostgreSQL (one schema, see {@code
 * db/migration/}). Obtain one from {@link StoreFactory#open(String)}.
 *
 * <p>Transactions, the SQLite writer lock and retries live in {@link SqlTransactions}, shared with
 * the {@link JdbcModelRegistryStore} this store hands out as {@link #registry()}.
 */
public final class JdbcTrackingStore implements TrackingStore {
  /** MLflow's tag holding the run name (mlflow/utils/mlflow_tags.py MLFLOW_RUN_NAME). */
  static final String RUN_NAME_TAG = "mlflow.runName";

  private static final String DEFAULT_EXPERIMENT_ID = "0";
  private static final String DEFAULT_EXPERIMENT_NAME = "Default";

  private static final String RUN_COLUMNS =
      "r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time,"
          + " r.artifact_uri, r.lifecycle_stage";

  private final HikariDataSource dataSource;
  private final SqlDialect dialect;
  private final Clock clock;
  private final RunNameGenerator runNames;
  private final RunSearchSql runSearch;
  private final ExperimentSearchSql experimentSearch;
  private static final Logger LOG = LoggerFactory.getLogger(JdbcTrackingStore.class);
  private final SqlTransactions tx;
  private final MetricChunks chunks;
  private final JdbcModelRegistryStore registry;
  // SQLite's WAL checkpoints, off the request threads; null on PostgreSQL.
  private final ScheduledExecutorService checkpointer;
  private final AtomicLong checkpoints = new AtomicLong();
  private static final long CHECKPOINT_INTERVAL_MS = 500;

  JdbcTrackingStore(HikariDataSource dataSource, SqlDialect dialect, Clock clock) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.clock = clock;
    this.runNames = new RunNameGenerator(new SecureRandom());
    this.runSearch = new RunSearchSql(dialect);
    this.experimentSearch = new ExperimentSearchSql(dialect);
    this.tx = new SqlTransactions(dataSource, dialect);
    this.chunks = new MetricChunks(dialect);
    this.registry = new JdbcModelRegistryStore(tx, clock, this::getRun);
    this.checkpointer = dialect == SqlDialect.SQLITE ? startCheckpointer() : null;
  }

  /**
   * The connection pool, for companion stores that keep their tables in the same database and
   * migrations (the auth package's token store). Closing this store closes it.
   */
  public javax.sql.DataSource dataSource() {
    return dataSource;
  }

  /**
   * SQLite's automatic checkpoint (off on our connections, see StoreFactory) would run inside
   * whichever commit crosses 1000 WAL pages and make that request wait for it; a daemon thread
   * checkpoints instead, PASSIVE so it never waits for or blocks readers and writers (issue 9,
   * bench/tracking: log-metric p99).
   */
  private ScheduledExecutorService startCheckpointer() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "trackbook-sqlite-checkpoint");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            checkpointWal();
          } catch (SQLException | RuntimeException e) {
            LOG.debug("WAL checkpoint failed; the next one retries", e);
          }
        },
        CHECKPOINT_INTERVAL_MS,
        CHECKPOINT_INTERVAL_MS,
        TimeUnit.MILLISECONDS);
    return executor;
  }

  /** Copies the WAL into the database file as far as readers allow; the number of runs so far. */
  long checkpointWal() throws SQLException {
    try (Connection c = dataSource.getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(PASSIVE)");
    }
    return checkpoints.incrementAndGet();
  }

  /** How many background or explicit WAL checkpoints ran (SQLite). */
  long checkpoints() {
    return checkpoints.get();
  }

  /** The SQL dialect of this store's database. */
  public SqlDialect dialect() {
    return dialect;
  }

  /** Creates the Default experiment "0" unless it exists; safe when several servers start. */
  void ensureDefaultExperiment() {
    long now = clock.millis();
    write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO experiments (experiment_id, name, artifact_location,"
                      + " lifecycle_stage, creation_time, last_update_time)"
                      + " VALUES (0, ?, ?, 'active', ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, DEFAULT_EXPERIMENT_NAME);
            ps.setString(2, "mlflow-artifacts:/" + DEFAULT_EXPERIMENT_ID);
            ps.setLong(3, now);
            ps.setLong(4, now);
            ps.executeUpdate();
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- experiments

  @Override
  public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
    Validation.experimentName(name);
    Validation.artifactLocation(artifactLocation);
    List<Tag> tagList = tags == null ? List.of() : tags;
    tagList.forEach(Validation::experimentTag);
    long now = clock.millis();
    return write(
        c -> {
          requireNameFree(c, name);
          long id;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO experiments (name, artifact_location, lifecycle_stage,"
                      + " creation_time, last_update_time) VALUES (?, ?, 'active', ?, ?)"
                      + " RETURNING experiment_id")) {
            ps.setString(1, name);
            ps.setString(2, blankToNull(artifactLocation));
            ps.setLong(3, now);
            ps.setLong(4, now);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              id = rs.getLong(1);
            }
          } catch (SQLException e) {
            if (isUniqueViolation(e)) {
              throw experimentExists(name);
            }
            throw e;
          }
          if (blankToNull(artifactLocation) == null) {
            update(
                c,
                "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?",
                "mlflow-artifacts:/" + id,
                id);
          }
          for (Tag tag : tagList) {
            upsertExperimentTag(c, id, tag);
          }
          return Long.toString(id);
        });
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    return read(c -> loadExperiment(c, experimentId));
  }

  @Override
  public Experiment getExperimentByName(String name) {
    if (name == null) {
      throw TrackingException.invalid("Experiment name must not be null");
    }
    return read(
        c -> {
          Long id = experimentIdByName(c, name);
          if (id == null) {
            throw TrackingException.notFound(
                "Could not find experiment with name '" + Validation.abbreviate(name) + "'");
          }
          return loadExperiment(c, Long.toString(id));
        });
  }

  @Override
  public Page<Experiment> searchExperiments(
      ViewType viewType, String filter, List<String> orderBy, int maxResults, String pageToken) {
    Validation.maxResults("max_results", maxResults, Validation.MAX_SEARCH_RESULTS);
    ViewType view = viewType == null ? ViewType.ACTIVE_ONLY : viewType;
    List<String> order = orderBy == null ? List.of() : orderBy;
    SqlFragment where = experimentSearch.where(filter);
    String orderSql = experimentSearch.orderBy(order);
    long offset = PageTokens.decode(pageToken, "experiments", view, filter, order);
    String sql =
        "SELECT e.experiment_id FROM experiments e WHERE "
            + lifecycleCondition("e", view)
            + " AND ("
            + where.sql()
            + ") ORDER BY "
            + orderSql;
    return read(
        c -> {
          List<String> ids =
              pageOfIds(c, new SqlFragment(sql, where.params()), maxResults + 1, offset);
          String next = null;
          if (ids.size() > maxResults) {
            ids.remove(ids.size() - 1);
            next = PageTokens.encode(offset + maxResults, "experiments", view, filter, order);
          }
          List<Experiment> items = new ArrayList<>();
          for (String id : ids) {
            items.add(loadExperiment(c, id));
          }
          return new Page<>(items, next);
        });
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    Validation.experimentName(newName);
    long now = clock.millis();
    write(
        c -> {
          Experiment e = loadExperiment(c, experimentId);
          requireActive(e, ErrorCode.INVALID_STATE);
          if (e.name().equals(newName)) {
            return null;
          }
          requireNameFree(c, newName);
          try {
            update(
                c,
                "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?",
                newName,
                now,
                Long.parseLong(e.experimentId()));
          } catch (SQLException ex) {
            if (isUniqueViolation(ex)) {
              throw experimentExists(newName);
            }
            throw ex;
          }
          return null;
        });
  }

  @Override
  public void deleteExperiment(String experimentId) {
    // By number: "00" names the Default experiment too
    if (experimentId != null
        && experimentId.matches("\\d{1,18}")
        && Long.parseLong(experimentId) == Long.parseLong(DEFAULT_EXPERIMENT_ID)) {
      throw TrackingException.invalid("The Default experiment '0' cannot be deleted");
    }
    long now = clock.millis();
    write(
        c -> {
          Experiment e = loadExperiment(c, experimentId);
          requireStage(e, LifecycleStage.ACTIVE);
          long id = Long.parseLong(e.experimentId());
          update(
              c,
              "UPDATE experiments SET lifecycle_stage = 'deleted', last_update_time = ?"
                  + " WHERE experiment_id = ?",
              now,
              id);
          // the runs go with it, flagged so that restoring the experiment brings back exactly them
          update(
              c,
              "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ?,"
                  + " deleted_with_experiment = TRUE"
                  + " WHERE experiment_id = ? AND lifecycle_stage = 'active'",
              now,
              id);
          return null;
        });
  }

  @Override
  public void restoreExperiment(String experimentId) {
    long now = clock.millis();
    write(
        c -> {
          Experiment e = loadExperiment(c, experimentId);
          requireStage(e, LifecycleStage.DELETED);
          long id = Long.parseLong(e.experimentId());
          update(
              c,
              "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL,"
                  + " deleted_with_experiment = FALSE"
                  + " WHERE experiment_id = ? AND deleted_with_experiment = TRUE",
              id);
          update(
              c,
              "UPDATE experiments SET lifecycle_stage = 'active', last_update_time = ?"
                  + " WHERE experiment_id = ?",
              now,
              id);
          return null;
        });
  }

  @Override
  public void setExperimentTag(String experimentId, String key, String value) {
    Tag tag = new Tag(key, value);
    Validation.experimentTag(tag);
    write(
        c -> {
          Experiment e = loadExperiment(c, experimentId);
          requireActive(e, ErrorCode.INVALID_PARAMETER_VALUE);
          upsertExperimentTag(c, Long.parseLong(e.experimentId()), tag);
          return null;
        });
  }

  // ---------------------------------------------------------------- runs

  @Override
  public Run createRun(
      String experimentId, String userId, long startTime, String runName, List<Tag> tags) {
    List<Tag> tagList = tags == null ? List.of() : tags;
    tagList.forEach(Validation::runTag);
    Validation.runName(runName);
    String nameFromTag = null;
    for (Tag t : tagList) {
      if (RUN_NAME_TAG.equals(t.key())) {
        nameFromTag = t.value();
      }
    }
    // MLflow: run_name and the mlflow.runName tag must agree when both are given.
    if (runName != null && nameFromTag != null && !runName.equals(nameFromTag)) {
      throw TrackingException.invalid(
          "Both the run name '"
              + runName
              + "' and the tag "
              + RUN_NAME_TAG
              + "='"
              + nameFromTag
              + "' were given, with different values");
    }
    String name =
        runName != null && !runName.isEmpty()
            ? runName
            : nameFromTag != null && !nameFromTag.isEmpty() ? nameFromTag : runNames.next();
    Validation.runName(name);
    String runId = UUID.randomUUID().toString().replace("-", "");
    return write(
        c -> {
          if (tx.dialect() == SqlDialect.POSTGRESQL) {
            // Held until commit: a concurrent delete of the experiment (another instance) waits,
            // then marks this run deleted with it instead of missing it.
            forEachRow(
                c,
                "SELECT 1 FROM experiments WHERE experiment_id = ? FOR SHARE",
                List.of(parseExperimentId(experimentId, false)),
                r -> {});
          }
          Experiment e = loadExperiment(c, experimentId);
          if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
            // MLflow's code (create_run: _check_experiment_is_active), our message
            throw TrackingException.invalid(
                "Cannot create a run in experiment "
                    + experimentId
                    + ": the experiment is deleted");
          }
          String location = e.artifactLocation() == null ? "" : e.artifactLocation();
          String artifactUri =
              (location.endsWith("/") ? location : location + "/") + runId + "/artifacts";
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time,"
                      + " end_time, artifact_uri, lifecycle_stage) VALUES (?, ?, ?, ?, 'RUNNING',"
                      + " ?, NULL, ?, 'active')")) {
            ps.setString(1, runId);
            ps.setString(2, name);
            ps.setLong(3, Long.parseLong(e.experimentId()));
            ps.setString(4, userId);
            ps.setLong(5, startTime);
            ps.setString(6, artifactUri);
            ps.executeUpdate();
          }
          Map<String, String> finalTags = new LinkedHashMap<>();
          for (Tag t : tagList) {
            finalTags.put(t.key(), t.value());
          }
          finalTags.put(RUN_NAME_TAG, name);
          for (Map.Entry<String, String> t : finalTags.entrySet()) {
            upsertRunTag(c, runId, t.getKey(), t.getValue());
          }
          return loadRuns(c, List.of(runId)).get(0);
        });
  }

  @Override
  public Run getRun(String runId) {
    Validation.runId(runId);
    return read(
        c -> {
          List<Run> runs = loadRuns(c, List.of(runId));
          if (runs.isEmpty()) {
            throw runNotFound(runId);
          }
          return runs.get(0);
        });
  }

  @Override
  public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
    Validation.runId(runId);
    return write(
        c -> {
          requireActiveRun(c, runId);
          if (status != null) {
            update(c, "UPDATE runs SET status = ? WHERE run_uuid = ?", status.name(), runId);
          }
          if (endTime != null) {
            update(c, "UPDATE runs SET end_time = ? WHERE run_uuid = ?", endTime, runId);
          }
          renameRun(c, runId, runName);
          return loadRunInfos(c, List.of(runId)).get(runId);
        });
  }

  @Override
  public void deleteRun(String runId) {
    Validation.runId(runId);
    long now = clock.millis();
    write(
        c -> {
          requireRun(c, runId);
          update(
              c,
              "UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = ?,"
                  + " deleted_with_experiment = FALSE WHERE run_uuid = ?",
              now,
              runId);
          return null;
        });
  }

  @Override
  public void restoreRun(String runId) {
    Validation.runId(runId);
    write(
        c -> {
          requireRun(c, runId);
          update(
              c,
              "UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL,"
                  + " deleted_with_experiment = FALSE WHERE run_uuid = ?",
              runId);
          return null;
        });
  }

  @Override
  public Page<Run> searchRuns(
      List<String> experimentIds,
      String filter,
      ViewType viewType,
      int maxResults,
      List<String> orderBy,
      String pageToken) {
    RunSearchArgs args =
        RunSearchArgs.of(experimentIds, filter, viewType, maxResults, orderBy, "runs");
    RunSearchSql.RunQuery query =
        runSearch.select(args.numericIds(), args.lifecycle(), args.filter(), args.order());
    long offset = PageTokens.decode(pageToken, args.tokenParts());
    if (args.numericIds().isEmpty()) {
      return new Page<>(List.of(), null);
    }
    return read(
        c -> {
          int limit = maxResults + 1;
          List<String> ids;
          if (query.first() == null || (query.rest() != null && offset > METRIC_FIRST_MAX_OFFSET)) {
            ids = pageOfIds(c, query.all(), limit, offset);
          } else {
            ids = pageOfIds(c, query.first(), limit, offset);
            if (query.rest() != null && ids.size() < limit) {
              // the page runs past the end of first: continue with rest, at the offset into rest
              long restOffset =
                  ids.isEmpty() && offset > 0 ? offset - countRows(c, query.first()) : 0;
              ids.addAll(pageOfIds(c, query.rest(), limit - ids.size(), restOffset));
            }
          }
          String next = null;
          if (ids.size() > maxResults) {
            ids.remove(ids.size() - 1);
            next = PageTokens.encode(offset + maxResults, args.tokenParts());
          }
          return new Page<>(loadRuns(c, ids), next);
        });
  }

  @Override
  public Page<Run> searchRunGroups(
      List<String> experimentIds,
      String filter,
      ViewType viewType,
      int maxGroups,
      List<String> orderBy,
      String pageToken) {
    RunSearchArgs args =
        RunSearchArgs.of(experimentIds, filter, viewType, maxGroups, orderBy, "run-groups");
    long offset = PageTokens.decode(pageToken, args.tokenParts());
    RunSearchSql.GroupQuery query =
        runSearch.groups(
            args.numericIds(), args.lifecycle(), args.filter(), args.order(), maxGroups, offset);
    if (args.numericIds().isEmpty()) {
      return new Page<>(List.of(), null);
    }
    return read(
        c -> {
          List<String> roots = ids(c, query.roots());
          if (roots.isEmpty()) {
            return new Page<>(List.of(), null);
          }
          String next =
              roots.size() > maxGroups
                  ? PageTokens.encode(offset + maxGroups, args.tokenParts())
                  : null;
          return new Page<>(loadRuns(c, ids(c, query.members(roots))), next);
        });
  }

  /** The first column of every row of {@code query}. */
  private static List<String> ids(Connection c, SqlFragment query) throws SQLException {
    List<String> ids = new ArrayList<>();
    forEachRow(c, query.sql(), query.params(), rs -> ids.add(rs.getString(1)));
    return ids;
  }

  /**
   * A run search's arguments, checked and with their defaults; {@code kind} names the listing
   * ({@code runs}, {@code run-groups}) so that one's page token is refused by the other.
   */
  private record RunSearchArgs(
      List<String> experimentIds,
      List<Long> numericIds,
      String filter,
      ViewType view,
      List<String> order,
      String kind) {

    static RunSearchArgs of(
        List<String> experimentIds,
        String filter,
        ViewType viewType,
        int maxResults,
        List<String> orderBy,
        String kind) {
      Validation.maxResults("max_results", maxResults, Validation.MAX_SEARCH_RESULTS);
      List<String> expIds = experimentIds == null ? List.of() : experimentIds;
      List<Long> numericIds = new ArrayList<>();
      for (String id : expIds) {
        numericIds.add(parseExperimentId(id, true));
      }
      return new RunSearchArgs(
          expIds,
          numericIds,
          filter,
          viewType == null ? ViewType.ACTIVE_ONLY : viewType,
          orderBy == null ? List.of() : orderBy,
          kind);
    }

    String lifecycle() {
      return lifecycleCondition("r", view);
    }

    /** What the search's page tokens are bound to. */
    Object[] tokenParts() {
      return new Object[] {kind, experimentIds, view, filter, order};
    }
  }

  /**
   * Deepest offset at which a search ordered by a metric reads the runs that have it first and
   * then, past them, the runs that lack it. Reading first costs more the deeper the page, and
   * counting it (to page inside rest) as much again; beyond this offset one query over all runs is
   * cheaper (RunSearchBenchmark at 100k runs: 6x faster at offset 10000, 0.5x for pages past the
   * last run with the metric).
   */
  private static final long METRIC_FIRST_MAX_OFFSET = 10_000;

  private static long countRows(Connection c, SqlFragment query) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM (" + query.sql() + ") counted")) {
      bindAll(ps, 1, query.params());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    Validation.runId(runId);
    List<Metric> ms = metrics == null ? List.of() : metrics;
    List<Param> ps = params == null ? List.of() : params;
    List<Tag> ts = tags == null ? List.of() : tags;
    Validation.batch(ms, ps, ts);
    if (ms.isEmpty() && ps.isEmpty() && ts.isEmpty()) {
      read(
          c -> {
            requireActiveRun(c, runId);
            return null;
          });
      return;
    }
    // Rows locked in key order: two batches with the same keys in other orders would deadlock on
    // PostgreSQL. Stable sorts, so a key repeated in one batch keeps its last value.
    List<Param> paramsByKey = ps.stream().sorted(Comparator.comparing(Param::key)).toList();
    List<Tag> tagsByKey = ts.stream().sorted(Comparator.comparing(Tag::key)).toList();
    write(
        c -> {
          long experimentId = requireActiveRun(c, runId);
          insertParams(c, runId, paramsByKey);
          insertMetrics(c, runId, experimentId, ms);
          for (Tag t : tagsByKey) {
            if (RUN_NAME_TAG.equals(t.key())) {
              // MLflow's set_tag of mlflow.runName renames the run (update_run_info)
              renameRun(c, runId, t.value());
            } else {
              upsertRunTag(c, runId, t.key(), t.value());
            }
          }
          return null;
        });
  }

  @Override
  public void changeTag(String runId, String key, java.util.function.UnaryOperator<String> change) {
    Validation.runId(runId);
    Validation.tagKey(key);
    write(
        c -> {
          requireActiveRun(c, runId);
          if (dialect == SqlDialect.POSTGRESQL) {
            // A concurrent change of the run's tags waits here (SQLite has one writer). The run's
            // row, not the tag's: a tag not set yet has no row to lock, and two first changes
            // would each start from nothing; the second now reads what the first committed.
            forEachRow(
                c,
                "SELECT run_uuid FROM runs WHERE run_uuid = ? FOR UPDATE",
                List.of(runId),
                r -> {});
          }
          String[] current = {null};
          forEachRow(
              c,
              "SELECT value FROM tags WHERE run_uuid = ? AND tag_key = ?",
              List.of(runId, key),
              r -> current[0] = r.getString(1));
          Tag changed = new Tag(key, change.apply(current[0]));
          Validation.runTag(changed);
          upsertRunTag(c, runId, changed.key(), changed.value());
          return null;
        });
  }

  @Override
  public void deleteTag(String runId, String key) {
    Validation.runId(runId);
    if (key == null) {
      throw TrackingException.invalid("Tag key must not be null");
    }
    write(
        c -> {
          requireActiveRun(c, runId);
          int n = update(c, "DELETE FROM tags WHERE run_uuid = ? AND tag_key = ?", runId, key);
          if (n == 0) {
            throw TrackingException.notFound(
                "No tag with name '" + Validation.abbreviate(key) + "' in run " + runId);
          }
          return null;
        });
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> datasets) {
    Validation.runId(runId);
    List<DatasetInput> inputs = datasets == null ? List.of() : datasets;
    inputs.forEach(Validation::datasetInput);
    write(
        c -> {
          long experimentId = requireActiveRun(c, runId);
          for (DatasetInput input : inputs) {
            Dataset d = input.dataset();
            try (PreparedStatement ps =
                c.prepareStatement(
                    "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type,"
                        + " source, dataset_schema, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
              ps.setString(1, newId());
              ps.setLong(2, experimentId);
              ps.setString(3, d.name());
              ps.setString(4, d.digest());
              ps.setString(5, d.sourceType());
              ps.setString(6, d.source());
              ps.setString(7, d.schema());
              ps.setString(8, d.profile());
              ps.executeUpdate();
            }
            String datasetId =
                queryString(
                    c,
                    "SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND"
                        + " digest = ?",
                    experimentId,
                    d.name(),
                    d.digest());
            update(
                c,
                "INSERT INTO inputs (input_uuid, run_uuid, dataset_uuid) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING",
                newId(),
                runId,
                datasetId);
            String inputId =
                queryString(
                    c,
                    "SELECT input_uuid FROM inputs WHERE run_uuid = ? AND dataset_uuid = ?",
                    runId,
                    datasetId);
            for (Tag t : input.tags() == null ? List.<Tag>of() : input.tags()) {
              update(
                  c,
                  "INSERT INTO input_tags (input_uuid, tag_key, value) VALUES (?, ?, ?)"
                      + " ON CONFLICT (input_uuid, tag_key) DO UPDATE SET value = excluded.value",
                  inputId,
                  t.key(),
                  t.value());
            }
          }
          return null;
        });
  }

  @Override
  public Page<Metric> getMetricHistory(String runId, String key, int maxResults, String pageToken) {
    Validation.runId(runId);
    Validation.metricKey(key);
    Validation.maxResults("max_results", maxResults, Validation.MAX_METRIC_HISTORY_PAGE);
    // Keyset paging on the point order: page 40 of a 1M-point history costs what page 1 costs
    // (issue 9, bench/tracking); the chunks before the token's point are never read.
    long[] after = PageTokens.decodeAfter(pageToken, 4, "metric-history", runId, key);
    MetricChunks.Position from =
        after == null
            ? null
            : new MetricChunks.Position(
                after[0], after[1], after[3] != 0 ? Double.NaN : Double.longBitsToDouble(after[2]));
    return read(
        c -> {
          requireRun(c, runId);
          MetricSeries s = chunks.page(c, runId, key, from, maxResults + 1);
          int n = Math.min(s.size(), maxResults);
          // a view, not 25,000 Metric objects made up front: the REST layer writes each point
          // as it reads it (issue 9, bench/tracking history)
          List<Metric> points = s.asMetrics(key, n);
          String next = null;
          if (s.size() > maxResults) {
            int last = n - 1;
            double v = s.value(last);
            long[] position = {
              s.step(last),
              s.timestamp(last),
              Double.doubleToLongBits(Double.isNaN(v) ? 0.0 : v),
              Double.isNaN(v) ? 1 : 0
            };
            next = PageTokens.encodeAfter(position, "metric-history", runId, key);
          }
          return new Page<>(points, next);
        });
  }

  @Override
  public List<MetricPoint> getMetricHistoryBulkInterval(
      List<String> runIds, String key, Long startStep, Long endStep, int maxResults) {
    if (runIds == null || runIds.isEmpty()) {
      throw TrackingException.invalid("get-history-bulk-interval needs at least one run id");
    }
    if (runIds.size() > Validation.MAX_BULK_INTERVAL_RUNS) {
      throw TrackingException.invalid(
          "get-history-bulk-interval takes at most "
              + Validation.MAX_BULK_INTERVAL_RUNS
              + " run ids; got "
              + runIds.size());
    }
    runIds.forEach(Validation::runId);
    Validation.metricKey(key);
    Validation.maxResults("max_results", maxResults, Validation.MAX_BULK_INTERVAL_RESULTS);
    long lo = startStep == null ? Long.MIN_VALUE : startStep;
    long hi = endStep == null ? Long.MAX_VALUE : endStep;
    if (lo > hi) {
      throw TrackingException.invalid(
          "start_step " + startStep + " must not be greater than end_step " + endStep);
    }
    return read(
        c -> {
          List<MetricPoint> out = new ArrayList<>();
          for (String runId : new java.util.LinkedHashSet<>(runIds)) {
            requireRun(c, runId);
            out.addAll(sampleRun(c, runId, key, lo, hi, maxResults));
          }
          return out;
        });
  }

  /** Samples one run's metric for a chart; see {@link MetricChunks#sample}. */
  private List<MetricPoint> sampleRun(
      Connection c, String runId, String key, long lo, long hi, int maxResults)
      throws SQLException {
    MetricSeries s = chunks.sample(c, runId, key, lo, hi, maxResults);
    List<MetricPoint> out = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      out.add(new MetricPoint(runId, key, s.value(i), s.timestamp(i), s.step(i)));
    }
    return out;
  }

  @Override
  public ModelRegistryStore registry() {
    return registry;
  }

  @Override
  public void close() {
    if (checkpointer != null) {
      checkpointer.shutdownNow();
      try {
        checkpointer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    dataSource.close();
  }

  // ---------------------------------------------------------------- writes

  private void insertParams(Connection c, String runId, List<Param> params) throws SQLException {
    if (params.isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO params (run_uuid, param_key, value) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING");
        PreparedStatement select =
            c.prepareStatement("SELECT value FROM params WHERE run_uuid = ? AND param_key = ?")) {
      for (Param p : params) {
        insert.setString(1, runId);
        insert.setString(2, p.key());
        insert.setString(3, p.value());
        if (insert.executeUpdate() == 1) {
          continue;
        }
        select.setString(1, runId);
        select.setString(2, p.key());
        try (ResultSet rs = select.executeQuery()) {
          rs.next();
          String old = rs.getString(1);
          if (!old.equals(p.value())) {
            // params are write-once (MLflow); the batch is rolled back as a whole
            throw TrackingException.invalid(
                "Changing param values is not allowed. Param with key='"
                    + p.key()
                    + "' was already logged with value='"
                    + Validation.abbreviate(old)
                    + "' for run ID='"
                    + runId
                    + "'. Attempted logging new value '"
                    + Validation.abbreviate(p.value())
                    + "'.");
          }
        }
      }
    }
  }

  private void insertMetrics(Connection c, String runId, long experimentId, List<Metric> metrics)
      throws SQLException {
    if (metrics.isEmpty()) {
      return;
    }
    // per key: the latest point (latest_metrics gets one upsert per key) and the points
    Map<String, Metric> latest = new TreeMap<>();
    Map<String, MetricSeries> series = new TreeMap<>();
    String key = null;
    MetricSeries points = null;
    Metric latestOfKey = null;
    for (Metric m : metrics) {
      // consecutive points mostly share a key: one map lookup per run of a key, not per point
      if (!m.key().equals(key)) {
        if (key != null) {
          latest.merge(key, latestOfKey, JdbcTrackingStore::later);
        }
        key = m.key();
        // small to start: a batch of 1000 keys with a point each must not make 1000 x 1000
        points = series.computeIfAbsent(key, k -> new MetricSeries(16));
        latestOfKey = m;
      } else {
        latestOfKey = later(latestOfKey, m);
      }
      points.add(m.step(), m.timestamp(), m.value());
    }
    latest.merge(key, latestOfKey, JdbcTrackingStore::later);
    // keys in sorted order, latest_metrics first: concurrent PostgreSQL transactions lock rows in
    // the same order and cannot deadlock, and the row lock on (run, key) orders their chunk writes
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO latest_metrics (run_uuid, metric_key, step, timestamp_ms, value, is_nan,"
                + " experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_uuid, metric_key) DO UPDATE SET"
                + " step = excluded.step, timestamp_ms = excluded.timestamp_ms,"
                + " value = excluded.value, is_nan = excluded.is_nan"
                + " WHERE excluded.step > latest_metrics.step"
                + " OR (excluded.step = latest_metrics.step"
                + " AND (excluded.timestamp_ms > latest_metrics.timestamp_ms"
                + " OR (excluded.timestamp_ms = latest_metrics.timestamp_ms"
                + " AND excluded.value >= latest_metrics.value)))")) {
      for (Metric m : latest.values()) {
        ps.setString(1, runId);
        ps.setString(2, m.key());
        ps.setLong(3, m.step());
        ps.setLong(4, m.timestamp());
        ps.setDouble(5, storedValue(m.value()));
        ps.setBoolean(6, Double.isNaN(m.value()));
        ps.setLong(7, experimentId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    chunks.appendAll(c, runId, series);
  }

  // MLflow's "latest": max step, then max timestamp, then max (stored) value
  private static final Comparator<Metric> LATEST_ORDER =
      Comparator.comparingLong(Metric::step)
          .thenComparingLong(Metric::timestamp)
          .thenComparingDouble(m -> storedValue(m.value()));

  private static Metric later(Metric a, Metric b) {
    return LATEST_ORDER.compare(a, b) >= 0 ? a : b;
  }

  private static double storedValue(double value) {
    return Double.isNaN(value) ? 0.0 : MetricSeries.stored(value);
  }

  private static double readValue(double stored, boolean isNan) {
    return isNan ? Double.NaN : stored;
  }

  /**
   * Sets the run's name and its mlflow.runName tag together, as MLflow's update_run_info does for
   * update-run and for a set-tag of mlflow.runName. An empty or null name changes neither: MLflow
   * ignores it there, so an empty tag value does not blank the run's name.
   */
  private void renameRun(Connection c, String runId, String name) throws SQLException {
    if (name == null || name.isEmpty()) {
      return;
    }
    Validation.runName(name);
    update(c, "UPDATE runs SET name = ? WHERE run_uuid = ?", name, runId);
    upsertRunTag(c, runId, RUN_NAME_TAG, name);
  }

  private void upsertRunTag(Connection c, String runId, String key, String value)
      throws SQLException {
    update(
        c,
        "INSERT INTO tags (run_uuid, tag_key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (run_uuid, tag_key) DO UPDATE SET value = excluded.value",
        runId,
        key,
        value);
  }

  private void upsertExperimentTag(Connection c, long experimentId, Tag tag) throws SQLException {
    update(
        c,
        "INSERT INTO experiment_tags (experiment_id, tag_key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (experiment_id, tag_key) DO UPDATE SET value = excluded.value",
        experimentId,
        tag.key(),
        tag.value());
  }

  // ---------------------------------------------------------------- reads

  private Experiment loadExperiment(Connection c, String experimentId) throws SQLException {
    long id = parseExperimentId(experimentId, false);
    Experiment base = null;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time,"
                + " last_update_time FROM experiments WHERE experiment_id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          base =
              new Experiment(
                  Long.toString(rs.getLong(1)),
                  rs.getString(2),
                  rs.getString(3),
                  LifecycleStage.fromWire(rs.getString(4)),
                  rs.getLong(5),
                  rs.getLong(6),
                  List.of());
        }
      }
    }
    if (base == null) {
      throw experimentNotFound(experimentId);
    }
    List<Tag> tags = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tag_key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY tag_key")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tags.add(new Tag(rs.getString(1), rs.getString(2)));
        }
      }
    }
    return new Experiment(
        base.experimentId(),
        base.name(),
        base.artifactLocation(),
        base.lifecycleStage(),
        base.creationTime(),
        base.lastUpdateTime(),
        List.copyOf(tags));
  }

  private Long experimentIdByName(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT experiment_id FROM experiments WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  /**
   * RESOURCE_ALREADY_EXISTS if an experiment holds {@code name}; a deleted one keeps its name, and
   * the message says so (MLflow's file store does; its SQL store only reports the violated unique
   * constraint), since no experiment of that name shows among the active ones.
   */
  private static void requireNameFree(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT experiment_id, lifecycle_stage FROM experiments WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return;
        }
        if (LifecycleStage.DELETED.wire().equals(rs.getString(2))) {
          throw new TrackingException(
              ErrorCode.RESOURCE_ALREADY_EXISTS,
              "Experiment '"
                  + Validation.abbreviate(name)
                  + "' already exists in deleted state (id "
                  + rs.getLong(1)
                  + "); a deleted experiment keeps its name. Restore it, or choose another"
                  + " name.");
        }
        throw experimentExists(name);
      }
    }
  }

  /** Runs with their data, in the order of {@code runIds}; unknown ids are left out. */
  private List<Run> loadRuns(Connection c, List<String> runIds) throws SQLException {
    if (runIds.isEmpty()) {
      return List.of();
    }
    Map<String, RunInfo> infos = loadRunInfos(c, runIds);
    Map<String, List<Param>> params = new HashMap<>();
    Map<String, List<Tag>> tags = new HashMap<>();
    Map<String, List<Metric>> metrics = new HashMap<>();
    Map<String, List<DatasetInput>> inputs = new HashMap<>();
    for (int from = 0; from < runIds.size(); from += IN_LIST_CHUNK) {
      List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + IN_LIST_CHUNK));
      String in = placeholders(chunk.size());
      forEachRow(
          c,
          "SELECT run_uuid, param_key, value FROM params WHERE run_uuid IN ("
              + in
              + ")"
              + " ORDER BY param_key",
          chunk,
          rs ->
              params
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new Param(rs.getString(2), rs.getString(3))));
      forEachRow(
          c,
          "SELECT run_uuid, tag_key, value FROM tags WHERE run_uuid IN ("
              + in
              + ")"
              + " ORDER BY tag_key",
          chunk,
          rs ->
              tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new Tag(rs.getString(2), rs.getString(3))));
      forEachRow(
          c,
          "SELECT run_uuid, metric_key, value, is_nan, timestamp_ms, step FROM latest_metrics"
              + " WHERE run_uuid IN ("
              + in
              + ") ORDER BY metric_key",
          chunk,
          rs ->
              metrics
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(
                      new Metric(
                          rs.getString(2),
                          readValue(rs.getDouble(3), rs.getBoolean(4)),
                          rs.getLong(5),
                          rs.getLong(6))));
      loadInputs(c, chunk, in, inputs);
    }
    List<Run> runs = new ArrayList<>();
    for (String id : runIds) {
      RunInfo info = infos.get(id);
      if (info != null) {
        runs.add(
            new Run(
                info,
                new RunData(
                    List.copyOf(metrics.getOrDefault(id, List.of())),
                    List.copyOf(params.getOrDefault(id, List.of())),
                    List.copyOf(tags.getOrDefault(id, List.of()))),
                List.copyOf(inputs.getOrDefault(id, List.of()))));
      }
    }
    return runs;
  }

  private void loadInputs(
      Connection c, List<String> chunk, String in, Map<String, List<DatasetInput>> out)
      throws SQLException {
    Map<String, String> inputRun = new LinkedHashMap<>();
    Map<String, Dataset> inputDataset = new HashMap<>();
    forEachRow(
        c,
        "SELECT i.input_uuid, i.run_uuid, d.name, d.digest, d.source_type, d.source,"
            + " d.dataset_schema, d.profile FROM inputs i JOIN datasets d ON d.dataset_uuid ="
            + " i.dataset_uuid WHERE i.run_uuid IN ("
            + in
            + ") ORDER BY d.name, d.digest",
        chunk,
        rs -> {
          inputRun.put(rs.getString(1), rs.getString(2));
          inputDataset.put(
              rs.getString(1),
              new Dataset(
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8)));
        });
    if (inputRun.isEmpty()) {
      return;
    }
    Map<String, List<Tag>> inputTags = new HashMap<>();
    List<String> inputIds = new ArrayList<>(inputRun.keySet());
    for (int from = 0; from < inputIds.size(); from += IN_LIST_CHUNK) {
      List<String> ids = inputIds.subList(from, Math.min(inputIds.size(), from + IN_LIST_CHUNK));
      forEachRow(
          c,
          "SELECT input_uuid, tag_key, value FROM input_tags WHERE input_uuid IN ("
              + placeholders(ids.size())
              + ") ORDER BY tag_key",
          ids,
          rs ->
              inputTags
                  .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                  .add(new Tag(rs.getString(2), rs.getString(3))));
    }
    for (Map.Entry<String, String> e : inputRun.entrySet()) {
      out.computeIfAbsent(e.getValue(), k -> new ArrayList<>())
          .add(
              new DatasetInput(
                  List.copyOf(inputTags.getOrDefault(e.getKey(), List.of())),
                  inputDataset.get(e.getKey())));
    }
  }

  private Map<String, RunInfo> loadRunInfos(Connection c, List<String> runIds) throws SQLException {
    Map<String, RunInfo> infos = new HashMap<>();
    for (int from = 0; from < runIds.size(); from += IN_LIST_CHUNK) {
      List<String> chunk = runIds.subList(from, Math.min(runIds.size(), from + IN_LIST_CHUNK));
      forEachRow(
          c,
          "SELECT "
              + RUN_COLUMNS
              + " FROM runs r WHERE r.run_uuid IN ("
              + placeholders(chunk.size())
              + ")",
          chunk,
          rs -> {
            long end = rs.getLong(7);
            Long endTime = rs.wasNull() ? null : end;
            infos.put(
                rs.getString(1),
                new RunInfo(
                    rs.getString(1),
                    rs.getString(2),
                    Long.toString(rs.getLong(3)),
                    rs.getString(4),
                    RunStatus.valueOf(rs.getString(5)),
                    rs.getLong(6),
                    endTime,
                    rs.getString(8),
                    LifecycleStage.fromWire(rs.getString(9))));
          });
    }
    return infos;
  }

  /** The run's lifecycle stage and experiment; RESOURCE_DOES_NOT_EXIST if there is no such run. */
  private String[] requireRun(Connection c, String runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT lifecycle_stage, experiment_id FROM runs WHERE run_uuid = ?")) {
      ps.setString(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw runNotFound(runId);
        }
        return new String[] {rs.getString(1), Long.toString(rs.getLong(2))};
      }
    }
  }

  /**
   * Checks the run exists and is active; returns its experiment id. A deleted run is
   * INVALID_PARAMETER_VALUE, as MLflow's _check_run_is_active answers every write to it.
   */
  private long requireActiveRun(Connection c, String runId) throws SQLException {
    String[] run = requireRun(c, runId);
    if (!LifecycleStage.ACTIVE.wire().equals(run[0])) {
      throw TrackingException.invalid(
          "The run "
              + runId
              + " must be in the 'active' state to be changed; it is '"
              + run[0]
              + "'. Restore it first.");
    }
    return Long.parseLong(run[1]);
  }

  /**
   * Refuses a change to a deleted experiment with {@code code}: MLflow answers
   * INVALID_PARAMETER_VALUE (_check_experiment_is_active), but INVALID_STATE to a rename.
   */
  private static void requireActive(Experiment e, ErrorCode code) {
    if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
      throw new TrackingException(
          code,
          "The experiment "
              + e.experimentId()
              + " must be in the 'active' state to be changed; it is '"
              + e.lifecycleStage().wire()
              + "'. Restore it first.");
    }
  }

  /**
   * MLflow's delete and restore look the experiment up among the active, resp. the deleted ones
   * only (_get_experiment with ACTIVE_ONLY, DELETED_ONLY): one in the other stage is
   * RESOURCE_DOES_NOT_EXIST (404), as an unknown id.
   */
  private static void requireStage(Experiment e, LifecycleStage stage) {
    if (e.lifecycleStage() != stage) {
      throw TrackingException.notFound(
          "No "
              + stage.wire()
              + " experiment with id '"
              + e.experimentId()
              + "' exists: it is "
              + e.lifecycleStage().wire());
    }
  }

  // ---------------------------------------------------------------- plumbing

  private static String lifecycleCondition(String alias, ViewType view) {
    return switch (view) {
      case ACTIVE_ONLY -> alias + ".lifecycle_stage = 'active'";
      case DELETED_ONLY -> alias + ".lifecycle_stage = 'deleted'";
      case ALL -> "1 = 1";
    };
  }

  private static long parseExperimentId(String experimentId, boolean forSearch) {
    if (experimentId != null && experimentId.matches("\\d{1,18}")) {
      return Long.parseLong(experimentId);
    }
    String shown = experimentId == null ? "null" : "'" + Validation.abbreviate(experimentId) + "'";
    if (forSearch) {
      throw TrackingException.invalid(
          "Invalid experiment id " + shown + ": experiment ids are decimal numbers");
    }
    throw experimentNotFound(experimentId);
  }

  private static TrackingException experimentNotFound(String experimentId) {
    return TrackingException.notFound(
        "No experiment with id '"
            + (experimentId == null ? "null" : Validation.abbreviate(experimentId))
            + "' exists");
  }

  private static TrackingException experimentExists(String name) {
    return new TrackingException(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        "Experiment '" + Validation.abbreviate(name) + "' already exists");
  }

  private static TrackingException runNotFound(String runId) {
    return TrackingException.notFound("Run with id=" + runId + " not found");
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String queryString(Connection c, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bindAll(ps, 1, List.of(values));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("expected a row for: " + sql);
        }
        return rs.getString(1);
      }
    }
  }

  private <T> T read(SqlTransactions.Work<T> work) {
    return tx.read(work);
  }

  /** Runs {@code work} in one transaction: all of it is committed or none. */
  private <T> T write(SqlTransactions.Work<T> work) {
    return tx.write(work);
  }

  private boolean isUniqueViolation(SQLException e) {
    return tx.isUniqueViolation(e);
  }
}
