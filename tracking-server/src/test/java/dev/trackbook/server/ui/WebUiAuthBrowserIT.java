package dev.trackbook.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.store.TrackingStore;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web UI against a server in {@code --auth} mode, in headless Chromium: without a token the
 * page asks for one; a wrong token is refused with a message; a read token lists experiments and
 * runs; the token never shows up in a URL; a download that fails says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiAuthBrowserIT {
  private WebUiFixture ui;
  private SqliteTestServer server;
  private String readToken;
  private HeadlessChromium chromium;
  private ChromeDriver driver;
  private final List<String> urlsSeen = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    server = SqliteTestServer.startWithAuth("trackbook-ui-auth-it-");
    ui = WebUiFixture.start(server, 1200, 900);
    chromium = ui.chromium();
    driver = ui.driver();
    TrackingStore store = server.store();
    readToken = server.tokens().create("browser", Scope.READ).secret();
    String experimentId = store.createExperiment("secured-experiment", null, List.of());
    String runId =
        store.createRun(experimentId, "alice", 1, "secured-run", List.<Tag>of()).info().runId();
    // artifacts straight into the artifact root, where uploads land
    Path runArtifacts =
        Files.createDirectories(
            server.artifactRoot().resolve(experimentId).resolve(runId).resolve("artifacts"));
    Files.writeString(runArtifacts.resolve("notes.txt"), "seen with a token");
    Files.write(runArtifacts.resolve("curve.png"), WebUiBrowserIT.png(40, 20));
  }

  @AfterAll
  void stop() throws Exception {
    ui.close();
  }

  @Test
  void withoutATokenThePageAsksAndAReadTokenListsRuns() throws Exception {
    open("#/");
    WebElement input = waitFor(By.id("token-input"));
    assertThat(driver.findElement(By.id("auth")).getText()).contains("requires an access token");
    assertThat(driver.findElement(By.id("app")).isDisplayed()).isFalse();
    assertThat(driver.findElements(By.cssSelector("a.experiment-link"))).isEmpty();
    chromium.screenshot("auth-asks-for-token");

    input.sendKeys("tbk_" + "W".repeat(43));
    driver.findElement(By.cssSelector(".token-form button[type=submit]")).click();
    WebElement refused = waitFor(By.id("token-error"));
    assertThat(refused.getText()).contains("not accepted");
    recordUrl();

    waitFor(By.id("token-input")).sendKeys(readToken);
    driver.findElement(By.cssSelector(".token-form button[type=submit]")).click();
    WebElement experiment =
        waitFor(By.xpath("//a[@class='experiment-link' and text()='secured-experiment']"));
    recordUrl();
    assertThat(driver.findElements(By.id("auth"))).isEmpty();
    experiment.click();
    WebElement run = waitFor(By.cssSelector("#runs-table a.run-link"));
    assertThat(run.getText()).isEqualTo("secured-run");
    recordUrl();
    chromium.screenshot("auth-runs-with-read-token");

    // artifacts are fetched with the token too: text preview, and an image through a blob: URL
    run.click();
    waitFor(By.xpath("//button[text()='notes.txt']")).click();
    assertThat(waitFor(By.cssSelector(".artifact-text")).getText()).isEqualTo("seen with a token");
    waitFor(By.xpath("//button[text()='curve.png']")).click();
    WebElement image = waitFor(By.cssSelector("img.artifact-image"));
    ui.waitForImageWidth(image, 40);
    recordUrl();

    // kept in this tab's sessionStorage, sent as a header, never put in a URL
    assertThat(driver.executeScript("return sessionStorage.getItem('trackbook.token')"))
        .isEqualTo(readToken);
    assertThat(urlsSeen).isNotEmpty().allSatisfy(u -> assertThat(u).doesNotContain(readToken));
    @SuppressWarnings("unchecked")
    List<String> requested =
        (List<String>)
            driver.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
    assertThat(requested).anyMatch(u -> u.contains("/ajax-api/2.0/trackbook/runs/search-groups"));
    assertThat(requested).noneMatch(u -> u.contains(readToken) || u.contains("token="));
    assertThat(chromium.pageErrors()).isEmpty();

    // a revoked or lost token: the next page asks again. Set on a page that does not poll (the
    // running run's page did: a poll's 401 between setting and refreshing removed it).
    open("#/");
    waitFor(By.xpath("//a[@class='experiment-link' and text()='secured-experiment']"));
    driver.executeScript("sessionStorage.setItem('trackbook.token', 'tbk_' + 'Q'.repeat(43))");
    driver.navigate().refresh();
    assertThat(waitFor(By.id("token-error")).getText()).contains("not accepted");
  }

  @Test
  void aFailedDownloadSaysWhyInTheFilesRow() throws Exception {
    TrackingStore store = server.store();
    String experimentId = store.createExperiment("download-experiment", null, List.of());
    String runId =
        store.createRun(experimentId, "alice", 1, "download-run", List.<Tag>of()).info().runId();
    String name = WebUiBrowserIT.PAYLOAD + ".txt";
    Path file =
        Files.createDirectories(
                server.artifactRoot().resolve(experimentId).resolve(runId).resolve("artifacts"))
            .resolve(name);
    Files.writeString(file, "deleted after the page listed it");
    open("#/");
    driver.executeScript("sessionStorage.setItem('trackbook.token', arguments[0])", readToken);
    open("#/runs/" + runId);
    WebElement row =
        waitFor(
            By.xpath("//li[button[contains(@class, 'artifact-file') and text()='" + name + "']]"));

    Files.delete(file);
    row.findElement(By.xpath("button[text()='download']")).click();
    WebElement error = waitFor(By.cssSelector(".download-status .error"));
    assertThat(error.getText()).contains("Download failed", name, "does not exist");
    assertThat(driver.findElements(By.cssSelector("img[src='x']"))).isEmpty();
    assertThat(chromium.pageErrors()).isEmpty();
    chromium.screenshot("auth-download-failed");
  }

  @Test
  void aTokenSavedWhileAnEarlierCallIsRefusedIsKept() {
    open("#/");
    waitFor(By.id("token-input"));
    // A call leaves without a token; the token is saved before its 401 comes back. That 401
    // refused no token, so the saved one stays and nobody is asked again (it used to be dropped,
    // and the next page asked for a token the user had just given).
    @SuppressWarnings("unchecked")
    List<Object> seen =
        (List<Object>)
            driver.executeAsyncScript(
                "const token = arguments[0], done = arguments[arguments.length - 1];"
                    + "let asked = 0;"
                    + "import('/ui/js/api.js').then(async ({ api, saveToken }) => {"
                    // counted from here: the page's own first calls may still be refused
                    + "  window.addEventListener('trackbook:unauthorized', () => asked++);"
                    + "  sessionStorage.clear();"
                    + "  const refused = api.searchExperiments('ACTIVE_ONLY').catch((e) => e.status);"
                    + "  saveToken(token);"
                    + "  const status = await refused;"
                    + "  done([status, sessionStorage.getItem('trackbook.token'), asked]);"
                    + "});",
                readToken);
    assertThat(seen).containsExactly(401L, readToken, 0L);

    open("#/");
    assertThat(waitFor(By.xpath("//a[@class='experiment-link' and text()='secured-experiment']")))
        .isNotNull();
    assertThat(driver.findElements(By.id("auth"))).isEmpty();
  }

  @AfterEach
  void forgetTheToken() {
    // each test starts as a new visitor: the other one expects to be asked for a token
    driver.executeScript("sessionStorage.clear()");
  }

  /** Opens the app at {@code hash} in a new document, so no earlier page still polls or routes. */
  private void open(String hash) {
    driver.get("about:blank");
    driver.get(server.url() + "/" + hash);
  }

  private void recordUrl() {
    urlsSeen.add(driver.getCurrentUrl());
  }

  private WebElement waitFor(By by) {
    return ui.waitFor(by);
  }
}
