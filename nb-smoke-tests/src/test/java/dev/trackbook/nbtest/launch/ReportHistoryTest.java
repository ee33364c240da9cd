package dev.trackbook.nbtest.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

class ReportHistoryTest {
  @TempDir Path dir;

  /** Two notebooks' worth of tests, one of them failing; run only by the test below. */
  static class TwoSuites {
    @TestFactory
    Stream<DynamicNode> notebooks() {
      return Stream.of(
          DynamicContainer.dynamicContainer(
              "slow.ipynb",
              Stream.of(DynamicTest.dynamicTest("cell 0 [a]: sleep", () -> Thread.sleep(300)))),
          DynamicContainer.dynamicContainer(
              "failed.ipynb",
              Stream.of(
                  DynamicTest.dynamicTest(
                      "cell 0 [b]: boom",
                      () -> {
                        throw new AssertionError("boom");
                      }))));
    }
  }

  @Test
  void theNextRunReadsBackTheTimesOfNotebooksThatPassed() throws Exception {
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(TwoSuites.class))
                .build(),
            new SurefireXmlReport(dir));
    Files.writeString(dir.resolve("TEST-broken.xml"), "<testsuite name=\"cut");
    Files.writeString(dir.resolve("TEST-foreign.xml"), "<html name=\"x\" time=\"9\"/>");
    Files.writeString(dir.resolve("notes.txt"), "not a report");

    Map<String, Duration> durations = ReportHistory.durations(dir);

    // failed.ipynb: the cells after a failure did not run, so its time orders nothing.
    assertThat(durations).containsOnlyKeys("slow.ipynb");
    double written =
        Double.parseDouble(
            DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(dir.resolve("TEST-slow.ipynb.xml").toFile())
                .getDocumentElement()
                .getAttribute("time"));
    assertThat(written).isGreaterThanOrEqualTo(0.3);
    assertThat(durations.get("slow.ipynb").toMillis()).isEqualTo(Math.round(written * 1000));
    assertThat(ReportHistory.durations(dir.resolve("missing"))).isEmpty();
  }
}
