package dev.trackbook.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.testsupport.HeldArtifacts;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (headless Debian Chromium) against a real {@link TrackingServer} on
 * SQLite in a temp dir. Everything shown was logged over the REST API first, as a client would.
 * Screenshots land in target/ui-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiBrowserIT {
  /** An HTML/JS payload: it must show as text and never run. */
  static final String PAYLOAD = "<img src=x onerror=alert(1)>";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** chart.js PALETTE[0] and [1]: the first and second run's curve. */
  private static final int[] FIRST_CURVE = {0x1f, 0x77, 0xb4};

  private static final int[] SECOND_CURVE = {0xff, 0x7f, 0x0e};

  private final HttpClient http = HttpClient.newHttpClient();
  private WebUiFixture ui;
  private TrackingServer server;
  private HeldArtifacts artifacts;
  private HeadlessChromium chromium;
  private ChromeDriver driver;

  @BeforeAll
  void start() throws Exception {
    ui =
        WebUiFixture.start(
            SqliteTestServer.start(
                "trackbook-ui-it-", local -> artifacts = new HeldArtifacts(local)),
            1400,
            1800);
    server = ui.server().server();
    chromium = ui.chromium();
    driver = ui.driver();
  }

  @AfterAll
  void stop() throws Exception {
    ui.close();
  }

  @AfterEach
  void noScriptErrorsOrCspViolations() {
    assertThat(chromium.pageErrors()).isEmpty();
  }

  @Test
  void aRunLoggedOverRestAppearsInItsExperiment() throws Exception {
    String exp = createExperiment("ui-it-appears");
    String runId = createRun(exp, "logged-over-rest");
    logBatch(runId, List.of(metric("acc", 0.93, 0)), List.of(param("lr", "0.01")), List.of());

    open("#/");
    WebElement link = waitFor(By.xpath("//a[@class='experiment-link' and text()='ui-it-appears']"));
    link.click();
    WebElement runLink = waitFor(By.cssSelector("#runs-table a.run-link"));
    assertThat(runLink.getText()).isEqualTo("logged-over-rest");
    WebElement row = driver.findElement(By.cssSelector("#runs-table tbody tr"));
    assertThat(row.getText()).contains("RUNNING", "0.01", "0.93");
    chromium.screenshot("runs-table");

    runLink.click();
    waitFor(By.cssSelector("#params-table"));
    assertThat(driver.findElement(By.cssSelector("#params-table")).getText())
        .contains("lr", "0.01");
    assertThat(driver.findElement(By.cssSelector("#metrics-table")).getText())
        .contains("acc", "0.93");
  }

  @Test
  void aRunsUserShowsFromItsMlflowUserTagWhenItsInfoHasNone() throws Exception {
    // Runs that Trackbook's client logged before it sent user_id carry only the tag, as MLflow's
    // UI reads it: the User column and the run page showed nothing.
    String exp = createExperiment("ui-it-user");
    String runId = createRun(exp, "tagged-user");
    logBatch(runId, List.of(), List.of(), List.of(tag("mlflow.user", "ada")));

    open("#/experiments/" + exp);
    waitForRows(1);
    assertThat(driver.findElement(By.cssSelector("#runs-table tbody tr")).getText())
        .contains("ada");
    open("#/runs/" + runId);
    WebElement user =
        waitFor(By.xpath("//dl[@class='facts']/dt[text()='User']/following-sibling::dd[1]"));
    assertThat(user.getText()).isEqualTo("ada");
  }

  @Test
  void theFilterNarrowsTheTableIncludingOr() throws Exception {
    String exp = createExperiment("ui-it-filter");
    for (String model : List.of("cnn", "mlp", "rnn")) {
      String runId = createRun(exp, "run-" + model);
      logBatch(runId, List.of(), List.of(param("model", model)), List.of());
    }
    open("#/experiments/" + exp);
    waitForRows(3);

    filter("params.model = 'cnn' OR params.model = 'rnn'");
    assertThat(waitForRows(2)).containsExactlyInAnyOrder("run-cnn", "run-rnn");
    chromium.screenshot("runs-filter-or");

    filter("params.model = 'mlp'");
    assertThat(waitForRows(1)).containsExactly("run-mlp");

    // A filter the server cannot parse shows the server's message, not a stack trace.
    filter("params.model === 'x'");
    WebElement error = waitFor(By.cssSelector(".table-box .error"));
    assertThat(error.getText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void sortingAndPagingGoThroughTheServer() throws Exception {
    String exp = createExperiment("ui-it-paging");
    for (int i = 0; i < 30; i++) {
      String runId = createRun(exp, String.format("r%02d", i));
      // A permutation of 0..29 unrelated to creation order (the default sort), so a sorted
      // table can only come from order_by.
      logBatch(runId, List.of(metric("score", (7 * i) % 30, 0)), List.of(), List.of());
    }
    open("#/experiments/" + exp + "?size=25");
    assertThat(waitForRows(25)).hasSize(25);
    driver.findElement(By.id("page-next")).click();
    assertThat(waitForRows(5)).hasSize(5);
    driver.findElement(By.id("page-prev")).click();
    waitForRows(25);

    // Sorting by a metric column asks the server (order_by metrics.score), so it holds across
    // pages.
    By scoreHeader = By.xpath("//table[@id='runs-table']//th//button[starts-with(., 'score')]");
    waitFor(scoreHeader).click();
    assertThat(waitForRowsStartingWith("r17")).startsWith("r17", "r04", "r21").hasSize(25);
    waitFor(scoreHeader).click();
    assertThat(waitForRowsStartingWith("r00")).startsWith("r00", "r13", "r26").hasSize(25);
    driver.findElement(By.id("page-next")).click();
    assertThat(waitForRows(5)).containsExactly("r25", "r08", "r21", "r04", "r17");
    chromium.screenshot("runs-sorted-page-2");
  }

  @Test
  void nestedRunsSitUnderTheirParentBehindAToggle() throws Exception {
    String exp = createExperiment("ui-it-nested");
    long t0 = System.currentTimeMillis();
    String parent = createRun(exp, "sweep", t0);
    String a = createRun(exp, "trial-a", t0 + 1000);
    String bName = "trial-b " + PAYLOAD;
    String b = createRun(exp, bName, t0 + 2000);
    createRun(exp, "solo", t0 + 3000);
    logBatch(
        a,
        List.of(metric("acc", 0.8, 0)),
        List.of(param("lr", "0.1")),
        List.of(tag("mlflow.parentRunId", parent)));
    logBatch(
        b,
        List.of(metric("acc", 0.9, 0)),
        List.of(param("lr", "0.01")),
        List.of(tag("mlflow.parentRunId", parent)));

    // Newest first (the default order): the children sit behind their parent's toggle.
    open("#/experiments/" + exp);
    assertThat(waitForRows(2)).containsExactly("solo", "sweep");
    List<WebElement> toggles = driver.findElements(By.cssSelector("#runs-table .run-toggle"));
    assertThat(toggles).hasSize(1);
    WebElement toggle = toggles.get(0);
    assertThat(toggle.findElement(By.xpath("ancestor::tr")).getAttribute("data-run-id"))
        .isEqualTo(parent);
    assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
    assertThat(toggle.getText()).contains("2");

    toggle.click();
    assertThat(waitForRows(4)).containsExactly("solo", "sweep", bName, "trial-a");
    List<WebElement> children = driver.findElements(By.cssSelector("#runs-table tr.child-run"));
    assertThat(children).extracting(r -> r.getAttribute("data-run-id")).containsExactly(b, a);
    assertThat(children).allSatisfy(r -> assertThat(r.getAttribute("data-depth")).isEqualTo("1"));
    assertNoAlertAndNoInjectedImage();
    chromium.screenshot("runs-nested");

    // Sorting sorts the parents, and the children under their parent the same way.
    By runHeader = By.xpath("//table[@id='runs-table']//th//button[starts-with(., 'Run')]");
    waitFor(runHeader).click();
    waitForNames(List.of("sweep", bName, "trial-a", "solo"));
    waitFor(runHeader).click();
    waitForNames(List.of("solo", "sweep", "trial-a", bName));

    // Child rows select for comparison; the back button returns to the expanded parent.
    for (String child : List.of(a, b)) {
      driver
          .findElement(By.cssSelector("#runs-table tr[data-run-id='" + child + "'] input"))
          .click();
    }
    driver.findElement(By.id("compare-button")).click();
    assertThat(waitFor(By.id("diff-table")).getText()).contains("lr", "0.1", "0.01");
    driver.navigate().back();
    waitForNames(List.of("solo", "sweep", "trial-a", bName));

    // A child whose parent the filter leaves out is a top-level row.
    filter("attributes.run_name = 'trial-a'");
    assertThat(waitForRows(1)).containsExactly("trial-a");
    assertThat(driver.findElements(By.cssSelector("#runs-table .run-toggle"))).isEmpty();
    assertThat(driver.findElements(By.cssSelector("#runs-table tr.child-run"))).isEmpty();

    // Collapsing hides the children again.
    filter("");
    waitForRows(4);
    driver.findElement(By.cssSelector("#runs-table .run-toggle")).click();
    assertThat(waitForRows(2)).containsExactly("solo", "sweep");
  }

  @Test
  void aPageNeverSplitsAParentFromItsChildren() throws Exception {
    String exp = createExperiment("ui-it-groups");
    long t0 = System.currentTimeMillis() - 100_000;
    String parent = createRun(exp, "sweep", t0);
    List<String> trials = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String trial = createRun(exp, String.format("trial-%02d", i), t0 + 1 + i);
      logBatch(trial, List.of(), List.of(), List.of(tag("mlflow.parentRunId", parent)));
      trials.add(0, String.format("trial-%02d", i));
    }
    for (int i = 0; i < 25; i++) {
      createRun(exp, String.format("solo-%02d", i), t0 + 1000 + i);
    }
    // Newest first: 25 solo runs, then the 30 trials, then their parent. Paged by run, page 2
    // showed 25 trials without their parent and page 3 the parent with the other five.
    open("#/experiments/" + exp + "?size=25");
    assertThat(waitForRows(25)).allMatch(name -> name.startsWith("solo-"));
    driver.findElement(By.id("page-next")).click();
    assertThat(waitForRows(1)).containsExactly("sweep");
    WebElement toggle = driver.findElement(By.cssSelector("#runs-table .run-toggle"));
    assertThat(toggle.getText()).contains("30");
    assertThat(driver.findElement(By.id("page-next")).isEnabled()).isFalse();
    toggle.click();
    List<String> all = new ArrayList<>(List.of("sweep"));
    all.addAll(trials);
    waitForNames(all);
    chromium.screenshot("runs-group-page-2");
  }

  @Test
  void theDefaultColumnsAreTheParamsThatVaryAndTheMetricsTheRunsShare() throws Exception {
    String exp = createExperiment("ui-it-default-columns");
    for (int i = 0; i < 3; i++) {
      String runId = createRun(exp, "run-" + i);
      List<Map<String, Object>> params = new ArrayList<>();
      for (String k : List.of("a_const", "b_const", "c_const", "d_const", "e_const")) {
        params.add(param(k, "same"));
      }
      params.add(param("zz_varying", "v" + i));
      List<Map<String, Object>> metrics = new ArrayList<>();
      metrics.add(metric("z_shared", i, 0));
      if (i == 0) {
        // metrics of one run only, alphabetically before the shared one
        for (char c = 'a'; c <= 'i'; c++) {
          metrics.add(metric(c + "_once", 1, 0));
        }
      }
      logBatch(runId, metrics, params, List.of());
    }
    open("#/experiments/" + exp);
    waitForRows(3);
    assertThat(headers("col-p")).containsExactly("zz_varying");
    assertThat(headers("col-m")).contains("z_shared").doesNotContain("h_once", "i_once");

    // The column picker still adds columns, and gives the default back.
    driver.findElement(By.cssSelector("details.columns summary")).click();
    driver
        .findElement(By.xpath("//details[@class='columns']//label[normalize-space(.)='a_const']"))
        .click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> headers("col-p").equals(List.of("zz_varying", "a_const")));
    waitFor(By.id("columns-reset")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> headers("col-p").equals(List.of("zz_varying")));
    chromium.screenshot("runs-default-columns");
  }

  @Test
  void aSweepParentsOwnMetricsAreDefaultColumnsAheadOfItsChildrens() throws Exception {
    String exp = createExperiment("ui-it-parent-columns");
    long t0 = System.currentTimeMillis();
    String parent = createRun(exp, "sweep", t0);
    logBatch(parent, List.of(metric("best_acc", 0.9, 0)), List.of(), List.of());
    for (int i = 0; i < 3; i++) {
      String trial = createRun(exp, "trial-" + i, t0 + 1 + i);
      List<Map<String, Object>> metrics = new ArrayList<>();
      // more keys than the default shows, each logged by more runs than the parent's
      for (int k = 0; k < 9; k++) {
        metrics.add(metric("a_" + k, i + k, 0));
      }
      logBatch(trial, metrics, List.of(), List.of(tag("mlflow.parentRunId", parent)));
    }
    open("#/experiments/" + exp);
    assertThat(waitForRows(1)).containsExactly("sweep");
    // The collapsed parent is what the page shows: its metric has a column, and its value.
    assertThat(headers("col-m")).hasSize(8).contains("best_acc");
    assertThat(driver.findElement(By.cssSelector("#runs-table tbody tr")).getText())
        .contains("0.9");
    chromium.screenshot("runs-parent-columns");
  }

  @Test
  void aNestedRunsPageLinksToItsParent() throws Exception {
    String exp = createExperiment("ui-it-parent-link");
    String parentName = "sweep " + PAYLOAD;
    String parent = createRun(exp, parentName);
    String child = createRun(exp, "trial");
    logBatch(child, List.of(), List.of(), List.of(tag("mlflow.parentRunId", parent)));

    open("#/runs/" + child);
    WebElement link = waitFor(By.id("parent-run-link"));
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> link.getText().equals(parentName));
    assertNoAlertAndNoInjectedImage();
    link.click();
    waitForText(By.tagName("h1"), t -> t.startsWith(parentName));
    // a top-level run has no parent row
    assertThat(driver.findElements(By.id("parent-run-link"))).isEmpty();
  }

  @Test
  void aDeletedRunsPageSaysItIsDeleted() throws Exception {
    String exp = createExperiment("ui-it-deleted-run");
    String runId = createRun(exp, "removed");
    String kept = createRun(exp, "kept");
    post("runs/delete", Map.of("run_id", runId));

    open("#/runs/" + runId);
    WebElement title = waitFor(By.tagName("h1"));
    assertThat(title.findElements(By.cssSelector(".badge.deleted"))).hasSize(1);
    open("#/runs/" + kept);
    waitForText(By.tagName("h1"), t -> t.startsWith("kept"));
    assertThat(driver.findElements(By.cssSelector("h1 .badge.deleted"))).isEmpty();
  }

  @Test
  void theRunLinksMlflowClientsPrintOpenTheRun() throws Exception {
    String exp = createExperiment("ui-it-mlflow-link");
    String runId = createRun(exp, "linked-run");
    open("#/experiments/" + exp + "/runs/" + runId);
    waitForText(By.cssSelector(".crumbs"), t -> t.contains("ui-it-mlflow-link"));
    assertThat(driver.findElement(By.id("app")).getText()).contains("linked-run");
  }

  @Test
  void anUnknownRunShowsTheServersMessage() throws Exception {
    open("#/runs/no-such-run-id");
    WebElement error = waitFor(By.cssSelector(".error"));
    assertThat(error.getText()).contains("no-such-run-id").doesNotContain("Exception");
  }

  @Test
  void aLinkWithAMalformedEscapeShowsAnError() throws Exception {
    open("#/runs/%E0%A4%A");
    WebElement error = waitFor(By.cssSelector(".error"));
    assertThat(error.getText()).containsIgnoringCase("URI");
  }

  @Test
  void aChartDrawsANonEmptyLineFromSampledHistory() throws Exception {
    String exp = createExperiment("ui-it-chart");
    String runId = createRun(exp, "chart-run");
    List<Map<String, Object>> points = new ArrayList<>();
    for (int step = 0; step < 3000; step++) {
      points.add(metric("loss", 2.0 * Math.exp(-step / 600.0), step));
      if (points.size() == 1000) {
        logBatch(runId, points, List.of(), List.of());
        points.clear();
      }
    }
    open("#/runs/" + runId);
    waitFor(By.cssSelector(".chart[data-metric='loss'][data-state='ready'] canvas"));
    assertThat(curvePixels(".chart[data-metric='loss']", FIRST_CURVE)).isGreaterThan(200);
    chromium.screenshot("run-chart");

    // The chart asked for a sample, never for the full history.
    List<String> requests = metricRequests();
    assertThat(requests).anyMatch(u -> u.contains("get-history-bulk-interval"));
    assertThat(requests).noneMatch(u -> u.contains("get-history?"));
  }

  @Test
  void zoomFetchesDetailForTheVisibleStepsAndTheAxisAndSmoothingRedraw() throws Exception {
    String runId = openRunWithNoise("ui-it-zoom", "zoom-run");
    String chart = ".chart[data-metric='noise']";
    waitFor(By.cssSelector(chart + "[data-state='ready'] canvas"));
    assertThat(metricRequests()).noneMatch(u -> u.contains("start_step="));

    // Drag across the middle of the plot: uPlot zooms, the chart asks for that step range.
    WebElement over = driver.findElement(By.cssSelector(chart + " .u-over"));
    int w = over.getSize().getWidth();
    new Actions(driver)
        .moveToElement(over, -w / 10, 0)
        .clickAndHold()
        .moveByOffset(w / 5, 0)
        .release()
        .perform();
    List<String> zoomed =
        new WebDriverWait(driver, Duration.ofSeconds(10))
            .until(
                d -> {
                  List<String> r =
                      metricRequests().stream().filter(u -> u.contains("start_step=")).toList();
                  return r.isEmpty() ? null : r;
                });
    String detail = zoomed.get(zoomed.size() - 1);
    long start = Long.parseLong(detail.replaceAll(".*start_step=(\\d+).*", "$1"));
    long end = Long.parseLong(detail.replaceAll(".*end_step=(\\d+).*", "$1"));
    assertThat(start).isGreaterThan(1000);
    assertThat(end).isLessThan(4000).isGreaterThan(start);
    assertThat(curvePixels(chart, FIRST_CURVE)).isGreaterThan(200);
    chromium.screenshot("run-chart-zoomed");

    // Time on the x axis, then smoothing: the chart redraws with a line each time.
    new Select(driver.findElement(By.cssSelector(chart + " select[aria-label='X axis']")))
        .selectByValue("time");
    waitFor(By.cssSelector(chart + "[data-state='ready'] canvas"));
    assertThat(curvePixels(chart, FIRST_CURVE)).isGreaterThan(200);
    WebElement smoothing = driver.findElement(By.cssSelector(chart + " input[type='range']"));
    driver.executeScript(
        "arguments[0].value = '0.9'; arguments[0].dispatchEvent(new Event('input'));", smoothing);
    assertThat(driver.findElement(By.cssSelector(chart + " .chart-controls")).getText())
        .contains("smoothing 0.90");
    assertThat(driver.findElements(By.cssSelector(chart + " .u-legend .u-series")))
        .hasSizeGreaterThanOrEqualTo(3);
    assertThat(curvePixels(chart, FIRST_CURVE)).isGreaterThan(200);
  }

  @Test
  void aLiveChartRedrawsOnlyWhenItsSampleChanged() throws Exception {
    String exp = createExperiment("ui-it-live-chart-kept");
    String runId = createRun(exp, "live-chart");
    List<Map<String, Object>> points = new ArrayList<>();
    for (int step = 0; step < 10; step++) {
      points.add(metric("loss", 1.0 / (step + 1), step));
    }
    logBatch(runId, points, List.of(), List.of());
    open("#/runs/" + runId);
    String chart = ".chart[data-metric='loss']";
    waitFor(By.cssSelector(chart + "[data-state='ready'] canvas"));

    // Polls are chained: when the second after this answers, the first one's answer (the same
    // sample) has been handled, and it must not have redrawn the chart (it did, every 5 s).
    countChartDraws(chart);
    waitForSamplePolls(2);
    assertThat(chartDraws()).isZero();

    // A new point does redraw it.
    logBatch(runId, List.of(metric("loss", 0.01, 10)), List.of(), List.of());
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> chartDraws() > 0);
  }

  @Test
  void aLivePollDuringAZoomKeepsTheZoomAndItsDetail() throws Exception {
    String runId = openRunWithNoise("ui-it-live-zoom", "live-zoom");
    String chart = ".chart[data-metric='noise']";
    waitFor(By.cssSelector(chart + "[data-state='ready'] canvas"));

    // The zoom's detail is held in the page until the test lets it go.
    driver.executeScript(
        "let release;"
            + "const gate = new Promise((r) => { release = r; });"
            + "window.trackbookTestReleaseDetail = release;"
            + "const fetch0 = window.fetch;"
            + "window.fetch = (input, init) => String(input).includes('start_step=')"
            + "  ? (window.trackbookTestDetailHeld = true, gate.then(() => fetch0(input, init)))"
            + "  : fetch0(input, init);");
    WebElement over = driver.findElement(By.cssSelector(chart + " .u-over"));
    int w = over.getSize().getWidth();
    new Actions(driver)
        .moveToElement(over, -w / 10, 0)
        .clickAndHold()
        .moveByOffset(w / 5, 0)
        .release()
        .perform();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> driver.executeScript("return window.trackbookTestDetailHeld === true"));

    // Meanwhile the run logs on, and the chart's poll brings a new sample: the user's zoom stays
    // (a poll used to reset it, and to drop the detail when it came).
    recordXAxisLabels(chart);
    logBatch(runId, List.of(metric("noise", 9, 5000)), List.of(), List.of());
    waitForSamplePolls(2);
    assertThat(recordedXAxisSteps()).allSatisfy(x -> assertThat(x).isBetween(1000L, 4000L));

    // The detail, when it comes, is drawn in the zoomed range.
    driver.executeScript("window.trackbookTestReleaseDetail()");
    List<Long> drawn =
        new WebDriverWait(driver, Duration.ofSeconds(10))
            .until(
                d -> {
                  List<Long> steps = recordedXAxisSteps();
                  return steps.isEmpty() ? null : steps;
                });
    assertThat(drawn).allSatisfy(x -> assertThat(x).isBetween(1000L, 4000L));
  }

  @Test
  void aMetricLoggedOnceIsAPointInTheMiddleOfItsAxis() throws Exception {
    String exp = createExperiment("ui-it-single-point");
    String runId = createRun(exp, "logged-once");
    logBatch(runId, List.of(metric("final_acc", 7, 0)), List.of(), List.of());
    open("#/runs/" + runId);
    String chart = ".chart[data-metric='final_acc']";
    waitFor(By.cssSelector(chart + "[data-state='ready'] canvas"));
    // uPlot's own range put step 0 against the left edge of a 0..100 axis
    assertThat(pointPosition(chart)).isCloseTo(0.5, within(0.05));
    // one step either side, and no tick between two steps
    assertThat(xAxisLabels(chart)).containsExactly("-1", "0", "1");
    chromium.screenshot("run-chart-single-point");

    // on wall time it was the left edge of a day
    new Select(driver.findElement(By.cssSelector(chart + " select[aria-label='X axis']")))
        .selectByValue("time");
    waitFor(By.cssSelector(chart + "[data-state='ready'] canvas"));
    assertThat(pointPosition(chart)).isCloseTo(0.5, within(0.05));
  }

  @Test
  void aMetricOfOnlyNanPointsSaysSoInsteadOfAnEmptyFrame() throws Exception {
    String exp = createExperiment("ui-it-nan-chart");
    String runId = createRun(exp, "diverged");
    List<Map<String, Object>> points = new ArrayList<>();
    for (int step = 0; step < 3; step++) {
      points.add(
          Map.of(
              "key",
              "loss",
              "value",
              "NaN",
              "timestamp",
              System.currentTimeMillis(),
              "step",
              step));
    }
    logBatch(runId, points, List.of(), List.of());
    open("#/runs/" + runId);
    WebElement chart = waitFor(By.cssSelector(".chart[data-metric='loss'][data-state='empty']"));
    assertThat(chart.findElement(By.cssSelector(".chart-message")).getText()).contains("NaN");
    assertThat(chart.findElements(By.tagName("canvas"))).isEmpty();
  }

  @Test
  void aRunningRunsPageUpdatesLive() throws Exception {
    String exp = createExperiment("ui-it-live");
    String runId = createRun(exp, "live-run");
    List<Map<String, Object>> first = new ArrayList<>();
    for (int step = 0; step < 10; step++) {
      first.add(metric("loss", 1.0 / (step + 1), step));
    }
    logBatch(runId, first, List.of(), List.of());
    open("#/runs/" + runId);
    waitFor(By.cssSelector(".chart[data-metric='loss'][data-state='ready'] canvas"));
    int before = (int) metricRequests().stream().filter(u -> u.contains("bulk-interval")).count();

    logBatch(runId, List.of(metric("loss", 0.0123, 500)), List.of(), List.of());
    waitForText(By.id("metrics-table"), t -> t.contains("0.0123"));
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d ->
                metricRequests().stream().filter(u -> u.contains("bulk-interval")).count()
                    > before);
  }

  @Test
  void aRunningRunsPageKeepsItsHeaderAndMetricsWhileNothingChangesAndWhileTextIsSelected()
      throws Exception {
    String exp = createExperiment("ui-it-live-run-kept");
    String runId = createRun(exp, "kept-run");
    logBatch(runId, List.of(metric("acc", 0.5, 0)), List.of(), List.of());
    open("#/runs/" + runId);
    By value = By.cssSelector("#metrics-table td.num");
    waitForText(value, "0.5"::equals);

    // Polls are chained: when the second after the mark is sent, the first one's answer (the same
    // as the page's) has been handled, and it must not have redrawn the header or the table (it
    // used to, every 5 s, dropping a selection and the focus).
    driver.executeScript(
        "document.querySelector('.run-head').dataset.mark = 'kept';"
            + " document.getElementById('metrics-table').dataset.mark = 'kept';");
    By duration = By.cssSelector(".run-head dd.duration");
    String before = driver.findElement(duration).getText();
    waitForPolls("runs/get", 2);
    assertThat(driver.findElements(By.cssSelector(".run-head[data-mark='kept']"))).hasSize(1);
    assertThat(driver.findElements(By.cssSelector("#metrics-table[data-mark='kept']"))).hasSize(1);
    // ...though a running run's duration goes on counting.
    assertThat(driver.findElement(duration).getText()).isNotEqualTo(before);

    // Text selected on the page (the run id, to copy it): a new value waits until it is let go.
    driver.executeScript(
        "getSelection().selectAllChildren(document.querySelector('.run-head dd.mono'))");
    logBatch(runId, List.of(metric("acc", 0.75, 1)), List.of(), List.of());
    waitForPolls("runs/get", 2);
    assertThat(driver.findElement(value).getText()).isEqualTo("0.5");
    assertThat(driver.executeScript("return getSelection().toString()")).isEqualTo(runId);
    driver.executeScript("getSelection().removeAllRanges()");
    waitForText(value, "0.75"::equals);
  }

  @Test
  void theRunsTableFollowsARunningRunAndKeepsItsRowsWhileNothingChanges() throws Exception {
    String exp = createExperiment("ui-it-live-table");
    String runId = createRun(exp, "watched");
    logBatch(runId, List.of(metric("acc", 0.5, 0)), List.of(), List.of());
    open("#/experiments/" + exp);
    waitForRows(1);

    // Polls are chained: when the second after the mark is sent, the first one's answer (the same
    // as the table's) has been handled, and it must not have redrawn the table.
    driver.executeScript("document.querySelector('#runs-table tbody tr').dataset.mark = 'kept';");
    String duration = driver.findElement(By.cssSelector("#runs-table td.duration")).getText();
    long before = trackbookRequests("runs/search-groups");
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> trackbookRequests("runs/search-groups") >= before + 2);
    assertThat(driver.findElements(By.cssSelector("#runs-table tr[data-mark='kept']"))).hasSize(1);
    // ...though a running run's duration goes on counting.
    assertThat(driver.findElement(By.cssSelector("#runs-table td.duration")).getText())
        .isNotEqualTo(duration);

    // A new value, a new run and the end of the watched run show without reloading the page.
    logBatch(runId, List.of(metric("acc", 0.875, 1)), List.of(), List.of());
    createRun(exp, "started-later");
    post(
        "runs/update",
        Map.of("run_id", runId, "status", "FINISHED", "end_time", System.currentTimeMillis()));
    assertThat(waitForRows(2)).contains("watched", "started-later");
    waitForText(
        By.xpath("//tr[.//a[@class='run-link' and text()='watched']]"),
        row -> row.contains("FINISHED") && row.contains("0.875"));
  }

  @Test
  void aRedrawOfTheRunsTableWaitsWhileTextInItIsSelectedAndKeepsTheFocus() throws Exception {
    String exp = createExperiment("ui-it-live-focus");
    String runId = createRun(exp, "focused");
    logBatch(runId, List.of(metric("acc", 0.5, 0)), List.of(), List.of());
    open("#/experiments/" + exp);
    waitForRows(1);
    By value = By.cssSelector("#runs-table td.num");
    assertThat(driver.findElement(value).getText()).isEqualTo("0.5");

    // Text selected in the table (to copy a name): a new value waits until it is let go.
    driver.executeScript(
        "getSelection().selectAllChildren(document.querySelector('#runs-table a.run-link'))");
    logBatch(runId, List.of(metric("acc", 0.75, 1)), List.of(), List.of());
    long before = trackbookRequests("runs/search-groups");
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> trackbookRequests("runs/search-groups") >= before + 2);
    assertThat(driver.findElement(value).getText()).isEqualTo("0.5");
    assertThat(driver.executeScript("return getSelection().toString()")).isEqualTo("focused");

    // Let go, with the keyboard on the run's checkbox: the redraw shows the value and gives the
    // new table's checkbox the focus.
    driver.executeScript(
        "getSelection().removeAllRanges();"
            + " document.querySelector('#runs-table tbody input[type=checkbox]').focus()");
    waitForText(value, "0.75"::equals);
    assertThat(
            driver.executeScript(
                "return document.activeElement.matches("
                    + "'#runs-table tr[data-run-id=\"' + arguments[0] + '\"] input[type=checkbox]')",
                runId))
        .isEqualTo(true);
  }

  @Test
  void aWatchedRunsPageShowsParamsTagsTheNoteAndNewMetricsAsTheyAreLogged() throws Exception {
    String exp = createExperiment("ui-it-live-parts");
    String runId = createRun(exp, "growing");
    logBatch(runId, List.of(metric("loss", 0.5, 0)), List.of(), List.of());
    open("#/runs/" + runId);
    String loss = ".chart[data-metric='loss']";
    waitFor(By.cssSelector(loss + "[data-state='ready'] canvas"));
    driver.executeScript("document.querySelector(arguments[0]).dataset.mark = 'kept'", loss);

    // What a notebook logs in its later cells shows on the page watching it, without a reload.
    logBatch(
        runId,
        List.of(metric("accuracy", 0.9, 0)),
        List.of(param("lr", "0.01")),
        List.of(tag("team", "vision"), tag("mlflow.note.content", "Trained **live**")));
    waitFor(By.cssSelector(".chart[data-metric='accuracy'][data-state='ready'] canvas"));
    waitForText(By.id("params-table"), t -> t.contains("lr") && t.contains("0.01"));
    waitForText(By.id("tags-table"), t -> t.contains("team") && t.contains("vision"));
    waitForText(By.id("section-note"), t -> t.contains("Trained live"));
    // the chart already there was not drawn anew (it keeps a zoom, say)
    assertThat(driver.findElements(By.cssSelector(loss + "[data-mark='kept']"))).hasSize(1);
    assertThat(chromium.pageErrors()).isEmpty();
  }

  @Test
  void aHiddenTabAsksTheServerNothingAndCatchesUpWhenShown() throws Exception {
    String exp = createExperiment("ui-it-hidden-tab");
    String runId = createRun(exp, "watched-in-background");
    logBatch(runId, List.of(metric("loss", 0.5, 0)), List.of(), List.of());
    open("#/runs/" + runId);
    waitFor(By.cssSelector(".chart[data-metric='loss'][data-state='ready'] canvas"));
    waitForSamplePolls(1); // the run page and its chart both poll while the run is RUNNING

    driver.executeScript(
        "Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })");
    Thread.sleep(1000); // a poll asked just before is answered (and counted) before the baseline
    long runPolls = apiRequests("runs/get");
    long samples = samplePolls();
    // Two of their 5 s turns pass in the background: neither the page nor the chart asks.
    long end = System.nanoTime() + Duration.ofSeconds(11).toNanos();
    while (System.nanoTime() < end) {
      assertThat(apiRequests("runs/get")).isEqualTo(runPolls);
      assertThat(samplePolls()).isEqualTo(samples);
      Thread.sleep(500);
    }

    // Shown again: both catch up at their next turn, and show what was logged meanwhile.
    logBatch(runId, List.of(metric("loss", 0.25, 1)), List.of(), List.of());
    driver.executeScript("delete document.hidden");
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(d -> apiRequests("runs/get") > runPolls && samplePolls() > samples);
    waitForText(By.id("metrics-table"), t -> t.contains("0.25"));
  }

  @Test
  void compareOverlaysTwoCurves() throws Exception {
    String exp = createExperiment("ui-it-compare");
    String first = createRun(exp, "first");
    String second = createRun(exp, "second");
    List<Map<String, Object>> a = new ArrayList<>();
    List<Map<String, Object>> b = new ArrayList<>();
    for (int step = 0; step < 200; step++) {
      a.add(metric("acc", 1 - Math.exp(-step / 30.0), step));
      b.add(metric("acc", 0.5 * (1 - Math.exp(-step / 80.0)), step));
    }
    logBatch(first, a, List.of(param("lr", "0.1")), List.of());
    logBatch(second, b, List.of(param("lr", "0.01")), List.of());

    open("#/experiments/" + exp);
    waitForRows(2);
    for (WebElement box : driver.findElements(By.cssSelector("#runs-table tbody input"))) {
      box.click();
    }
    driver.findElement(By.id("compare-button")).click();
    waitFor(By.cssSelector(".chart[data-metric='acc'][data-state='ready'] canvas"));
    assertThat(curvePixels(".chart[data-metric='acc']", FIRST_CURVE)).isGreaterThan(100);
    assertThat(curvePixels(".chart[data-metric='acc']", SECOND_CURVE)).isGreaterThan(100);
    assertThat(driver.findElement(By.id("diff-table")).getText()).contains("lr", "0.1", "0.01");
    assertThat(driver.findElements(By.cssSelector("svg.parallel path.pc-line"))).hasSize(2);
    chromium.screenshot("compare");
  }

  @Test
  void theComparePageLinksBackToTheRunsExperiment() throws Exception {
    String name = "ui-it-compare-crumbs " + PAYLOAD;
    String exp = createExperiment(name);
    String first = createRun(exp, "one");
    String second = createRun(exp, "two");
    open("#/compare?runs=" + first + "," + second);
    WebElement link = waitFor(By.cssSelector(".crumbs a.experiment-link"));
    new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> link.getText().equals(name));
    assertNoAlertAndNoInjectedImage();
    link.click();
    assertThat(waitForRows(2)).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void anHtmlPayloadInAParamShowsAsTextAndNeverRuns() throws Exception {
    String exp = createExperiment("ui-it-xss " + PAYLOAD);
    String runId = createRun(exp, "xss " + PAYLOAD);
    String other = createRun(exp, "plain");
    logBatch(
        runId,
        List.of(metric("m", 1, 0)),
        List.of(param("payload", PAYLOAD)),
        List.of(
            tag("note-ish", "<script>alert(2)</script>"),
            tag("mlflow.note.content", "**bold** " + PAYLOAD + " [x](javascript:alert(3))")));
    logBatch(other, List.of(metric("m", 2, 0)), List.of(param("payload", "ok")), List.of());

    open("#/experiments/" + exp);
    waitForRows(2);
    assertNoAlertAndNoInjectedImage();
    assertThat(driver.findElement(By.cssSelector("h1")).getText()).contains(PAYLOAD);

    open("#/runs/" + runId);
    WebElement value = waitFor(By.cssSelector("#params-table td.value"));
    assertThat(value.getText()).isEqualTo(PAYLOAD);
    WebElement note = driver.findElement(By.cssSelector("#section-note .markdown"));
    assertThat(note.getText()).contains(PAYLOAD);
    assertThat(note.findElements(By.tagName("strong"))).hasSize(1);
    assertThat(note.findElements(By.tagName("a"))).isEmpty();
    assertThat(driver.findElement(By.id("tags-table")).getText())
        .contains("<script>alert(2)</script>");
    assertNoAlertAndNoInjectedImage();
    chromium.screenshot("run-xss-payload");

    open("#/compare?runs=" + runId + "," + other);
    waitFor(By.id("diff-table"));
    assertThat(driver.findElement(By.id("diff-table")).getText()).contains(PAYLOAD);
    assertNoAlertAndNoInjectedImage();
  }

  @Test
  void artifactsPreviewCsvAsATableImagesAndHtmlAsText() throws Exception {
    String exp = createExperiment("ui-it-artifacts");
    String runId = createRun(exp, "with-artifacts");
    upload(exp, runId, "eval/scores.csv", "class,precision\ncat,0.91\n\"dog, big\",0.88\n");
    upload(exp, runId, "page.html", "<script>alert(4)</script>");
    upload(exp, runId, "plots/curve.png", png(40, 20));

    open("#/runs/" + runId);
    WebElement dir = waitFor(By.xpath("//button[text()='▸ eval/']"));
    dir.click();
    waitFor(By.xpath("//button[text()='scores.csv']")).click();
    WebElement table = waitFor(By.cssSelector(".csv-table"));
    assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(2);
    assertThat(table.getText()).contains("precision", "dog, big", "0.88");

    driver.findElement(By.xpath("//button[text()='page.html']")).click();
    WebElement text = waitFor(By.cssSelector(".artifact-text"));
    assertThat(text.getText()).isEqualTo("<script>alert(4)</script>");
    assertNoAlertAndNoInjectedImage();

    waitFor(By.xpath("//button[text()='▸ plots/']")).click();
    waitFor(By.xpath("//button[text()='curve.png']")).click();
    WebElement image = waitFor(By.cssSelector("img.artifact-image"));
    ui.waitForImageWidth(image, 40);
    chromium.screenshot("run-artifacts");
  }

  @Test
  void aRunWhoseArtifactsLiveElsewhereSaysWhereInsteadOfNone() throws Exception {
    String exp =
        post(
                "experiments/create",
                Map.of("name", "ui-it-elsewhere", "artifact_location", "s3://ui-it-bucket/models"))
            .get("experiment_id")
            .asText();
    String runId = createRun(exp, "stored-in-s3");

    open("#/runs/" + runId);
    WebElement artifacts =
        waitFor(By.xpath("//section[@id='section-artifacts']//p[contains(., 's3://')]"));
    assertThat(artifacts.getText())
        .contains("s3://ui-it-bucket/models/" + runId + "/artifacts", "does not serve")
        .doesNotContain("No artifacts logged");
  }

  @Test
  void anImagePreviewThatFailsSaysWhyInsteadOfABrokenImage() throws Exception {
    String exp = createExperiment("ui-it-image-failures");
    String runId = createRun(exp, "images");
    upload(exp, runId, "gone.png", png(40, 20));
    upload(exp, runId, "not-a.png", "plain text, not an image");

    open("#/runs/" + runId);
    WebElement gone = artifactRow("gone.png").findElement(By.cssSelector(".artifact-file"));
    delete(exp, runId, "gone.png");
    gone.click();
    assertThat(waitFor(By.cssSelector(".artifact-preview .error")).getText())
        .contains("gone.png", "does not exist");

    artifactRow("not-a.png").findElement(By.cssSelector(".artifact-file")).click();
    assertThat(waitFor(By.xpath("//div[@class='artifact-preview'][h3='not-a.png']/div")).getText())
        .contains("cannot show this file as an image");
    chromium.screenshot("run-artifact-image-failed");
  }

  @Test
  void anImagePreviewFreesItsBytesWhenAnotherFileReplacesIt() throws Exception {
    String exp = createExperiment("ui-it-image-memory");
    String runId = createRun(exp, "image-then-text");
    upload(exp, runId, "curve.png", png(40, 20));
    upload(exp, runId, "notes.txt", "next");

    open("#/runs/" + runId);
    artifactRow("curve.png").findElement(By.cssSelector(".artifact-file")).click();
    WebElement image = waitFor(By.cssSelector("img.artifact-image"));
    ui.waitForImageWidth(image, 40);
    String blobUrl = image.getAttribute("src");
    assertThat(blobUrl).startsWith("blob:");
    assertThat(loadsAsImage(blobUrl)).isTrue();

    artifactRow("notes.txt").findElement(By.cssSelector(".artifact-file")).click();
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> previewText().equals("next"));
    assertThat(loadsAsImage(blobUrl)).isFalse();
  }

  @Test
  void aFileTooLargeToPreviewIsNotFetchedAndOffersItsDownload() throws Exception {
    String exp = createExperiment("ui-it-large-previews");
    String runId = createRun(exp, "large-files");
    // over the image limit (10 MiB) and the text limit (2 MiB); the bytes never need to be read
    upload(exp, runId, "huge.png", new byte[11 * 1024 * 1024]);
    upload(exp, runId, "huge.log", "x".repeat(3 * 1024 * 1024));

    open("#/runs/" + runId);
    for (String[] file : new String[][] {{"huge.png", "11.0 MiB"}, {"huge.log", "3.0 MiB"}}) {
      artifactRow(file[0]).findElement(By.cssSelector(".artifact-file")).click();
      WebElement notice =
          waitFor(
              By.xpath(
                  "//div[@class='artifact-preview'][h3='"
                      + file[0]
                      + "']/div[contains(@class, 'too-large')]"));
      assertThat(notice.getText()).startsWith("Too large to preview (" + file[1] + ")");
      assertThat(notice.findElement(By.linkText("download")).getAttribute("href"))
          .endsWith("/artifacts/" + file[0]);
    }
    chromium.screenshot("run-artifact-too-large");
    @SuppressWarnings("unchecked")
    List<String> fetched =
        (List<String>)
            driver.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".filter(n => n.includes('/huge.'));");
    assertThat(fetched).isEmpty();
  }

  @Test
  void anEmptyFolderSaysItIsEmptyWhenOpened() throws Exception {
    String exp = createExperiment("ui-it-empty-folder");
    String runId = createRun(exp, "emptied");
    upload(exp, runId, "checkpoints/only.bin", "deleted below; its folder stays");
    delete(exp, runId, "checkpoints/only.bin");

    open("#/runs/" + runId);
    waitFor(By.xpath("//button[text()='▸ checkpoints/']")).click();
    assertThat(waitFor(By.cssSelector(".tree-children .empty")).getText())
        .isEqualTo("Empty folder.");
  }

  @Test
  void aBinaryFileWithATextExtensionIsNotShownAsText() throws Exception {
    String exp = createExperiment("ui-it-binary");
    String runId = createRun(exp, "binary");
    // a Core ML model: .mlmodel is a binary protobuf, not MLflow's MLmodel file
    upload(
        exp, runId, "model.mlmodel", new byte[] {0x08, 0x04, 0x12, 0x00, 0x1a, 0x00, (byte) 0xff});

    open("#/runs/" + runId);
    artifactRow("model.mlmodel").findElement(By.cssSelector(".artifact-file")).click();
    assertThat(
            waitFor(By.xpath("//div[@class='artifact-preview'][h3='model.mlmodel']/p")).getText())
        .isEqualTo("This file is binary; no preview, use download.");
    assertThat(driver.findElements(By.cssSelector(".artifact-text"))).isEmpty();
  }

  @Test
  void anEmptyTextFileSaysItIsEmpty() throws Exception {
    String exp = createExperiment("ui-it-empty-file");
    String runId = createRun(exp, "empty-file");
    upload(exp, runId, "stderr.log", "");

    open("#/runs/" + runId);
    artifactRow("stderr.log").findElement(By.cssSelector(".artifact-file")).click();
    assertThat(waitFor(By.cssSelector(".artifact-preview .empty")).getText())
        .isEqualTo("Empty file.");
    assertThat(driver.findElements(By.cssSelector(".artifact-text"))).isEmpty();
  }

  @Test
  void aLongCsvPreviewSaysItShowsOnlyTheFirstRows() throws Exception {
    String exp = createExperiment("ui-it-long-csv");
    String runId = createRun(exp, "long-csv");
    StringBuilder csv = new StringBuilder("step,loss\n");
    for (int i = 0; i < 501; i++) {
      csv.append(i).append(',').append(1.0 / (i + 1)).append('\n');
    }
    upload(exp, runId, "loss.csv", csv.toString());

    open("#/runs/" + runId);
    artifactRow("loss.csv").findElement(By.cssSelector(".artifact-file")).click();
    WebElement table = waitFor(By.cssSelector(".csv-table"));
    assertThat(table.findElements(By.cssSelector("tbody tr"))).hasSize(500);
    assertThat(driver.findElement(By.cssSelector(".artifact-preview .csv")).getText())
        .contains("First 500 rows shown; download for the rest.");
  }

  @Test
  void thePreviewShowsTheFileClickedLastThoughAnEarlierOneAnswersLater() throws Exception {
    String exp = createExperiment("ui-it-preview-race");
    String runId = createRun(exp, "two-previews");
    upload(exp, runId, "slow.txt", "clicked first, answered last");
    upload(exp, runId, "fast.txt", "clicked last");
    open("#/runs/" + runId);
    WebElement slow = artifactRow("slow.txt").findElement(By.cssSelector(".artifact-file"));
    WebElement fast = artifactRow("fast.txt").findElement(By.cssSelector(".artifact-file"));
    noteArtifactReads();

    try (HeldArtifacts.Hold hold = artifacts.hold("/slow.txt")) {
      slow.click();
      hold.awaitRequest();
      fast.click();
      new WebDriverWait(driver, Duration.ofSeconds(15))
          .until(d -> previewText().equals("clicked last"));
      hold.release();
      waitUntilThePageHasRead("/slow.txt");
    }
    assertThat(driver.findElement(By.cssSelector(".artifact-preview h3")).getText())
        .isEqualTo("fast.txt");
    assertThat(previewText()).isEqualTo("clicked last");
  }

  @Test
  void aFolderClosedBeforeItsListingArrivesStaysClosed() throws Exception {
    String exp = createExperiment("ui-it-folder-race");
    String runId = createRun(exp, "slow-folder");
    upload(exp, runId, "slowdir/inside.txt", "listed late");
    open("#/runs/" + runId);
    WebElement folder = waitFor(By.xpath("//button[text()='▸ slowdir/']"));
    noteArtifactReads();

    try (HeldArtifacts.Hold hold = artifacts.hold("/slowdir")) {
      folder.click();
      hold.awaitRequest();
      assertThat(folder.getText()).isEqualTo("▾ slowdir/");
      folder.click();
      assertThat(folder.getText()).isEqualTo("▸ slowdir/");
      hold.release();
      waitUntilThePageHasRead("path=slowdir");
    }
    assertThat(folder.getText()).isEqualTo("▸ slowdir/");
    assertThat(driver.findElements(By.xpath("//button[text()='inside.txt']"))).isEmpty();

    // opened again, it lists as usual
    folder.click();
    waitFor(By.xpath("//button[text()='inside.txt']"));
  }

  @Test
  void aDownloadSavesTheFileAndAFailedOneSaysWhyInItsRow() throws Exception {
    String exp = createExperiment("ui-it-download");
    String runId = createRun(exp, "downloads");
    upload(exp, runId, "in a folder/naïve 日本.txt", "saved as is");
    upload(exp, runId, "gone.txt", "deleted after the page listed it");
    Path saved = Files.createTempDirectory("trackbook-ui-downloads-");
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", saved.toString()));

    open("#/runs/" + runId);
    waitFor(By.xpath("//button[text()='▸ in a folder/']")).click();
    artifactRow("naïve 日本.txt").findElement(By.linkText("download")).click();
    Path file = saved.resolve("naïve 日本.txt");
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> Files.exists(file));
    assertThat(Files.readString(file)).isEqualTo("saved as is");

    WebElement gone = artifactRow("gone.txt");
    delete(exp, runId, "gone.txt");
    gone.findElement(By.linkText("download")).click();
    WebElement error = waitFor(By.cssSelector(".download-status .error"));
    assertThat(error.findElement(By.xpath("ancestor::li")).getText()).startsWith("gone.txt");
    assertThat(error.getText()).contains("Download failed", "gone.txt", "does not exist");
    chromium.screenshot("run-artifact-download-failed");
  }

  @Test
  void experimentsCanBeCreatedRenamedDeletedAndRestored() throws Exception {
    open("#/");
    WebElement name = waitFor(By.id("new-experiment-name"));
    name.sendKeys("ui-it-lifecycle", Keys.ENTER);
    waitFor(By.id("runs-filter"));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("ui-it-lifecycle");

    open("#/");
    WebElement row = experimentRow("ui-it-lifecycle");
    row.findElement(By.xpath(".//button[text()='Rename']")).click();
    WebElement input = row.findElement(By.cssSelector("input"));
    input.clear();
    input.sendKeys("ui-it-renamed", Keys.ENTER);
    row = experimentRow("ui-it-renamed");

    // Creating a name that exists shows the server's message.
    driver.findElement(By.id("new-experiment-name")).sendKeys("ui-it-renamed", Keys.ENTER);
    assertThat(waitFor(By.cssSelector(".status-line .error")).getText()).contains("ui-it-renamed");

    WebElement delete = row.findElement(By.xpath(".//button[text()='Delete']"));
    delete.click();
    delete.click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.xpath(rowXpath("ui-it-renamed"))).isEmpty());

    open("#/experiments?deleted=1");
    experimentRow("ui-it-renamed").findElement(By.xpath(".//button[text()='Restore']")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.xpath(rowXpath("ui-it-renamed"))).isEmpty());
    open("#/");
    experimentRow("ui-it-renamed");
    chromium.screenshot("experiments");
  }

  @Test
  void aDeletedExperimentsPageSaysWhereItsRunsWent() throws Exception {
    String exp = createExperiment("ui-it-deleted-experiment");
    createRun(exp, "gone-with-it");
    post("experiments/delete", Map.of("experiment_id", exp));
    open("#/experiments/" + exp);
    WebElement notice = waitFor(By.cssSelector(".table-box .empty"));
    assertThat(notice.getText()).contains("deleted").doesNotContain("yet");
    notice.findElement(By.linkText("deleted experiments")).click();
    waitFor(By.xpath(rowXpath("ui-it-deleted-experiment")));
  }

  @Test
  void registryShowsModelsVersionsAliasesStageAndLineageLinks() throws Exception {
    // the only test that registers models, so the registry starts empty
    open("#/models");
    assertThat(waitFor(By.cssSelector("#app .empty")).getText())
        .startsWith("No registered models yet");

    String exp = createExperiment("ui-it-registry");
    String runName = "trained " + PAYLOAD;
    String runId = createRun(exp, runName);
    String retrained = createRun(exp, "retrained");
    logBatch(
        runId,
        List.of(),
        List.of(),
        List.of(
            tag("mlflow.source.name", "notebooks/train.ipynb"),
            tag("mlflow.source.git.commit", "c0ffee42"),
            tag("trackbook.pipeline.source_sha256", "5ha256"),
            tag("trackbook.pipeline.version", "4")));
    post(
        "runs/log-inputs",
        Map.of(
            "run_id",
            runId,
            "datasets",
            List.of(
                Map.of(
                    "dataset",
                    Map.of(
                        "name",
                        "iris",
                        "digest",
                        "d1g357",
                        "source_type",
                        "local",
                        "source",
                        "{}")))));
    String model = "ui-model " + PAYLOAD;
    post("registered-models/create", Map.of("name", model, "description", "desc " + PAYLOAD));
    post(
        "model-versions/create",
        Map.of("name", model, "source", "runs:/" + runId + "/model", "run_id", runId));
    post("model-versions/create", Map.of("name", model, "source", "file:///elsewhere"));
    post(
        "model-versions/create",
        Map.of("name", model, "source", "runs:/" + retrained + "/model", "run_id", retrained));
    // a deleted run is still named (MLflow keeps it until garbage collection)
    post("runs/delete", Map.of("run_id", retrained));
    post("registered-models/alias", Map.of("name", model, "alias", "champion", "version", "1"));
    post(
        "model-versions/transition-stage",
        Map.of("name", model, "version", "1", "stage", "Production"));
    post(
        "model-versions/set-tag",
        Map.of(
            "name",
            model,
            "version",
            "1",
            "key",
            "trackbook.validation.status",
            "value",
            "passed"));

    open("#/models");
    WebElement link = waitFor(By.cssSelector("#models-table a.model-link"));
    assertThat(link.getText()).isEqualTo(model);
    assertThat(driver.findElement(By.cssSelector("#models-table tbody tr")).getText())
        .contains("v3", "@champion → v1", "desc " + PAYLOAD);
    chromium.screenshot("models");

    link.click();
    assertThat(waitFor(By.id("model-name")).getText()).isEqualTo(model);
    assertThat(driver.findElement(By.id("aliases-table")).getText())
        .contains("@champion", "Version 1");
    WebElement v1 = driver.findElement(By.cssSelector("#versions-table tr[data-version='1']"));
    assertThat(v1.getText()).contains("v1", "Production", "@champion", "passed", "READY");
    assertThat(driver.findElement(By.cssSelector("#versions-table tr[data-version='2']")).getText())
        .contains("None", "not validated");
    WebElement lineage = driver.findElement(By.id("version-1"));
    assertThat(lineage.findElement(By.cssSelector(".lineage-notebook")).getText())
        .isEqualTo("notebooks/train.ipynb");
    assertThat(lineage.findElement(By.cssSelector(".lineage-commit")).getText())
        .isEqualTo("c0ffee42");
    assertThat(lineage.findElement(By.cssSelector(".lineage-datasets")).getText())
        .contains("iris", "d1g357");
    assertThat(lineage.getText()).contains("5ha256").containsPattern("Pipeline version\\s+4");
    assertThat(driver.findElement(By.id("version-2")).getText())
        .contains("registered without a run");
    // runs and the experiment by name, the ids as tooltips, asked for in one search, not per row
    By v1Run = By.cssSelector("#versions-table tr[data-version='1'] a.run-link");
    waitForText(v1Run, runName::equals);
    assertThat(driver.findElement(v1Run).getAttribute("title")).isEqualTo("Run " + runId);
    assertThat(
            driver
                .findElement(By.cssSelector("#versions-table tr[data-version='3'] a.run-link"))
                .getText())
        .isEqualTo("retrained");
    assertThat(lineage.findElement(By.cssSelector("a.lineage-run")).getText()).isEqualTo(runName);
    WebElement experimentLink = lineage.findElement(By.cssSelector("a.lineage-experiment"));
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(d -> experimentLink.getText().equals("ui-it-registry"));
    assertThat(experimentLink.getAttribute("title")).isEqualTo("Experiment " + exp);
    assertThat(apiRequests("runs/get")).isZero();
    assertThat(apiRequests("runs/search")).isEqualTo(1);
    assertThat(apiRequests("experiments/get")).isEqualTo(1);
    assertNoAlertAndNoInjectedImage();
    chromium.screenshot("model");

    // lineage links to the run, and the run page links back to the versions made from it
    lineage.findElement(By.cssSelector("a.lineage-run")).click();
    WebElement back = waitFor(By.cssSelector("#run-model-versions a.model-version-link"));
    assertThat(back.getText()).isEqualTo(model + " v1");
    assertThat(driver.findElement(By.id("run-model-versions")).getText())
        .contains("Production", "@champion");
    back.click();
    assertThat(waitFor(By.id("model-name")).getText()).isEqualTo(model);
    // the link names the version: its row and lineage are marked (it opened the model's top)
    assertThat(driver.getCurrentUrl()).endsWith("/versions/1");
    assertThat(waitFor(By.id("version-1")).getAttribute("class")).contains("focused");
    assertThat(
            driver
                .findElement(By.cssSelector("#versions-table tr[data-version='1']"))
                .getAttribute("class"))
        .contains("focused");
    assertThat(driver.findElement(By.id("version-2")).getAttribute("class"))
        .doesNotContain("focused");
    assertNoAlertAndNoInjectedImage();
    chromium.screenshot("model-version-link");

    open(
        "#/models/"
            + java.net.URLEncoder.encode(model, "UTF-8").replace("+", "%20")
            + "/versions/9");
    assertThat(waitFor(By.cssSelector("#app .error")).getText()).contains("no version 9");
    assertThat(driver.findElement(By.id("model-name")).getText()).isEqualTo(model);
  }

  // ---- browser helpers ----

  private void open(String hash) {
    // A new document per step, so one test's page state never leaks into the next.
    driver.get("about:blank");
    driver.get(server.url() + "/" + hash);
  }

  @SuppressWarnings("unchecked")
  private List<String> metricRequests() {
    return (List<String>)
        driver.executeScript(
            "return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => n.includes('/metrics/'));");
  }

  private WebElement waitFor(By by) {
    return ui.waitFor(by);
  }

  /** Waits for the text of what {@code by} finds, found again while the page redraws it. */
  private String waitForText(By by, java.util.function.Predicate<String> test) {
    return ui.waitForText(by, test);
  }

  /** Waits until the page has asked the MLflow API endpoint {@code path} {@code n} more times. */
  private void waitForPolls(String path, int n) {
    long before = apiRequests(path);
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> apiRequests(path) >= before + n);
  }

  /** How many requests this page made to the MLflow API endpoint {@code path} (runs/get...). */
  private long apiRequests(String path) {
    return ((Number)
            driver.executeScript(
                "return performance.getEntriesByType('resource')"
                    + ".filter(e => new URL(e.name).pathname"
                    + " === '/ajax-api/2.0/mlflow/' + arguments[0]).length;",
                path))
        .longValue();
  }

  /** A RUNNING run with 5000 points of a noisy metric "noise", its page opened. */
  private String openRunWithNoise(String experimentName, String runName) throws Exception {
    String runId = createRun(createExperiment(experimentName), runName);
    List<Map<String, Object>> points = new ArrayList<>();
    for (int step = 0; step < 5000; step++) {
      points.add(metric("noise", Math.sin(step / 7.0) + step / 5000.0, step));
      if (points.size() == 1000) {
        logBatch(runId, points, List.of(), List.of());
        points.clear();
      }
    }
    open("#/runs/" + runId);
    return runId;
  }

  /** How many requests this page made to Trackbook's own API endpoint {@code path}. */
  private long trackbookRequests(String path) {
    return ((Number)
            driver.executeScript(
                "return performance.getEntriesByType('resource')"
                    + ".filter(e => new URL(e.name).pathname"
                    + " === '/ajax-api/2.0/trackbook/' + arguments[0]).length;",
                path))
        .longValue();
  }

  private void filter(String text) {
    WebElement box = waitFor(By.id("runs-filter"));
    box.clear();
    box.sendKeys(text, Keys.ENTER);
  }

  /** Waits until the runs table shows exactly {@code n} rows and returns their run names. */
  @SuppressWarnings("unchecked")
  private List<String> waitForRows(int n) {
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(
            d -> {
              List<String> names =
                  (List<String>)
                      driver.executeScript(
                          "return [...document.querySelectorAll('#runs-table a.run-link')]"
                              + ".map(a => a.textContent);");
              return names.size() == n ? names : null;
            });
  }

  /** Waits until the runs table shows exactly these run names, in this order. */
  @SuppressWarnings("unchecked")
  private void waitForNames(List<String> expected) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(
            d ->
                expected.equals(
                    driver.executeScript(
                        "return [...document.querySelectorAll('#runs-table a.run-link')]"
                            + ".map(a => a.textContent);")));
  }

  /** The runs table's header labels of one kind of column ({@code col-p}, {@code col-m}). */
  @SuppressWarnings("unchecked")
  private List<String> headers(String columnClass) {
    return (List<String>)
        driver.executeScript(
            "return [...document.querySelectorAll('#runs-table thead th.' + arguments[0])]"
                + ".map(th => th.textContent.replace(/ [▲▼]$/, ''));",
            columnClass);
  }

  /** Waits until the runs table's first run is {@code first}; returns all run names shown. */
  @SuppressWarnings("unchecked")
  private List<String> waitForRowsStartingWith(String first) {
    return new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(
            d -> {
              List<String> names =
                  (List<String>)
                      driver.executeScript(
                          "return [...document.querySelectorAll('#runs-table a.run-link')]"
                              + ".map(a => a.textContent);");
              return !names.isEmpty() && names.get(0).equals(first) ? names : null;
            });
  }

  private static String rowXpath(String experimentName) {
    return "//table[@id='experiments-table']//tr[td/a[text()='" + experimentName + "']]";
  }

  private WebElement experimentRow(String experimentName) {
    return waitFor(By.xpath(rowXpath(experimentName)));
  }

  /** Pixels of the chart's canvas drawn in (about) the given colour: the curve, not the axes. */
  private long curvePixels(String chartSelector, int[] rgb) {
    Object count =
        driver.executeScript(
            "const c = document.querySelector(arguments[0] + ' canvas');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) {"
                + "  if (d[i + 3] > 100 && Math.abs(d[i] - arguments[1]) < 40"
                + "      && Math.abs(d[i + 1] - arguments[2]) < 40"
                + "      && Math.abs(d[i + 2] - arguments[3]) < 40) n++;"
                + "}"
                + "return n;",
            chartSelector,
            rgb[0],
            rgb[1],
            rgb[2]);
    return ((Number) count).longValue();
  }

  /**
   * Where the chart's first-run colour sits across its plot area: the centre of those pixels, from
   * 0 (left edge) to 1 (right edge).
   */
  private double pointPosition(String chartSelector) {
    Object position =
        driver.executeScript(
            "const c = document.querySelector(arguments[0] + ' canvas');"
                + "const over = document.querySelector(arguments[0] + ' .u-over');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let sum = 0, n = 0;"
                + "for (let i = 0; i < d.length; i += 4) {"
                + "  if (d[i + 3] > 100 && Math.abs(d[i] - arguments[1]) < 40"
                + "      && Math.abs(d[i + 1] - arguments[2]) < 40"
                + "      && Math.abs(d[i + 2] - arguments[3]) < 40) { sum += (i / 4) % c.width; n++; }"
                + "}"
                + "const x = (sum / n) * c.clientWidth / c.width;"
                + "return (x - over.offsetLeft) / over.offsetWidth;",
            chartSelector, FIRST_CURVE[0], FIRST_CURVE[1], FIRST_CURVE[2]);
    return ((Number) position).doubleValue();
  }

  /**
   * The labels the chart draws below its plot area (the x axis), recorded while moving its
   * smoothing slider redraws it.
   */
  @SuppressWarnings("unchecked")
  private List<String> xAxisLabels(String chartSelector) {
    return (List<String>)
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "const chart = document.querySelector(arguments[0]);"
                + "const over = chart.querySelector('.u-over');"
                + "const c = chart.querySelector('canvas');"
                + "const below = (over.offsetTop + over.offsetHeight) * c.width / c.clientWidth;"
                + "const proto = CanvasRenderingContext2D.prototype;"
                + "const fillText = proto.fillText;"
                + "const texts = [];"
                + "proto.fillText = function (t, x, y, ...rest) {"
                + "  if (y > below) texts.push(String(t));"
                + "  return fillText.call(this, t, x, y, ...rest); };"
                + "chart.querySelector(\"input[type='range']\").dispatchEvent(new Event('input'));"
                + "setTimeout(() => { proto.fillText = fillText; done(texts); }, 500);",
            chartSelector);
  }

  /** From now on the page counts how often the chart's canvas is drawn (uPlot clears it first). */
  private void countChartDraws(String chartSelector) {
    driver.executeScript(
        "const c = document.querySelector(arguments[0] + ' canvas');"
            + "window.trackbookTestDraws = 0;"
            + "const proto = CanvasRenderingContext2D.prototype;"
            + "const clearRect = proto.clearRect;"
            + "proto.clearRect = function (...args) {"
            + "  if (this.canvas === c) window.trackbookTestDraws++;"
            + "  return clearRect.apply(this, args); };",
        chartSelector);
  }

  private long chartDraws() {
    return ((Number) driver.executeScript("return window.trackbookTestDraws")).longValue();
  }

  /**
   * From now on the page records the labels the chart draws below its plot area (its x axis), as
   * steps; see {@link #recordedXAxisSteps()}.
   */
  private void recordXAxisLabels(String chartSelector) {
    driver.executeScript(
        "const chart = document.querySelector(arguments[0]);"
            + "const over = chart.querySelector('.u-over');"
            + "const c = chart.querySelector('canvas');"
            + "const below = (over.offsetTop + over.offsetHeight) * c.width / c.clientWidth;"
            + "const texts = window.trackbookTestXLabels = [];"
            + "const proto = CanvasRenderingContext2D.prototype;"
            + "const fillText = proto.fillText;"
            + "proto.fillText = function (t, x, y, ...rest) {"
            + "  if (this.canvas === c && y > below) texts.push(String(t));"
            + "  return fillText.call(this, t, x, y, ...rest); };",
        chartSelector);
  }

  @SuppressWarnings("unchecked")
  private List<Long> recordedXAxisSteps() {
    List<String> labels =
        (List<String>) driver.executeScript("return window.trackbookTestXLabels.slice()");
    return labels.stream().map(t -> Long.parseLong(t.replaceAll("[^0-9-]", ""))).toList();
  }

  /** Waits until {@code n} more of the chart's polls (whole-range samples) have been answered. */
  private void waitForSamplePolls(int n) {
    long before = samplePolls();
    new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> samplePolls() >= before + n);
  }

  private long samplePolls() {
    return metricRequests().stream()
        .filter(u -> u.contains("bulk-interval") && !u.contains("start_step="))
        .count();
  }

  /** Whether the page can still load an image from this (blob:) URL; the CSP lets only images. */
  private boolean loadsAsImage(String url) {
    return (Boolean)
        driver.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "const img = new Image();"
                + "img.onload = () => done(true);"
                + "img.onerror = () => done(false);"
                + "img.src = arguments[0];",
            url);
  }

  private String previewText() {
    return (String)
        driver.executeScript(
            "const pre = document.querySelector('.artifact-preview .artifact-text');"
                + "return pre ? pre.textContent : '';");
  }

  /**
   * From now on the page notes when each of its fetches settles, and when reading a response's body
   * does, so a test can wait for the page to have handled an answer instead of waiting a while. A
   * note is taken just before the page's own code goes on, in the same turn of its event loop: once
   * a test's script sees it, the page has done whatever it does with that answer.
   */
  private void noteArtifactReads() {
    driver.executeScript(
        "const notes = window.trackbookTestReads = [];"
            + "const note = (p, what) => {"
            + "  p.then(() => notes.push(what), () => notes.push(what + ' failed'));"
            + "  return p; };"
            + "const fetch0 = window.fetch;"
            + "window.fetch = (input, init) => note(fetch0(input, init), 'fetch ' + input);"
            + "for (const read of ['text', 'blob']) {"
            + "  const body = Response.prototype[read];"
            + "  Response.prototype[read] = function () {"
            + "    return note(body.call(this), read + ' ' + this.url); }; }");
  }

  /**
   * Waits until the page has read the whole answer for the URL ending in {@code suffix}, or its
   * fetch failed (an abort included); needs {@link #noteArtifactReads()}.
   */
  private void waitUntilThePageHasRead(String suffix) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(
            d ->
                (Boolean)
                    driver.executeScript(
                        "return window.trackbookTestReads.some(n =>"
                            + " /^(text|blob) /.test(n) && n.replace(/ failed$/, '')"
                            + ".endsWith(arguments[0])"
                            + " || n.startsWith('fetch ') && n.endsWith(arguments[0] + ' failed'));",
                        suffix));
  }

  /** The artifact tree's row of the file named {@code name}, once it is listed. */
  private WebElement artifactRow(String name) {
    return waitFor(
        By.xpath("//li[button[contains(@class, 'artifact-file') and text()='" + name + "']]"));
  }

  private void assertNoAlertAndNoInjectedImage() {
    assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    assertThat(driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
    assertThat(driver.findElements(By.xpath("//script[contains(., 'alert')]"))).isEmpty();
  }

  // ---- REST helpers: the data is logged as any MLflow client would ----

  private JsonNode post(String path, Object body) throws IOException, InterruptedException {
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(path + " -> " + res.body()).isEqualTo(200);
    return JSON.readTree(res.body());
  }

  private String createExperiment(String name) throws Exception {
    return post("experiments/create", Map.of("name", name)).get("experiment_id").asText();
  }

  private String createRun(String experimentId, String name) throws Exception {
    return createRun(experimentId, name, System.currentTimeMillis());
  }

  private String createRun(String experimentId, String name, long startTime) throws Exception {
    return post(
            "runs/create",
            Map.of("experiment_id", experimentId, "run_name", name, "start_time", startTime))
        .path("run")
        .path("info")
        .path("run_id")
        .asText();
  }

  private void logBatch(
      String runId,
      List<Map<String, Object>> metrics,
      List<Map<String, Object>> params,
      List<Map<String, Object>> tags)
      throws Exception {
    post(
        "runs/log-batch",
        Map.of("run_id", runId, "metrics", metrics, "params", params, "tags", tags));
  }

  static byte[] png(int width, int height) throws IOException {
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < width; x++) {
      img.setRGB(x, height / 2, 0x1f77b4);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private void upload(String experimentId, String runId, String path, String content)
      throws Exception {
    upload(experimentId, runId, path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void upload(String experimentId, String runId, String path, byte[] content)
      throws Exception {
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(artifactUri(experimentId, runId, path))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as("upload " + path + " -> " + res.body()).isEqualTo(200);
  }

  private void delete(String experimentId, String runId, String path) throws Exception {
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(artifactUri(experimentId, runId, path)).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as("delete " + path + " -> " + res.body()).isEqualTo(200);
  }

  /** The artifact proxy's URI of a run's file, each path segment percent-encoded. */
  private URI artifactUri(String experimentId, String runId, String path) {
    StringBuilder uri =
        new StringBuilder(server.url())
            .append("/api/2.0/mlflow-artifacts/artifacts/")
            .append(experimentId)
            .append('/')
            .append(runId)
            .append("/artifacts");
    for (String segment : path.split("/")) {
      uri.append('/')
          .append(
              java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
                  .replace("+", "%20"));
    }
    return URI.create(uri.toString());
  }

  private static Map<String, Object> metric(String key, double value, long step) {
    return Map.of(
        "key", key, "value", value, "timestamp", System.currentTimeMillis(), "step", step);
  }

  private static Map<String, Object> param(String key, String value) {
    return Map.of("key", key, "value", value);
  }

  private static Map<String, Object> tag(String key, String value) {
    return Map.of("key", key, "value", value);
  }
}
