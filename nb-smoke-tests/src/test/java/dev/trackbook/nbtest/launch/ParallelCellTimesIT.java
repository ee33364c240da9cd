package dev.trackbook.nbtest.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.trackbook.nbtest.InstalledKernel;
import dev.trackbook.nbtest.NotebookOptions;
import dev.trackbook.nbtest.NotebookTests;
import dev.trackbook.nbtest.TestNotebooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * In a parallel run a cell's test only waits for an outcome computed earlier; the JUnit XML must
 * still give each cell the time it took in its kernel.
 */
class ParallelCellTimesIT {
  @TempDir Path dir;

  private static Path notebooks;

  /** Run only by the test below. */
  static class TwoNotebooks {
    @TestFactory
    Stream<DynamicNode> notebooks() {
      return NotebookTests.in(notebooks)
          .options(NotebookOptions.builder().kernelPath(InstalledKernel.kernelsDir()).build())
          .parallel(2)
          .tests();
    }
  }

  @Test
  void eachCellReportsItsOwnTimeNotItsWait() throws Exception {
    notebooks = Files.createDirectories(dir.resolve("nb"));
    // a-slow is reported first; b-quick runs beside it and is done before JUnit reaches it.
    TestNotebooks.write(notebooks.resolve("a-slow.ipynb"), "Thread.sleep(6000);", "1 + 1");
    TestNotebooks.write(notebooks.resolve("b-quick.ipynb"), "int x = 1;", "x + 1");
    Path reports = dir.resolve("reports");
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(TwoNotebooks.class))
                .build(),
            new SurefireXmlReport(reports));

    Map<String, Double> slow = cellTimes(reports.resolve("TEST-a-slow.ipynb.xml"));
    Map<String, Double> quick = cellTimes(reports.resolve("TEST-b-quick.ipynb.xml"));
    assertThat(slow.get("cell 0 [c0]: Thread.sleep(6000);")).isGreaterThanOrEqualTo(6.0);
    // The kernel's start counts for each notebook's first cell: never the ~0 s of a finished wait.
    assertThat(quick.get("cell 0 [c0]: int x = 1;")).isGreaterThan(0.2);
    // and never the slow neighbour's time either
    assertThat(quick.get("cell 0 [c0]: int x = 1;"))
        .isLessThan(slow.get("cell 0 [c0]: Thread.sleep(6000);"));
  }

  private static Map<String, Double> cellTimes(Path xml) throws Exception {
    NodeList cases =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(xml.toFile())
            .getElementsByTagName("testcase");
    Map<String, Double> times = new LinkedHashMap<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      times.put(c.getAttribute("name"), Double.parseDouble(c.getAttribute("time")));
    }
    return times;
  }
}
