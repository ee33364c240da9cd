package dev.trackbook.server.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium driven through Debian's chromedriver, headless, with a fresh profile. Paths
 * come from {@code trackbook.chromium} / {@code trackbook.chromedriver} (default {@code
 * /usr/bin/...}, installed by {@code scripts/setup-test-env}); both are given explicitly so
 * Selenium Manager never tries to download a browser or driver.
 */
public final class HeadlessChromium implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  private final Path profile;
  private final ChromeDriver driver;

  /** Starts the browser with a window of this size (also the screenshot size). */
  public HeadlessChromium(int width, int height) throws IOException {
    String chromium = System.getProperty("trackbook.chromium", "/usr/bin/chromium");
    String chromedriver = System.getProperty("trackbook.chromedriver", "/usr/bin/chromedriver");
    for (String binary : new String[] {chromium, chromedriver}) {
      if (!new File(binary).canExecute()) {
        throw new IllegalStateException(
            binary
                + " is missing: run scripts/setup-test-env (installs chromium, chromium-driver)");
      }
    }
    profile = Files.createTempDirectory("trackbook-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    // The browser console: CSP violations and uncaught script errors show up there.
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  /** The WebDriver session. */
  public ChromeDriver driver() {
    return driver;
  }

  /**
   * Console messages since the last call that mean the page is broken: uncaught exceptions and
   * Content-Security-Policy violations.
   */
  public List<String> pageErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .filter(m -> m.contains("Uncaught") || m.contains("Content Security Policy"))
        .toList();
  }

  /** Saves what the browser shows to target/ui-screenshots/NAME.png and returns the file. */
  public Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path target = SCREENSHOTS.resolve(name + ".png");
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
