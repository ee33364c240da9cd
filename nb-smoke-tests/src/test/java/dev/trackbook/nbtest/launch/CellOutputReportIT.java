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

/** What each cell printed reaches its testcase in the report, as a test's output in Surefire's. */
class CellOutputReportIT {
  @TempDir Path dir;

  private static Path notebooks;
  private static int parallel;

  /** Run only by the tests below. */
  static class Printing {
    @TestFactory
    Stream<DynamicNode> notebooks() {
      return NotebookTests.in(notebooks)
          .options(NotebookOptions.builder().kernelPath(InstalledKernel.kernelsDir()).build())
          .parallel(parallel)
          .tests();
    }
  }

  @Test
  void eachCellsOutputIsItsTestcasesSystemOutAndErr() throws Exception {
    assertThat(run(1)).isEqualTo(expected());
  }

  @Test
  void soInAParallelRunWhereTheTestsOnlyWait() throws Exception {
    assertThat(run(2)).isEqualTo(expected());
  }

  private static Map<String, String> expected() {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("cell 0 [c0]: int x = 41; out", "");
    expected.put("cell 0 [c0]: int x = 41; err", "");
    expected.put("cell 1 [c1]: System.out.println(\"x is \" + x); out", "x is 41\n42\n");
    expected.put("cell 1 [c1]: System.out.println(\"x is \" + x); err", "careful\n");
    expected.put("cell 2 [c2]: System.out.println(\"before\"); out", "before\n");
    expected.put("cell 2 [c2]: System.out.println(\"before\"); err", "");
    return expected;
  }

  private Map<String, String> run(int notebooksAtOnce) throws Exception {
    notebooks = Files.createDirectories(dir.resolve("nb" + notebooksAtOnce));
    parallel = notebooksAtOnce;
    TestNotebooks.write(
        notebooks.resolve("prints.ipynb"),
        "int x = 41;",
        "System.out.println(\"x is \" + x);\nSystem.err.println(\"careful\");\nx + 1",
        "System.out.println(\"before\");\nthrow new IllegalStateException(\"no\");");
    Path reports = dir.resolve("reports" + notebooksAtOnce);
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Printing.class))
                .build(),
            new SurefireXmlReport(reports));

    NodeList cases =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(reports.resolve("TEST-prints.ipynb.xml").toFile())
            .getElementsByTagName("testcase");
    Map<String, String> outputs = new LinkedHashMap<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").startsWith("cell ")) {
        outputs.put(c.getAttribute("name") + " out", text(c, "system-out"));
        outputs.put(c.getAttribute("name") + " err", text(c, "system-err"));
      }
    }
    return outputs;
  }

  private static String text(Element testcase, String element) {
    NodeList found = testcase.getElementsByTagName(element);
    return found.getLength() == 0 ? "" : found.item(0).getTextContent();
  }
}
