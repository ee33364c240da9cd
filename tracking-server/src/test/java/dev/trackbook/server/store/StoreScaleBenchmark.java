package dev.trackbook.server.store;

import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Scale benchmark of the store, not a test (timing belongs here, not in unit tests): a 1M-point
 * metric sampled by get-history-bulk-interval, and run search/order over many runs. Run with
 *
 * <pre>
 * mvn -pl tracking-server test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.trackbook.server.store.StoreScaleBenchmark -Dexec.args="sqlite 100000"
 * </pre>
 *
 * The first argument is {@code sqlite} or {@code postgresql}, the second the number of runs.
 */
public final class StoreScaleBenchmark {
  private StoreScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "sqlite";
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int points = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    Path dir = Files.createTempDirectory("trackbook-bench");
    String uri =
        backend.equals("sqlite")
            ? "sqlite:" + dir.resolve("bench.db")
            : EmbeddedPostgres.createDatabase();
    try (TrackingStore store = StoreFactory.open(uri)) {
      String exp = store.createExperiment("bench", null, List.of());

      String big = store.createRun(exp, "u", 0, "big", List.of()).info().runId();
      time(
          "log " + points + " points of one metric",
          () -> {
            List<Metric> batch = new ArrayList<>(1000);
            for (int i = 0; i < points; i++) {
              batch.add(new Metric("loss", Math.exp(-i / 1e5), i, i));
              if (batch.size() == 1000) {
                store.logBatch(big, batch, List.of(), List.of());
                batch.clear();
              }
            }
            return points;
          });
      for (int i = 0; i < 3; i++) {
        time(
            "bulk-interval sample of 1000 from " + points,
            () ->
                store.getMetricHistoryBulkInterval(List.of(big), "loss", null, null, 1000).size());
      }

      time(
          "create " + runs + " runs with 2 metrics, 1 param, 1 tag",
          () -> {
            for (int i = 0; i < runs; i++) {
              String id = store.createRun(exp, "u", i, "run-" + i, List.of()).info().runId();
              store.logBatch(
                  id,
                  List.of(
                      new Metric("acc", (i * 7919 % 1000) / 1000.0, i, 0),
                      new Metric("f1", i, i, 0)),
                  List.of(new Param("lr", i % 2 == 0 ? "0.01" : "0.1")),
                  List.of(new Tag("team", i % 3 == 0 ? "red" : "blue")));
            }
            return runs;
          });
      for (int i = 0; i < 3; i++) {
        time(
            "search default order, page of 100",
            () ->
                store
                    .searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 100, null, null)
                    .items()
                    .size());
        time(
            "search metrics.acc > 0.9 AND params.lr = '0.01' OR tags.team = 'red'",
            () ->
                store
                    .searchRuns(
                        List.of(exp),
                        "metrics.acc > 0.9 AND params.lr = '0.01' OR tags.team = 'red'",
                        ViewType.ACTIVE_ONLY,
                        100,
                        null,
                        null)
                    .items()
                    .size());
        time(
            "order by metrics.acc DESC, page of 100",
            () ->
                store
                    .searchRuns(
                        List.of(exp),
                        null,
                        ViewType.ACTIVE_ONLY,
                        100,
                        List.of("metrics.acc DESC"),
                        null)
                    .items()
                    .size());
        time("getRun", () -> store.getRun(big).data().metrics().size());
      }
    }
    System.exit(0); // stops the embedded PostgreSQL through its shutdown hook
  }

  private static void time(String what, Supplier<Integer> work) {
    long t0 = System.nanoTime();
    int n = work.get();
    System.out.printf("%-75s %8d ms (%d)%n", what, (System.nanoTime() - t0) / 1_000_000, n);
  }
}
