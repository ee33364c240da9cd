package dev.trackbook.server.store;

import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.search.PageTokens;
import dev.trackbook.server.search.RunSearchSql;
import dev.trackbook.server.search.SqlDialect;
import dev.trackbook.server.search.SqlFragment;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Issue 9's search scenario on the store alone, not a test: {@code metrics.acc > 0.5} ordered by
 * {@code metrics.acc DESC}, pages of 100, over an experiment of N runs (plus a second experiment
 * that logs the same metric; 1 in 20 runs without the metric, 1 in 50 deleted), and the same order
 * without a filter. In the same run it times the run-id query the store ran before (every run of
 * the experiment joined and sorted: {@link RunSearchSql.RunQuery#all}, the general path) against
 * {@code searchRuns} now, which also loads the 100 runs (so the ratio understates the gain), checks
 * both give the same page, and prints the plans. Run with
 *
 * <pre>
 * mvn -o -pl tracking-server test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.trackbook.server.store.RunSearchBenchmark -Dexec.args="sqlite 100000"
 * </pre>
 *
 * The first argument is {@code sqlite} or {@code postgresql}, the second the number of runs.
 */
public final class RunSearchBenchmark {
  private static final List<String> ORDER = List.of("metrics.acc DESC");
  private static final int REPEATS = 15;

  private RunSearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "sqlite";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    boolean sqlite = backend.equals("sqlite");
    Path dir = Files.createTempDirectory("trackbook-search-bench");
    String uri = sqlite ? "sqlite:" + dir.resolve("bench.db") : EmbeddedPostgres.createDatabase();
    String jdbc =
        sqlite
            ? "jdbc:sqlite:" + dir.resolve("bench.db")
            : EmbeddedPostgres.get().jdbcUrl(uri.substring(uri.lastIndexOf('/') + 1));
    SqlDialect dialect = sqlite ? SqlDialect.SQLITE : SqlDialect.POSTGRESQL;
    try (TrackingStore store = StoreFactory.open(uri)) {
      String exp = store.createExperiment("bench", null, List.of());
      String other = store.createExperiment("other", null, List.of());
      long t0 = System.nanoTime();
      populate(store, exp, runs, 1);
      populate(store, other, runs / 10, 2);
      System.out.printf(
          "%s: %d + %d runs created in %.1f s%n",
          backend, runs, runs / 10, (System.nanoTime() - t0) / 1e9);

      try (Connection c = DriverManager.getConnection(jdbc)) {
        Scenario scenario = new Scenario(store, c, new RunSearchSql(dialect), sqlite, exp);
        scenario.run("metrics.acc > 0.5", 0, 10_000);
        // no filter: runs without acc (1 in 20) come after the others; the last offsets cross
        // into them and page through them
        long withAcc = runs - runs / 50 - runs / 20;
        scenario.run(null, 0, 10_000, withAcc - 50, withAcc + 1000);
      }
    }
    System.exit(0); // stops the embedded PostgreSQL through its shutdown hook
  }

  /** Times one filter ordered by metrics.acc DESC, before and after, at the given offsets. */
  private record Scenario(
      TrackingStore store, Connection c, RunSearchSql search, boolean sqlite, String exp) {
    void run(String filter, long... offsets) throws Exception {
      List<Long> ids = List.of(Long.parseLong(exp));
      String lifecycle = "r.lifecycle_stage = 'active'";
      RunSearchSql.RunQuery after = search.select(ids, lifecycle, filter, ORDER);
      // the query the store ran before: every run of the experiment joined and sorted
      SqlFragment before = after.all();
      System.out.println("== filter " + filter + ", order by metrics.acc DESC");
      plan(c, sqlite, "before", before);
      plan(c, sqlite, "after, first", after.first());
      if (after.rest() != null) {
        plan(c, sqlite, "after, rest", after.rest());
      }
      for (long offset : offsets) {
        String token =
            offset == 0
                ? null
                : PageTokens.encode(
                    offset, "runs", List.of(exp), ViewType.ACTIVE_ONLY, filter, ORDER);
        List<String> expected = page(c, before, offset);
        List<String> got =
            store
                .searchRuns(List.of(exp), filter, ViewType.ACTIVE_ONLY, 100, ORDER, token)
                .items()
                .stream()
                .map(r -> r.info().runId())
                .toList();
        if (!expected.subList(0, 100).equals(got)) {
          throw new IllegalStateException("the store disagrees at offset " + offset);
        }
        double msBefore = median(() -> page(c, before, offset));
        double msAfter =
            median(
                () ->
                    store.searchRuns(
                        List.of(exp), filter, ViewType.ACTIVE_ONLY, 100, ORDER, token));
        System.out.printf(
            "offset %6d: before (id query) %8.2f ms, after (searchRuns, with 100 runs loaded)"
                + " %8.2f ms: %.1fx%n",
            offset, msBefore, msAfter, msBefore / msAfter);
      }
    }
  }

  /**
   * N runs with a uniform random acc (as TrackingLoadBenchmark), one param and tag; 1 in 20 without
   * acc, 1 in 50 deleted.
   */
  private static void populate(TrackingStore store, String exp, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      String id = store.createRun(exp, "u", i, "run-" + i, List.of()).info().runId();
      double acc = random.nextDouble();
      store.logBatch(
          id,
          i % 20 == 1 ? List.of() : List.of(new Metric("acc", acc, 0, 0)),
          List.of(new Param("lr", i % 2 == 0 ? "0.01" : "0.1")),
          List.of(new Tag("team", i % 3 == 0 ? "red" : "blue")));
      if (i % 50 == 0) {
        store.deleteRun(id);
      }
    }
  }

  private static List<String> page(Connection c, SqlFragment query, long offset)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query.sql() + " LIMIT 101 OFFSET " + offset)) {
      bind(ps, query.params());
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  private static void plan(Connection c, boolean sqlite, String label, SqlFragment query)
      throws SQLException {
    String explain = sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ";
    System.out.println(label + ": " + query.sql());
    try (PreparedStatement ps = c.prepareStatement(explain + query.sql() + " LIMIT 101")) {
      bind(ps, query.params());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          System.out.println("  " + rs.getString(sqlite ? 4 : 1));
        }
      }
    }
  }

  private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }

  private interface Work {
    Object run() throws Exception;
  }

  private static double median(Work work) throws Exception {
    double[] ms = new double[REPEATS];
    for (int i = -3; i < REPEATS; i++) { // 3 warm-up calls
      long t0 = System.nanoTime();
      work.run();
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(ms);
    return ms[REPEATS / 2];
  }
}
