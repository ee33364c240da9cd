package dev.trackbook.nbtest.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SurefireXmlReportTest {
  @TempDir Path dir;

  /** A notebook's tests as NotebookTests makes them; run only by the tests that select it. */
  static class NotebookLike {
    @TestFactory
    Stream<DynamicNode> notebooks() {
      return Stream.of(
          DynamicContainer.dynamicContainer(
              "demo.ipynb",
              Stream.of(
                  DynamicTest.dynamicTest("cell 0 [a]: int x = 1;", () -> {}),
                  DynamicTest.dynamicTest(
                      "cell 1 [b]: if (x < 2 && y > \"q\")",
                      () -> Assertions.fail("demo.ipynb, cell 1: <boom> & \"quoted\"\u0001")),
                  DynamicTest.dynamicTest(
                      "cell 2 [c]: load()",
                      () -> {
                        throw new IllegalStateException("kernel died");
                      }),
                  DynamicTest.dynamicTest(
                      "tracked runs end FINISHED",
                      () -> Assumptions.abort("not checked: cell 1 failed")))),
          DynamicContainer.dynamicContainer(
              "other.ipynb", Stream.of(DynamicTest.dynamicTest("cell 0 [z]: 1", () -> {}))));
    }
  }

  /** Notebooks whose names make the same file name when made safe for one. */
  static class NamedAlike {
    static final List<String> NAMES =
        List.of("my nb.ipynb", "my_nb.ipynb", "d1/a.ipynb", "d1_a.ipynb", "ü.ipynb", "é.ipynb");

    @TestFactory
    Stream<DynamicNode> notebooks() {
      Stream<DynamicNode> named =
          NAMES.stream()
              .map(
                  name ->
                      DynamicContainer.dynamicContainer(
                          name,
                          Stream.of(
                              DynamicTest.dynamicTest(
                                  "cell 0 [a]: run()",
                                  () -> {
                                    if (name.equals("my nb.ipynb")) {
                                      Assertions.fail(name + " fails");
                                    }
                                  }))));
      // Two standalone pipelines of the same file name in different directories.
      Stream<DynamicNode> sameName =
          Stream.of("a", "b")
              .map(
                  d ->
                      DynamicContainer.dynamicContainer(
                          "p.java",
                          java.net.URI.create("file:/work/" + d + "/p.java"),
                          Stream.of(DynamicTest.dynamicTest("runs every cell", () -> {}))));
      return Stream.concat(named, sameName);
    }
  }

  @Test
  void notebooksNamedAlikeGetAReportEachUnderTheSameFileNamesEveryRun() throws Exception {
    List<String> first = reportFiles(NamedAlike.class);
    List<String> second = reportFiles(NamedAlike.class);

    assertThat(first).hasSize(NamedAlike.NAMES.size() + 2).doesNotHaveDuplicates();
    assertThat(second).containsExactlyInAnyOrderElementsOf(first);
    assertThat(first).contains("TEST-my_nb.ipynb.xml", "TEST-d1_a.ipynb.xml");
    java.util.Map<String, String> failuresBySuite = new java.util.HashMap<>();
    for (String f : first) {
      Element suite = parse(dir.resolve(f)).getDocumentElement();
      failuresBySuite.merge(
          suite.getAttribute("name"), suite.getAttribute("failures"), String::concat);
      // Ant's schema (xs:dateTime without zone or fraction), as Jenkins and GitLab read it
      assertThat(suite.getAttribute("timestamp"))
          .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    }
    assertThat(failuresBySuite)
        .containsEntry("my nb.ipynb", "1")
        .containsEntry("my_nb.ipynb", "0")
        .containsEntry("p.java", "00");
    // The next run's order still reads every passing notebook's time back.
    assertThat(ReportHistory.durations(dir).keySet())
        .containsExactlyInAnyOrder(
            "my_nb.ipynb", "d1/a.ipynb", "d1_a.ipynb", "ü.ipynb", "é.ipynb", "p.java");
  }

  private List<String> reportFiles(Class<?> tests) throws Exception {
    SurefireXmlReport report = new SurefireXmlReport(dir);
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tests)).build(),
            report);
    assertThat(report.writeFailure()).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).toList();
    }
  }

  /** A notebook whose names and errors hold characters XML 1.0 cannot carry. */
  static class Unprintable {
    @TestFactory
    Stream<DynamicNode> notebooks() {
      return Stream.of(
          DynamicContainer.dynamicContainer(
              "ctl\u0001.ipynb",
              Stream.of(
                  DynamicTest.dynamicTest(
                      "cell 0 [a]: \u0001 \uFFFE \uD83D\uDE00",
                      () -> Assertions.fail("bad \uFFFF char, lone \uD800 surrogate\u001B[0m")))));
    }
  }

  @Test
  void everyNameAndTextIsValidXml() throws Exception {
    List<String> files = reportFiles(Unprintable.class);

    Element suite = parse(dir.resolve(files.get(0))).getDocumentElement();
    assertThat(suite.getAttribute("name")).isEqualTo("ctl?.ipynb");
    Element test = (Element) suite.getElementsByTagName("testcase").item(0);
    assertThat(test.getAttribute("name")).isEqualTo("cell 0 [a]: ? ? \uD83D\uDE00");
    assertThat(test.getAttribute("classname")).isEqualTo("ctl?.ipynb");
    Element failure = (Element) suite.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("bad ? char, lone ? surrogate?[0m");
    assertThat(failure.getTextContent()).contains("bad ? char, lone ? surrogate?[0m");
  }

  /** A cell failing with a long first line and a megabyte of text after it. */
  static class Huge {
    static final String FIRST = "big.ipynb, cell 0 [a]: " + "q".repeat(1_000);

    @TestFactory
    Stream<DynamicNode> notebooks() {
      return Stream.of(
          DynamicContainer.dynamicContainer(
              "big.ipynb",
              Stream.of(
                  DynamicTest.dynamicTest(
                      "cell 0 [a]: big()",
                      () -> Assertions.fail(FIRST + "\nboom\n" + "z".repeat(1_000_000))))));
    }
  }

  @Test
  void theMessageIsItsFirstLineCutShortAndTheBodyIsCapped() throws Exception {
    Path report = dir.resolve(reportFiles(Huge.class).get(0));

    Element failure =
        (Element) parse(report).getDocumentElement().getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo(
            Huge.FIRST.substring(0, 200)
                + " [... "
                + (Huge.FIRST.length() - 200)
                + " more characters]");
    assertThat(failure.getTextContent()).contains(Huge.FIRST + "\nboom\nzzz", "more characters]");
    assertThat(Files.size(report)).isLessThan(110_000);
  }

  @Test
  void aFailedCellsSummaryIsWhatWentWrongNotWhereTheTestcaseSaysItIs() {
    String where = "fail.ipynb, cell 2 [c2]: train();";
    assertThat(
            SurefireXmlReport.summary(
                where + "\njava.lang.IllegalStateException: boom\n\tat cell (cell 2 [c2], line 1)",
                "fail.ipynb",
                "cell 2 [c2]: train();"))
        .isEqualTo("java.lang.IllegalStateException: boom");
    // Any other first line is the summary, also when it is all there is.
    assertThat(SurefireXmlReport.summary(where, "fail.ipynb", "cell 2 [c2]: train();"))
        .isEqualTo(where);
    assertThat(SurefireXmlReport.summary("a.ipynb: runs that did not end\nr1", "a.ipynb", "x"))
        .isEqualTo("a.ipynb: runs that did not end");
    assertThat(SurefireXmlReport.summary("", "a.ipynb", "x")).isEmpty();
  }

  /** Two notebooks whose tests look at the reports directory while the run goes on. */
  static class Watching {
    static Path reports;

    @TestFactory
    Stream<DynamicNode> notebooks() {
      return Stream.of(
          DynamicContainer.dynamicContainer(
              "first.ipynb",
              Stream.of(
                  DynamicTest.dynamicTest(
                      "cell 0 [a]: before",
                      () -> {
                        assertThat(reports.resolve("TEST-gone.ipynb.xml")).doesNotExist();
                        assertThat(reports.resolve("TEST-com.example.FooTest.xml")).exists();
                      }))),
          DynamicContainer.dynamicContainer(
              "second.ipynb",
              Stream.of(
                  DynamicTest.dynamicTest(
                      "cell 0 [b]: after",
                      () -> assertThat(reports.resolve("TEST-first.ipynb.xml")).exists()))));
    }
  }

  @Test
  void eachNotebooksReportIsWrittenAsItFinishesAndOurOldOnesGoWhenTheRunStarts() throws Exception {
    runNotebookLike(dir); // leaves our demo and other reports
    Files.move(dir.resolve("TEST-other.ipynb.xml"), dir.resolve("TEST-gone.ipynb.xml"));
    Files.writeString(dir.resolve("TEST-com.example.FooTest.xml"), "<testsuite name=\"Foo\"/>");
    Watching.reports = dir;

    SurefireXmlReport report = new SurefireXmlReport(dir);
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Watching.class))
                .build(),
            report);

    assertThat(report.writeFailure()).isEmpty();
    for (String notebook : List.of("first", "second")) {
      Element suite = parse(dir.resolve("TEST-" + notebook + ".ipynb.xml")).getDocumentElement();
      assertThat(suite.getAttribute("failures")).as(notebook).isEqualTo("0");
      assertThat(suite.getAttribute("tests")).as(notebook).isEqualTo("1");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "TEST-first.ipynb.xml", "TEST-second.ipynb.xml", "TEST-com.example.FooTest.xml");
    }
  }

  private SurefireXmlReport runNotebookLike(Path reports) {
    SurefireXmlReport report = new SurefireXmlReport(reports);
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(NotebookLike.class))
                .build(),
            report);
    return report;
  }

  @Test
  void reportsOurEarlierRunLeftForOtherNotebooksGoOtherToolsReportsStay() throws Exception {
    runNotebookLike(dir);
    // As if an earlier run had a notebook this one does not: renamed, deleted or not selected.
    Files.move(dir.resolve("TEST-other.ipynb.xml"), dir.resolve("TEST-renamed.ipynb.xml"));
    // Another tool's report, not in UTF-8.
    Files.write(
        dir.resolve("TEST-com.example.FooTest.xml"),
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><testsuite name=\"Füße\"/>"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    assertThat(runNotebookLike(dir).writeFailure()).isEmpty();

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "TEST-demo.ipynb.xml", "TEST-other.ipynb.xml", "TEST-com.example.FooTest.xml");
    }
  }

  @Test
  void reportsThatCannotBeWrittenAreAFailureToReportNotAWarning() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("reports"), "a file");
    assertThat(runNotebookLike(notADirectory).writeFailure())
        .hasValueSatisfying(
            e -> assertThat(e).hasMessageStartingWith("cannot write the JUnit XML reports to "));
  }

  @Test
  void oneSuitePerNotebookWithTestsNamedByTheirCells() throws Exception {
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(NotebookLike.class))
                .build(),
            new SurefireXmlReport(dir));

    Document demo = parse(dir.resolve("TEST-demo.ipynb.xml"));
    Element suite = demo.getDocumentElement();
    assertThat(suite.getAttribute("name")).isEqualTo("demo.ipynb");
    assertThat(
            List.of("tests", "failures", "errors", "skipped").stream()
                .map(suite::getAttribute)
                .toList())
        .containsExactly("4", "1", "1", "1");
    NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(((Element) cases.item(1)).getAttribute("name"))
        .isEqualTo("cell 1 [b]: if (x < 2 && y > \"q\")");
    assertThat(((Element) cases.item(1)).getAttribute("classname")).isEqualTo("demo.ipynb");
    Element failure = (Element) suite.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo("demo.ipynb, cell 1: <boom> & \"quoted\"?");
    assertThat(failure.getTextContent()).contains("AssertionFailedError");
    Element error = (Element) suite.getElementsByTagName("error").item(0);
    assertThat(error.getAttribute("type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(((Element) suite.getElementsByTagName("skipped").item(0)).getAttribute("message"))
        .isEqualTo("not checked: cell 1 failed");
    assertThat(
            parse(dir.resolve("TEST-other.ipynb.xml")).getDocumentElement().getAttribute("tests"))
        .isEqualTo("1");
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(2);
    }
  }

  private static Document parse(Path file) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }
}
