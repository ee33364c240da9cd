package dev.trackbook.server.ui.bench;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import dev.trackbook.server.ui.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The UI benchmarks of issue 4, as a harness (not a timed test): an experiment with 100k runs shows
 * its first page, and a metric with 1M points draws, each in a real headless Chromium against a
 * real server on SQLite. Each figure is printed next to a baseline measured in the same run (the
 * same page on a small experiment / a small metric), plus the bare REST call behind it.
 *
 * <pre>
 * cd tracking-server && mvn -o -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.trackbook.server.ui.bench.UiBenchmark [-Dexec.args="100000 1000000"]
 * </pre>
 */
public final class UiBenchmark {
  private static final int REPEATS = 5;
  private static final double TARGET_MS = 1000;

  private UiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runCount = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int pointCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path dir = Files.createTempDirectory("trackbook-ui-bench-");
    try (TrackingStore store = StoreFactory.open("sqlite:" + dir.resolve("bench.db"))) {
      long t0 = System.nanoTime();
      String big = fillExperiment(store, "bench-runs-" + runCount, runCount);
      String small = fillExperiment(store, "bench-runs-100", 100);
      String bigMetric = metricRun(store, "bench-points", pointCount);
      String smallMetric = metricRun(store, "bench-points-small", 1000);
      System.out.printf(
          "data: %d runs and a %d-point metric logged in %.1f s%n",
          runCount, pointCount, (System.nanoTime() - t0) / 1e9);

      TrackingServer server =
          TrackingServer.create(
                  ServerConfig.defaults().withPort(0),
                  store,
                  new LocalArtifactRepository(dir.resolve("artifacts")),
                  Clock.systemUTC())
              .start();
      try (HeadlessChromium chromium = new HeadlessChromium(1400, 1000)) {
        ChromeDriver driver = chromium.driver();
        driver.get(server.url() + "/#/");
        String rows = "#runs-table tbody tr";
        double[] bigPage = timeInPage(driver, "#/experiments/" + big, rows, 50);
        double[] smallPage = timeInPage(driver, "#/experiments/" + small, rows, 50);
        // the call the runs page makes
        double[] rest = timeRest(server, "trackbook/runs/search-groups", searchBody(big));
        report("first page of runs, " + runCount + " runs", bigPage, smallPage, "100 runs", rest);

        String chart = ".chart[data-state='ready']";
        double[] bigChart = timeInPage(driver, "#/runs/" + bigMetric, chart, 1);
        double[] smallChart = timeInPage(driver, "#/runs/" + smallMetric, chart, 1);
        double[] sample =
            timeRest(
                server,
                "mlflow/metrics/get-history-bulk-interval?metric_key=loss&max_results=1000&run_ids="
                    + bigMetric,
                null);
        report(
            "metric chart drawn, " + pointCount + " points",
            bigChart,
            smallChart,
            "1000 points",
            sample);
      } finally {
        server.stop();
      }
    }
  }

  private static String fillExperiment(TrackingStore store, String name, int runs) {
    String exp = store.createExperiment(name, null, List.of());
    long start = System.currentTimeMillis() - runs * 1000L;
    for (int i = 0; i < runs; i++) {
      Run run = store.createRun(exp, "bench", start + i * 1000L, "run-" + i, List.of());
      store.logBatch(
          run.info().runId(),
          List.of(
              new Metric("acc", (i % 1000) / 1000.0, start + i, 0),
              new Metric("loss", 1.0 / (i + 1), start + i, 0)),
          List.of(
              new Param("lr", String.valueOf(0.001 * (i % 10 + 1))),
              new Param("model", i % 2 == 0 ? "cnn" : "mlp"),
              new Param("seed", String.valueOf(i))),
          List.of());
    }
    return exp;
  }

  private static String metricRun(TrackingStore store, String name, int points) {
    String exp = store.createExperiment(name, null, List.of());
    String runId =
        store.createRun(exp, "bench", System.currentTimeMillis(), name, List.of()).info().runId();
    long ts = System.currentTimeMillis();
    List<Metric> batch = new ArrayList<>(1000);
    for (int step = 0; step < points; step++) {
      batch.add(
          new Metric(
              "loss", Math.exp(-step / (points / 5.0)) + (step % 97) / 970.0, ts + step, step));
      if (batch.size() == 1000) {
        store.logBatch(runId, batch, List.of(), List.of());
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.logBatch(runId, batch, List.of(), List.of());
    }
    return runId;
  }

  /**
   * Milliseconds from an in-app navigation (hash change, the app already loaded) until at least
   * {@code count} elements match, plus one animation frame so what matched has been painted.
   */
  private static double[] timeInPage(ChromeDriver driver, String hash, String selector, int count) {
    double[] ms = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      driver.executeScript("location.hash = '#/';");
      driver.executeAsyncScript(
          "const done = arguments[0];"
              + "const wait = () => document.querySelector('#experiments-table, .empty')"
              + "  ? done() : requestAnimationFrame(wait); wait();");
      Object result =
          driver.executeAsyncScript(
              "const [hash, sel, n, done] = arguments; const t0 = performance.now();"
                  + "location.hash = hash;"
                  + "const check = () => document.querySelectorAll(sel).length >= n"
                  + "  ? requestAnimationFrame(() => done(performance.now() - t0))"
                  + "  : requestAnimationFrame(check);"
                  + "check();",
              hash,
              selector,
              count);
      ms[i] = ((Number) result).doubleValue();
    }
    return ms;
  }

  private static double[] timeRest(TrackingServer server, String path, String postBody)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    double[] ms = new double[REPEATS];
    for (int i = 0; i < REPEATS; i++) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(server.url() + "/ajax-api/2.0/" + path));
      if (postBody != null) {
        req.header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(postBody));
      }
      long t0 = System.nanoTime();
      HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      ms[i] = (System.nanoTime() - t0) / 1e6;
      if (res.statusCode() != 200) {
        throw new IllegalStateException(path + " answered " + res.statusCode() + ": " + res.body());
      }
    }
    return ms;
  }

  private static String searchBody(String experimentId) {
    return "{\"experiment_ids\":[\"" + experimentId + "\"],\"max_results\":50}";
  }

  private static void report(
      String what, double[] measured, double[] baseline, String baselineName, double[] rest) {
    double median = median(measured);
    System.out.printf(
        "%-40s median %7.1f ms (min %.1f, max %.1f) | baseline %s %7.1f ms | REST call alone"
            + " %7.1f ms | target <= %.0f ms: %s%n",
        what,
        median,
        Arrays.stream(measured).min().orElse(0),
        Arrays.stream(measured).max().orElse(0),
        baselineName,
        median(baseline),
        median(rest),
        TARGET_MS,
        median <= TARGET_MS ? "MET" : "MISSED");
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
