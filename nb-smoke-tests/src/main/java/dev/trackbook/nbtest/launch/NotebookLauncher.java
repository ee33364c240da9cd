package dev.trackbook.nbtest.launch;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs notebooks as tests without Maven ({@code ./trackbook test}): the JUnit Platform executes
 * {@link NotebookSuite}, a summary goes to the console and Surefire-compatible XML ({@code
 * TEST-*.xml}) to {@code reportsDir}, which CI servers read like any JUnit report. The reports a
 * previous run left there order this one: notebooks that took longest start first.
 */
public final class NotebookLauncher {
  private NotebookLauncher() {}

  /**
   * @param targets notebook files or directories
   * @param settings further {@code trackbook.*} configuration parameters (see {@link
   *     ConfiguredNotebooks})
   * @param out progress and results
   * @param err why the run could not test or report (nothing found, reports not written): apart
   *     from the results, as a script reading them expects
   * @return 0 when every cell passed, 1 otherwise
   */
  public static int run(
      List<Path> targets,
      Map<String, String> settings,
      Path reportsDir,
      PrintWriter out,
      PrintWriter err) {
    Map<String, String> config = new LinkedHashMap<>(settings);
    config.put(
        ConfiguredNotebooks.NOTEBOOK_LINES,
        targets.stream().map(Path::toString).collect(Collectors.joining("\n")));
    // Read before this run's report listener removes them: the last run's times order this one.
    if (!config.containsKey(ConfiguredNotebooks.PREVIOUS_REPORTS)) {
      config.put(
          ConfiguredNotebooks.PREVIOUS_DURATIONS,
          ReportHistory.encode(ReportHistory.durations(reportsDir)));
    }
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(NotebookSuite.class))
            .configurationParameters(config)
            .build();
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    // A line per notebook as it finishes: a long run shows where it is.
    SurefireXmlReport xml = new SurefireXmlReport(reportsDir, s -> progress(out, s));
    launcher.execute(request, summary, xml);
    TestExecutionSummary s = summary.getSummary();
    if (xml.writeFailure().isPresent()) {
      err.println("trackbook: " + xml.writeFailure().get().getMessage());
      err.flush();
    }
    if (s.getTestsFoundCount() == 0) {
      err.println(
          "trackbook: no notebooks or pipelines found in "
              + targets.stream().map(Path::toString).collect(Collectors.joining(", ")));
      err.flush();
      return 1;
    }
    s.getFailures()
        .forEach(
            f -> {
              out.println("FAILED " + f.getTestIdentifier().getDisplayName());
              out.println("  " + f.getException().getMessage().replace("\n", "\n  "));
            });
    out.printf(
        "%d passed, %d failed, %d not run (reports in %s)%n",
        s.getTestsSucceededCount(),
        s.getTestsFailedCount(),
        s.getTestsAbortedCount() + s.getTestsSkippedCount(),
        reportsDir);
    out.flush();
    return s.getTotalFailureCount() == 0
            && s.getTestsFoundCount() > 0
            && xml.writeFailure().isEmpty()
        ? 0
        : 1;
  }

  private static void progress(PrintWriter out, SurefireXmlReport.SuiteSummary s) {
    StringBuilder line = new StringBuilder(s.failed() > 0 ? "FAIL " : "ok   ");
    line.append(s.name()).append(": ").append(s.passed()).append(" passed");
    if (s.failed() > 0) {
      line.append(", ").append(s.failed()).append(" failed");
    }
    if (s.notRun() > 0) {
      line.append(", ").append(s.notRun()).append(" not run");
    }
    out.println(line.append(String.format(java.util.Locale.ROOT, " (%.1f s)", s.seconds())));
    out.flush();
  }
}
