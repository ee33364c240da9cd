package dev.trackbook.nbtest.launch;

import dev.trackbook.converter.notebook.InputHash;
import dev.trackbook.nbtest.Excerpt;
import dev.trackbook.nbtest.ExecutionRecords;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.UriSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Surefire's XML report format ({@code TEST-<suite>.xml}) with one suite per notebook or pipeline
 * and each test named by its display name ({@code cell 3 [a1b2]: int epochs = 2;}, {@code pipeline
 * parity: ...}). JUnit's legacy XML listener names dynamic tests by position ({@code
 * notebooks(NotebookTests)[2][13]}), which says nothing in a CI server's test view. A cell's
 * testcase carries what the cell printed in {@code system-out} and {@code system-err}, as Surefire
 * gives a test's output.
 */
final class SurefireXmlReport implements TestExecutionListener {
  /**
   * @param stdout what a cell showed, for the testcase's system-out; stderr likewise
   */
  private record Outcome(
      TestIdentifier test,
      double seconds,
      String status,
      Throwable error,
      String stdout,
      String stderr) {}

  static final String GENERATOR = "trackbook-nbtest";
  private static final String GENERATOR_PROPERTY =
      "<property name=\"generator\" value=\"" + GENERATOR + "\"";

  /** What one notebook's (or pipeline's) suite came to, as its report says. */
  record SuiteSummary(String name, long passed, long failed, long notRun, double seconds) {}

  private final Path dir;
  private final Consumer<SuiteSummary> finished;
  private IOException writeFailure;
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  // By the unique id of the tests' container (a notebook); each is written when it finishes.
  private final Map<String, Suite> suites = new LinkedHashMap<>();
  // The report files this run wrote, lower-cased: a case-insensitive file system makes one file of
  // TEST-A.xml and TEST-a.xml.
  private final Set<String> files = new HashSet<>();
  private TestPlan plan;

  /**
   * @param source where the suite comes from (its notebook's URI, else its container's unique id)
   */
  private record Suite(String name, String source, List<Outcome> outcomes) {}

  SurefireXmlReport(Path dir) {
    this(dir, summary -> {});
  }

  /** Also tells {@code finished} about each suite as it is written. */
  SurefireXmlReport(Path dir, Consumer<SuiteSummary> finished) {
    this.dir = dir;
    this.finished = finished;
  }

  /**
   * Removes the reports an earlier run of ours left: each notebook's report is written as it
   * finishes, so a run killed midway (a CI timeout) leaves exactly the reports of the notebooks it
   * finished, none of an earlier run that a CI server would read as this one's.
   */
  @Override
  public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
    plan = testPlan;
    files.clear();
    try {
      Files.createDirectories(dir);
      removeOurs();
    } catch (IOException | RuntimeException e) {
      failed(e);
    }
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    started.put(id.getUniqueId(), System.nanoTime());
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (id.isTest()) {
      record(new Outcome(id, 0, "skipped", new Skipped(reason), "", ""));
    }
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!id.isTest()) {
      writeSuiteOf(id);
      return;
    }
    Long t0 = started.get(id.getUniqueId());
    double seconds = t0 == null ? 0 : (System.nanoTime() - t0) / 1e9;
    // A cell's or pipeline's own time (in parallel runs its test only waited for an outcome), and
    // what a cell printed, which its outcome does not carry.
    Optional<ExecutionRecords.Execution> own =
        id.getSource()
            .filter(UriSource.class::isInstance)
            .flatMap(s -> ExecutionRecords.of(((UriSource) s).getUri()));
    if (own.isPresent()) {
      seconds = own.get().took().toNanos() / 1e9;
    }
    Throwable error = result.getThrowable().orElse(null);
    String status =
        switch (result.getStatus()) {
          case SUCCESSFUL -> "passed";
          case ABORTED -> "skipped";
          case FAILED -> error instanceof AssertionError ? "failure" : "error";
        };
    record(
        new Outcome(
            id,
            seconds,
            status,
            error,
            own.map(ExecutionRecords.Execution::stdout).orElse(""),
            own.map(ExecutionRecords.Execution::stderr).orElse("")));
  }

  private synchronized void record(Outcome outcome) {
    Optional<TestIdentifier> parent = plan.getParent(outcome.test());
    suites
        .computeIfAbsent(
            parent.map(TestIdentifier::getUniqueId).orElse(""),
            k ->
                new Suite(
                    parent.map(TestIdentifier::getDisplayName).orElse("notebooks"),
                    parent
                        .map(
                            p ->
                                p.getSource()
                                    .filter(UriSource.class::isInstance)
                                    .map(s -> ((UriSource) s).getUri().toString())
                                    .orElse(p.getUniqueId()))
                        .orElse(""),
                    new ArrayList<>()))
        .outcomes()
        .add(outcome);
  }

  private synchronized void writeSuiteOf(TestIdentifier container) {
    Suite suite = suites.remove(container.getUniqueId());
    if (suite != null) {
      write(suite);
    }
  }

  @Override
  public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
    // Tests without a container, if any; containers wrote theirs as they finished.
    suites.values().forEach(this::write);
    suites.clear();
  }

  private void write(Suite suite) {
    try {
      write(suite.name(), fileName(suite), suite.outcomes());
    } catch (IOException | RuntimeException e) {
      failed(e);
    }
    List<Outcome> o = suite.outcomes();
    long failed = count(o, "failure") + count(o, "error");
    long notRun = count(o, "skipped");
    finished.accept(
        new SuiteSummary(suite.name(), o.size() - failed - notRun, failed, notRun, seconds(o)));
  }

  // JUnit would only log a listener's exception; the launcher reports it and fails the run.
  private void failed(Exception e) {
    if (writeFailure == null) {
      writeFailure = new IOException("cannot write the JUnit XML reports to " + dir + ": " + e, e);
    }
  }

  /** Why the reports could not be written, if they could not. */
  Optional<IOException> writeFailure() {
    return Optional.ofNullable(writeFailure);
  }

  /**
   * Removes our earlier reports: also those of notebooks this run does not run (renamed, deleted,
   * or not selected this time), which a CI server would read as this run's. Other tools' reports in
   * the same directory carry no {@value #GENERATOR} property and stay.
   */
  private void removeOurs() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
        // Latin-1 reads any bytes: another tool's report need not be UTF-8, and ours is ASCII.
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
            .contains(GENERATOR_PROPERTY)) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * {@code TEST-<suite>.xml} when the suite's name is a plain file name, else that name made one
   * plus a short hash of the name: notebooks named alike ({@code my nb.ipynb} and {@code
   * my_nb.ipynb}, {@code d1/a.ipynb} and {@code d1_a.ipynb}, non-ASCII names) each get their own
   * report, under the same name every run. A name already used in this run (two suites named the
   * same, or differing only in case) is told apart by a hash of the suite's source too. Nothing
   * reads the file name back: the suite's name is inside ({@link ReportHistory}, {@link
   * #removeOurs}).
   */
  private String fileName(Suite suite) {
    String safe = suite.name().replaceAll("[^A-Za-z0-9._-]", "_");
    String file =
        safe.equals(suite.name()) && safe.length() <= MAX_NAME
            ? "TEST-" + safe + ".xml"
            : hashed(safe, suite.name());
    if (!files.add(file.toLowerCase(Locale.ROOT))) {
      file = hashed(safe, suite.name() + "\n" + suite.source());
      files.add(file.toLowerCase(Locale.ROOT));
    }
    return file;
  }

  // Whatever a test failed with (a cell's failure is cut already), a report stays one a CI server
  // reads.
  private static final int BODY_CHARS = 100_000;

  // A file name may have 255 bytes; a notebook's path may be longer.
  private static final int MAX_NAME = 120;

  private static String hashed(String safeName, String key) {
    return "TEST-"
        + safeName.substring(0, Math.min(safeName.length(), MAX_NAME))
        + "-"
        + InputHash.sha256(key).substring(0, 8)
        + ".xml";
  }

  private void write(String suite, String fileName, List<Outcome> outcomes) throws IOException {
    Path file = dir.resolve(fileName);
    try (OutputStream out = Files.newOutputStream(file)) {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", clean(suite));
      xml.writeAttribute("tests", Integer.toString(outcomes.size()));
      xml.writeAttribute("failures", Long.toString(count(outcomes, "failure")));
      xml.writeAttribute("errors", Long.toString(count(outcomes, "error")));
      xml.writeAttribute("skipped", Long.toString(count(outcomes, "skipped")));
      xml.writeAttribute("time", seconds(seconds(outcomes)));
      // Ant's JUnit schema, which CI servers read these by: local time to the second, no zone.
      xml.writeAttribute(
          "timestamp",
          LocalDateTime.now()
              .truncatedTo(ChronoUnit.SECONDS)
              .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
      xml.writeCharacters("\n  ");
      xml.writeStartElement("properties");
      xml.writeEmptyElement("property");
      xml.writeAttribute("name", "generator");
      xml.writeAttribute("value", GENERATOR);
      xml.writeEndElement();
      for (Outcome o : outcomes) {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", clean(o.test().getDisplayName()));
        xml.writeAttribute("classname", clean(suite));
        xml.writeAttribute("time", seconds(o.seconds()));
        if (!o.status().equals("passed")) {
          xml.writeStartElement(o.status());
          String message = o.error() == null ? null : o.error().getMessage();
          if (message != null) {
            // A CI server's one-line summary; the whole message is in the body.
            xml.writeAttribute(
                "message",
                clean(Excerpt.head(summary(message, suite, o.test().getDisplayName()), 200)));
          }
          if (o.error() != null && !o.status().equals("skipped")) {
            xml.writeAttribute("type", o.error().getClass().getName());
            xml.writeCharacters(clean(Excerpt.head(stackTrace(o.error()), BODY_CHARS)));
          }
          xml.writeEndElement();
        }
        output(xml, "system-out", o.stdout());
        output(xml, "system-err", o.stderr());
        xml.writeEndElement();
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException(e);
    }
  }

  /**
   * The line of a failure that says what went wrong: its first, unless that only says where ("nb,
   * cell 2 [c2]: train()", a failed cell's first line), which the testcase's names say already.
   */
  static String summary(String message, String suite, String test) {
    List<String> lines = message.lines().limit(2).toList();
    if (lines.isEmpty()) {
      return "";
    }
    return lines.size() > 1 && lines.get(0).equals(suite + ", " + test)
        ? lines.get(1)
        : lines.get(0);
  }

  /** A testcase's system-out or system-err, as Surefire writes what a test printed. */
  private static void output(XMLStreamWriter xml, String element, String text)
      throws XMLStreamException {
    if (!text.isEmpty()) {
      xml.writeStartElement(element);
      xml.writeCharacters(clean(text));
      xml.writeEndElement();
    }
  }

  private static long count(List<Outcome> outcomes, String status) {
    return outcomes.stream().filter(o -> o.status().equals(status)).count();
  }

  private static double seconds(List<Outcome> outcomes) {
    return outcomes.stream().mapToDouble(Outcome::seconds).sum();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  private static String stackTrace(Throwable t) {
    StringWriter text = new StringWriter();
    t.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  /**
   * {@code s} with what XML 1.0 cannot carry (https://www.w3.org/TR/xml/#charsets) as {@code ?}:
   * control characters but tab and line breaks, U+FFFE, U+FFFF and unpaired surrogates, which a
   * cell's source (so its test's name), output and errors may hold. Every text and attribute goes
   * through here.
   */
  static String clean(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i); // an unpaired surrogate comes back as itself
      boolean allowed =
          c == '\t'
              || c == '\n'
              || c == '\r'
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD)
              || c >= 0x10000;
      if (allowed) {
        out.appendCodePoint(c);
      } else {
        out.append('?');
      }
      i += Character.charCount(c);
    }
    return out.toString();
  }

  /** A skipped test's reason, carried like an error. */
  private static final class Skipped extends Exception {
    Skipped(String reason) {
      super(reason, null, false, false);
    }
  }
}
