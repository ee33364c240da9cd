package dev.trackbook.server.ui;

import dev.trackbook.server.testsupport.SqliteTestServer;
import java.time.Duration;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a browser test of the web UI runs against: a real server on SQLite and a headless Chromium.
 * Closing it quits the browser, then stops the server.
 */
final class WebUiFixture implements AutoCloseable {
  private final SqliteTestServer server;
  private final HeadlessChromium chromium;

  private WebUiFixture(SqliteTestServer server, HeadlessChromium chromium) {
    this.server = server;
    this.chromium = chromium;
  }

  /** Opens a browser with a window of this size next to {@code server}; owns both from now on. */
  static WebUiFixture start(SqliteTestServer server, int width, int height) throws Exception {
    try {
      return new WebUiFixture(server, new HeadlessChromium(width, height));
    } catch (Exception | Error e) {
      server.close();
      throw e;
    }
  }

  SqliteTestServer server() {
    return server;
  }

  HeadlessChromium chromium() {
    return chromium;
  }

  ChromeDriver driver() {
    return chromium.driver();
  }

  /** Waits up to 15 s for an element to be visible: the UI renders after its fetches return. */
  WebElement waitFor(By by) {
    return new WebDriverWait(driver(), Duration.ofSeconds(15))
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /**
   * Waits up to 20 s for the text of the element {@code by} finds to pass {@code test}; returns
   * that text. The element is found again on each try: a live page (a running run's, the runs
   * table) redraws while the test waits, and an element it replaced is stale, which WebDriverWait
   * would otherwise throw at once.
   */
  String waitForText(By by, Predicate<String> test) {
    return new WebDriverWait(driver(), Duration.ofSeconds(20))
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              String text = d.findElement(by).getText();
              return test.test(text) ? text : null;
            });
  }

  /** Waits up to 10 s for an image to have loaded at this natural width. */
  void waitForImageWidth(WebElement image, int width) {
    new WebDriverWait(driver(), Duration.ofSeconds(10))
        .until(
            d ->
                ((Number) driver().executeScript("return arguments[0].naturalWidth", image))
                        .intValue()
                    == width);
  }

  @Override
  public void close() throws Exception {
    try {
      chromium.close();
    } finally {
      server.close();
    }
  }
}
