package dev.trackbook.notebook.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

class NotebookLogProviderTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream systemErr;

  @BeforeEach
  void captureStderr() {
    systemErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(systemErr);
    System.clearProperty(NotebookLogger.LEVEL_PROPERTY);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void slf4jFindsItAndWarningsReachStderrWhileInfoStaysQuiet() {
    Logger log = LoggerFactory.getLogger("ai.djl.demo");
    log.info("loading {}", "engine");
    log.warn("{} rows dropped", 3);
    log.error("failed", new IllegalStateException("boom"));

    assertThat(stderr())
        .startsWith("WARN ai.djl.demo: 3 rows dropped\nERROR ai.djl.demo: failed\n")
        .contains("java.lang.IllegalStateException: boom")
        .doesNotContain("loading")
        .doesNotContain("No SLF4J providers");
  }

  @Test
  void theLevelPropertyIsReadOnEveryCall() {
    Logger log = LoggerFactory.getLogger("demo");
    System.setProperty(NotebookLogger.LEVEL_PROPERTY, "debug");
    assertThat(log.isDebugEnabled()).isTrue();
    log.debug("details");
    System.setProperty(NotebookLogger.LEVEL_PROPERTY, "off");
    log.error("hidden");
    System.setProperty(NotebookLogger.LEVEL_PROPERTY, "nonsense");
    log.info("also hidden");
    log.warn("shown");

    assertThat(stderr()).isEqualTo("DEBUG demo: details\nWARN demo: shown\n");
  }

  /** A backend the notebook added, seen through a class loader that also holds its registration. */
  public static final class OtherBackend implements SLF4JServiceProvider {
    static boolean initialized;

    @Override
    public org.slf4j.ILoggerFactory getLoggerFactory() {
      return name -> org.slf4j.helpers.NOPLogger.NOP_LOGGER;
    }

    @Override
    public org.slf4j.IMarkerFactory getMarkerFactory() {
      return new org.slf4j.helpers.BasicMarkerFactory();
    }

    @Override
    public org.slf4j.spi.MDCAdapter getMDCAdapter() {
      return new org.slf4j.helpers.NOPMDCAdapter();
    }

    @Override
    public String getRequestedApiVersion() {
      return "2.0.99";
    }

    @Override
    public void initialize() {
      initialized = true;
    }
  }

  @Test
  void aRealBackendOnTheClassPathTakesOverPastABrokenRegistration(@TempDir Path dir)
      throws Exception {
    Path services = dir.resolve("META-INF/services/" + SLF4JServiceProvider.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, "demo.NoSuchBackend\n" + OtherBackend.class.getName() + "\n");
    try (var loader =
        new java.net.URLClassLoader(
            new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      NotebookLogProvider provider = new NotebookLogProvider(loader);
      provider.initialize();

      assertThat(OtherBackend.initialized).isTrue();
      assertThat(provider.getLoggerFactory().getLogger("x"))
          .isSameAs(org.slf4j.helpers.NOPLogger.NOP_LOGGER);
    }
  }
}
