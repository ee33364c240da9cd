package dev.trackbook.server.search;

import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.search.FilterExpr.Comparison;
import dev.trackbook.server.search.FilterExpr.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a run filter and {@code order_by} list to parameterized SQL over the store's schema,
 * with the run table aliased {@code r}. Metric conditions read {@code latest_metrics} (as MLflow's
 * SQL store does), so filtering and ordering stay index lookups at any number of points.
 *
 * <p>Semantics follow MLflow: a condition on a metric, param, tag or dataset only matches runs that
 * have that key (so {@code params.x != 'a'} skips runs without {@code x}); ordering puts runs
 * lacking the key last in both directions.
 */
public final class RunSearchSql {

  /**
   * String attributes and their columns. {@code run_id} and {@code run_name} as in MLflow, with its
   * alias {@code `Run name`} (keys are matched lower-cased).
   */
  private static final Map<String, String> STRING_ATTRIBUTES =
      Map.of(
          "run_id", "r.run_uuid",
          "run_uuid", "r.run_uuid",
          "run_name", "r.name",
          "run name", "r.name",
          "status", "r.status",
          "user_id", "r.user_id",
          "artifact_uri", "r.artifact_uri",
          "lifecycle_stage", "r.lifecycle_stage");

  /** Numeric (millisecond) attributes; {@code created} is MLflow's alias of start_time. */
  private static final Map<String, String> TIME_ATTRIBUTES =
      Map.of(
          "start_time", "r.start_time",
          "end_time", "r.end_time",
          "created", "r.start_time");

  private static final Map<String, String> DATASET_FIELDS =
      Map.of("name", "d.name", "digest", "d.digest");

  private final SqlDialect dialect;

  public RunSearchSql(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * A boolean SQL condition over {@code r} for the filter; {@code "TRUE"}-like empty condition
   * ({@code 1=1}) for a null or blank filter.
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE if the filter does not parse or uses an
   *     operator or value that does not suit its identifier
   */
  public SqlFragment where(String filter) {
    FilterExpr expr = FilterParser.parseFilter(filter);
    SqlBuilder b = new SqlBuilder(dialect);
    compileWhere(expr, b, filter, null);
    return b.build();
  }

  /**
   * The id queries of a run search, without LIMIT/OFFSET ({@code SELECT r.run_uuid FROM ...}) over
   * the given experiments, runs matching {@code lifecycleCondition} (SQL over {@code r}, from the
   * caller's constants) and the filter, in the order {@code orderBy} asks for.
   *
   * <p>{@link RunQuery#all} sorts every run of the experiments. When the first order key is a
   * metric, the runs that have a number for it come first in the order MLflow gives (runs with NaN,
   * then runs without the metric, come last): {@link RunQuery#first} lists those runs and starts
   * from {@code latest_metrics_experiment_key_value}, reading the metric's values in sort order and
   * stopping after a page instead of sorting every run (issue 9: {@code metrics.acc > 0.5} ordered
   * by {@code metrics.acc DESC} over 100k runs). {@link RunQuery#rest} lists the others; it is null
   * when the filter already requires the metric at its top level, so that no run lacks it.
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE for a filter or order_by that does not parse
   */
  public RunQuery select(
      List<Long> experimentIds, String lifecycleCondition, String filter, List<String> orderBy) {
    FilterExpr expr = FilterParser.parseFilter(filter);
    List<String> entries = orderBy == null ? List.<String>of() : orderBy;
    List<OrderTerm> terms = orderTerms(entries);
    SqlFragment all =
        general(experimentIds, lifecycleCondition, expr, filter, entries, terms, Rows.ALL);
    if (terms.isEmpty() || terms.get(0).identifier().type() != FilterExpr.EntityType.METRIC) {
      return new RunQuery(all, null, null);
    }
    String metric = terms.get(0).identifier().key();
    boolean required = requiresMetric(expr, metric);

    RunOrder order = order(entries, terms, true);
    SqlBuilder b = new SqlBuilder(dialect);
    // latest_metrics.experiment_id is a copy of the run's (runs never change experiment), so the
    // experiment condition is on the index the scan starts from
    b.append("SELECT r.run_uuid FROM latest_metrics o0 JOIN runs r ON r.run_uuid = o0.run_uuid")
        .fragment(order.joins())
        .append(" WHERE o0.experiment_id IN (");
    experimentList(b, experimentIds);
    b.append(") AND o0.metric_key = ").bind(metric).append(" AND o0.is_nan = FALSE");
    b.append(" AND ").append(lifecycleCondition).append(" AND (");
    compileWhere(expr, b, filter, required ? metric : null);
    SqlFragment first = b.append(") ORDER BY ").append(order.orderBy()).build();
    return new RunQuery(
        all,
        first,
        required
            ? null
            : general(
                experimentIds,
                lifecycleCondition,
                expr,
                filter,
                entries,
                terms,
                Rows.LACKING_FIRST_METRIC));
  }

  /**
   * The queries of one page of a run search paged by parent groups ({@code
   * TrackingStore#searchRunGroups}), over the same runs and in the same order as {@link #select}:
   * the page holds the groups of the top-level runs {@code offset + 1 .. offset + maxGroups}.
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE for a filter or order_by that does not parse
   */
  public GroupQuery groups(
      List<Long> experimentIds,
      String lifecycleCondition,
      String filter,
      List<String> orderBy,
      int maxGroups,
      long offset) {
    FilterExpr expr = FilterParser.parseFilter(filter);
    List<String> entries = orderBy == null ? List.<String>of() : orderBy;
    List<OrderTerm> terms = orderTerms(entries);
    SqlFragment topLevel =
        general(experimentIds, lifecycleCondition, expr, filter, entries, terms, Rows.TOP_LEVEL);
    SqlFragment roots =
        new SqlBuilder(dialect)
            .fragment(topLevel)
            .append(" LIMIT ")
            .bind(maxGroups + 1)
            .append(" OFFSET ")
            .bind(offset)
            .build();
    // Down from the page's top-level runs through index tags_parent_run (migration V9), so a page
    // costs its own runs, not the experiment's. CROSS JOIN keeps SQLite to that order: left to
    // choose, it may scan every run of the experiment for each run of the group (seconds at 100k
    // runs); PostgreSQL orders it as any join. The walk starts from the roots query's answer, so
    // the top-level search (which sorts the experiment's runs) runs once per page.
    RunOrder order = order(entries, terms, false);
    SqlBuilder walk = new SqlBuilder(dialect);
    walk.append(" UNION SELECT pt.run_uuid FROM grp CROSS JOIN tags pt")
        .append(" CROSS JOIN runs r WHERE pt.value = grp.run_uuid")
        .append(" AND pt.tag_key = " + PARENT_TAG_LITERAL + " AND r.run_uuid = pt.run_uuid AND ");
    matching(walk, experimentIds, lifecycleCondition, expr, filter);
    walk.append(") SELECT r.run_uuid FROM runs r")
        .fragment(order.joins())
        .append(" WHERE r.run_uuid IN (SELECT run_uuid FROM grp) ORDER BY ")
        .append(order.orderBy());
    return new GroupQuery(roots, maxGroups, walk.build(), dialect);
  }

  /**
   * One page of a run search by parent groups. {@code roots}: the page's top-level runs in search
   * order, plus the next one if any (so the caller knows whether a page follows); a run is
   * top-level when its parent run (tag {@link Run#PARENT_RUN_ID_TAG}) does not match or is the run
   * itself. {@link #members}: the page's top-level runs and every matching run below them, at any
   * depth, in search order.
   *
   * <p>Runs whose parent tags form a loop of two or more runs all have a matching parent, so none
   * of them is top-level and they are in no group; only tags set by hand can make such a loop
   * (MLflow clients name a run's parent when they create it).
   */
  public static final class GroupQuery {
    private final SqlFragment roots;
    private final int maxGroups;
    private final SqlFragment walkDown; // the members query after its list of top-level runs
    private final SqlDialect dialect;

    GroupQuery(SqlFragment roots, int maxGroups, SqlFragment walkDown, SqlDialect dialect) {
      this.roots = roots;
      this.maxGroups = maxGroups;
      this.walkDown = walkDown;
      this.dialect = dialect;
    }

    public SqlFragment roots() {
      return roots;
    }

    /**
     * The members query of the page whose roots query answered {@code rootIds} (in order; the extra
     * one that only says another page follows is left out here); {@code rootIds} is not empty.
     */
    public SqlFragment members(List<String> rootIds) {
      SqlBuilder b = new SqlBuilder(dialect);
      b.append("WITH RECURSIVE grp(run_uuid) AS (SELECT r.run_uuid FROM runs r");
      b.append(" WHERE r.run_uuid IN (");
      List<String> page = rootIds.subList(0, Math.min(rootIds.size(), maxGroups));
      for (int i = 0; i < page.size(); i++) {
        b.append(i == 0 ? "" : ", ").bind(page.get(i));
      }
      return b.append(")").fragment(walkDown).build();
    }
  }

  /**
   * The parent tag's key as a SQL literal, not a bind parameter: the partial index {@code
   * tags_parent_run} (migration V9) serves only queries whose text names its key.
   */
  private static final String PARENT_TAG_LITERAL = "'" + Run.PARENT_RUN_ID_TAG + "'";

  /** Which rows of the experiments {@link #general} lists. */
  private enum Rows {
    ALL,
    /** Those whose first order key, a metric, is NaN or missing. */
    LACKING_FIRST_METRIC,
    /** Those whose parent run does not match (see {@link GroupQuery}). */
    TOP_LEVEL
  }

  /** The query over the {@code rows} of the experiments, sorting them all. */
  private SqlFragment general(
      List<Long> experimentIds,
      String lifecycleCondition,
      FilterExpr expr,
      String filter,
      List<String> entries,
      List<OrderTerm> terms,
      Rows rows) {
    RunOrder order = order(entries, terms, false);
    SqlBuilder b = new SqlBuilder(dialect);
    b.append("SELECT r.run_uuid FROM runs r")
        .fragment(order.joins())
        .append(" WHERE r.experiment_id IN (");
    experimentList(b, experimentIds);
    b.append(") AND ").append(lifecycleCondition);
    if (rows == Rows.LACKING_FIRST_METRIC) {
      b.append(" AND (o0.run_uuid IS NULL OR o0.is_nan)");
    }
    b.append(" AND (");
    compileWhere(expr, b, filter, null);
    b.append(")");
    if (rows == Rows.TOP_LEVEL) {
      // The inner "runs r" hides the outer r, so the same condition, written over r, tests the
      // parent run; a run naming itself as its parent is top-level.
      b.append(" AND NOT EXISTS (SELECT 1 FROM tags pt WHERE pt.run_uuid = r.run_uuid")
          .append(" AND pt.tag_key = " + PARENT_TAG_LITERAL + " AND pt.value <> r.run_uuid")
          .append(" AND EXISTS (SELECT 1 FROM runs r WHERE r.run_uuid = pt.value AND ");
      matching(b, experimentIds, lifecycleCondition, expr, filter);
      b.append("))");
    }
    return b.append(" ORDER BY ").append(order.orderBy()).build();
  }

  /** The runs a search matches, as a condition over {@code r}: experiments, lifecycle, filter. */
  private void matching(
      SqlBuilder b,
      List<Long> experimentIds,
      String lifecycleCondition,
      FilterExpr expr,
      String filter) {
    b.append("r.experiment_id IN (");
    experimentList(b, experimentIds);
    b.append(") AND ").append(lifecycleCondition).append(" AND (");
    compileWhere(expr, b, filter, null);
    b.append(")");
  }

  /**
   * A run search: {@code all} lists every matching run in order. When {@code first} is not null,
   * the same list is every row of {@code first} followed by the rows of {@code rest} (none when
   * {@code rest} is null), so a page at offset {@code n} is a page of {@code first}, continued at
   * the start of {@code rest} when {@code first} runs out, or a page of {@code rest} at {@code n}
   * minus {@code first}'s row count.
   */
  public record RunQuery(SqlFragment all, SqlFragment first, SqlFragment rest) {}

  private static void experimentList(SqlBuilder b, List<Long> experimentIds) {
    for (int i = 0; i < experimentIds.size(); i++) {
      b.append(i == 0 ? "" : ", ").bind(experimentIds.get(i));
    }
  }

  /**
   * Whether every run the filter matches has metric {@code key} with a number (not NaN): true when
   * the filter is, or is an AND with a term that is, a comparison on that metric.
   */
  private static boolean requiresMetric(FilterExpr expr, String key) {
    if (expr instanceof Comparison c) {
      return isMetric(c, key);
    }
    if (expr instanceof FilterExpr.And and) {
      return and.terms().stream().anyMatch(t -> t instanceof Comparison c && isMetric(c, key));
    }
    return false;
  }

  private static boolean isMetric(Comparison c, String key) {
    return c.identifier().type() == FilterExpr.EntityType.METRIC
        && c.identifier().key().equals(key);
  }

  /**
   * The filter as SQL; with a {@code driving} metric (joined as {@code o0}), top-level comparisons
   * on it test {@code o0.value} directly, which bounds the index range the query scans.
   */
  private void compileWhere(FilterExpr expr, SqlBuilder b, String filter, String driving) {
    if (expr == null) {
      b.append("1 = 1");
    } else if (driving != null && expr instanceof Comparison c && isMetric(c, driving)) {
      b.numberComparison("o0.value", c, false, filter);
    } else if (driving != null && expr instanceof FilterExpr.And and) {
      b.append("(");
      for (int i = 0; i < and.terms().size(); i++) {
        b.append(i == 0 ? "" : " AND ");
        if (and.terms().get(i) instanceof Comparison c && isMetric(c, driving)) {
          b.numberComparison("o0.value", c, false, filter);
        } else {
          compile(and.terms().get(i), b, filter);
        }
      }
      b.append(")");
    } else {
      compile(expr, b, filter);
    }
  }

  private void compile(FilterExpr expr, SqlBuilder b, String filter) {
    if (expr instanceof FilterExpr.And and) {
      junction(and.terms(), " AND ", b, filter);
    } else if (expr instanceof FilterExpr.Or or) {
      junction(or.terms(), " OR ", b, filter);
    } else {
      comparison((Comparison) expr, b, filter);
    }
  }

  private void junction(List<FilterExpr> terms, String op, SqlBuilder b, String filter) {
    b.append("(");
    for (int i = 0; i < terms.size(); i++) {
      if (i > 0) {
        b.append(op);
      }
      compile(terms.get(i), b, filter);
    }
    b.append(")");
  }

  private void comparison(Comparison c, SqlBuilder b, String filter) {
    Identifier id = c.identifier();
    switch (id.type()) {
      case METRIC -> {
        // NaN is stored as value 0 with is_nan set (MLflow); it never satisfies a comparison.
        b.append("EXISTS (SELECT 1 FROM latest_metrics fm WHERE fm.run_uuid = r.run_uuid")
            .append(" AND fm.metric_key = ")
            .bind(id.key())
            .append(" AND fm.is_nan = FALSE AND ");
        b.numberComparison("fm.value", c, false, filter);
        b.append(")");
      }
      case PARAM -> {
        b.append("EXISTS (SELECT 1 FROM params fp WHERE fp.run_uuid = r.run_uuid")
            .append(" AND fp.param_key = ")
            .bind(id.key())
            .append(" AND ");
        b.stringComparison("fp.value", c, filter);
        b.append(")");
      }
      case TAG -> {
        b.append("EXISTS (SELECT 1 FROM tags ft WHERE ft.run_uuid = r.run_uuid")
            .append(" AND ft.tag_key = ")
            .bind(id.key())
            .append(" AND ");
        b.stringComparison("ft.value", c, filter);
        b.append(")");
      }
      case ATTRIBUTE -> {
        String key = id.key().toLowerCase(Locale.ROOT);
        String column = STRING_ATTRIBUTES.get(key);
        if (column != null) {
          b.stringComparison(column, c, filter);
        } else if ((column = TIME_ATTRIBUTES.get(key)) != null) {
          b.numberComparison(column, c, true, filter);
        } else {
          throw SqlBuilder.invalid(
              c,
              "unknown attribute '"
                  + id.key()
                  + "'; searchable attributes are run_id, run_name, status, user_id,"
                  + " artifact_uri, lifecycle_stage, start_time, end_time, created",
              filter);
        }
      }
      case DATASET -> {
        String key = id.key().toLowerCase(Locale.ROOT);
        b.append(
            "EXISTS (SELECT 1 FROM inputs fi JOIN datasets d ON d.dataset_uuid = fi.dataset_uuid");
        if (key.equals("context")) {
          // MLflow keeps a dataset's context ("training", "eval") as input tag mlflow.data.context.
          b.append(" JOIN input_tags fit ON fit.input_uuid = fi.input_uuid")
              .append(" AND fit.tag_key = 'mlflow.data.context'")
              .append(" WHERE fi.run_uuid = r.run_uuid AND ");
          b.stringComparison("fit.value", c, filter);
        } else if (DATASET_FIELDS.containsKey(key)) {
          b.append(" WHERE fi.run_uuid = r.run_uuid AND ");
          b.stringComparison(DATASET_FIELDS.get(key), c, filter);
        } else {
          throw SqlBuilder.invalid(
              c,
              "unknown dataset field '"
                  + id.key()
                  + "'; use dataset.name, dataset.digest or"
                  + " dataset.context",
              filter);
        }
        b.append(")");
      }
    }
  }

  /**
   * The ORDER BY of a run search: LEFT JOINs (aliased {@code o0, o1, ...}) that bring the sort
   * values next to {@code r}, and the ORDER BY list that uses them. MLflow's tie-breakers ({@code
   * start_time DESC, run_uuid ASC}) always come last, so paging is stable.
   */
  public RunOrder orderBy(List<String> orderBy) {
    List<String> entries = orderBy == null ? List.<String>of() : orderBy;
    return order(entries, orderTerms(entries), false);
  }

  private static List<OrderTerm> orderTerms(List<String> entries) {
    checkOrderByCount(entries);
    List<OrderTerm> terms = new ArrayList<>();
    for (String entry : entries) {
      terms.add(FilterParser.parseOrderBy(entry));
    }
    return terms;
  }

  /**
   * The order of {@link #orderBy}; with {@code drivingFirst} the first term is a metric the query
   * reads as {@code o0} in its FROM (see {@link #select}) and every row has a number for it.
   */
  private RunOrder order(List<String> entries, List<OrderTerm> terms, boolean drivingFirst) {
    SqlBuilder joins = new SqlBuilder(dialect);
    List<String> keys = new ArrayList<>();
    boolean startTimeSeen = false;
    int alias = 0;
    for (int t = 0; t < terms.size(); t++) {
      String entry = entries.get(t);
      OrderTerm term = terms.get(t);
      Identifier id = term.identifier();
      String dir = term.ascending() ? " ASC" : " DESC";
      if (t == 0 && drivingFirst) {
        keys.add("o" + alias++ + ".value" + dir);
        continue;
      }
      switch (id.type()) {
        case METRIC -> {
          String o = "o" + alias++;
          joins
              .append(" LEFT JOIN latest_metrics " + o + " ON " + o + ".run_uuid = r.run_uuid")
              .append(" AND " + o + ".metric_key = ")
              .bind(id.key());
          // missing key last, then NaN (MLflow sorts NaN after numbers), then the value
          keys.add(
              "CASE WHEN "
                  + o
                  + ".run_uuid IS NULL THEN 2 WHEN "
                  + o
                  + ".is_nan THEN 1"
                  + " ELSE 0 END ASC");
          keys.add(o + ".value" + dir);
        }
        case PARAM, TAG -> {
          String o = "o" + alias++;
          String table = id.type() == FilterExpr.EntityType.PARAM ? "params" : "tags";
          String keyColumn = id.type() == FilterExpr.EntityType.PARAM ? "param_key" : "tag_key";
          joins
              .append(" LEFT JOIN " + table + " " + o + " ON " + o + ".run_uuid = r.run_uuid")
              .append(" AND " + o + "." + keyColumn + " = ")
              .bind(id.key());
          keys.add("CASE WHEN " + o + ".run_uuid IS NULL THEN 1 ELSE 0 END ASC");
          keys.add(o + ".value" + dir);
        }
        case ATTRIBUTE -> {
          String key = id.key().toLowerCase(Locale.ROOT);
          String column = STRING_ATTRIBUTES.get(key);
          if (column == null) {
            column = TIME_ATTRIBUTES.get(key);
          }
          if (column == null) {
            throw TrackingException.invalid(
                "Invalid order_by clause '"
                    + entry
                    + "': unknown attribute '"
                    + id.key()
                    + "'; use run_name, start_time, end_time, status, user_id, run_id,"
                    + " artifact_uri or metrics./params./tags.<key>");
          }
          if (column.equals("r.start_time")) {
            startTimeSeen = true;
          }
          keys.add("CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END ASC");
          keys.add(column + dir);
        }
        case DATASET ->
            throw TrackingException.invalid(
                "Invalid order_by clause '" + entry + "': runs cannot be ordered by dataset");
      }
    }
    if (!startTimeSeen) {
      keys.add("r.start_time DESC");
    }
    keys.add("r.run_uuid ASC");
    return new RunOrder(joins.build(), String.join(", ", keys));
  }

  /** LEFT JOINs to add after {@code FROM runs r}, and the ORDER BY list (without the keywords). */
  public record RunOrder(SqlFragment joins, String orderBy) {}

  /** Each metric or param term joins a table: SQLite refuses a statement past 64. */
  static final int MAX_ORDER_BY = 20;

  private static void checkOrderByCount(List<String> entries) {
    if (entries.size() > MAX_ORDER_BY) {
      throw TrackingException.invalid(
          "Invalid order_by: at most " + MAX_ORDER_BY + " clauses, got " + entries.size());
    }
  }
}
