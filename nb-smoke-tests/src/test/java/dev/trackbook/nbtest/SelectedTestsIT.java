package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * One test of a notebook selected by its unique id, as an IDE runs a single test or reruns the
 * failed ones: it sees what the cells above it define.
 */
class SelectedTestsIT {

  @Notebooks("src/test/resources/chain")
  static class Chain {
    @TestFactory
    Stream<DynamicNode> notebooks(NotebookTests tests) {
      return tests.tests();
    }
  }

  private static final String NOTEBOOK =
      "[engine:junit-jupiter]/[class:"
          + Chain.class.getName()
          + "]/[test-factory:notebooks(dev.trackbook.nbtest.NotebookTests)]/[dynamic-container:#1]";

  @Test
  void aCellRunAloneRunsTheCellsAboveItFirst() {
    // c5: assert e == 5, where e comes from c4, from c3, ... from c0.
    TestExecutionSummary summary = run(NOTEBOOK + "/[dynamic-test:#6]");

    assertThat(NestedLaunch.failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
  }

  @Test
  void theTrackedRunsCheckRunAloneRunsTheNotebookFirst() {
    TestExecutionSummary summary = run(NOTEBOOK + "/[dynamic-test:#7]");

    assertThat(NestedLaunch.failures(summary)).isEmpty();
    assertThat(summary.getTestsAbortedCount()).isZero();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
  }

  @Notebooks(value = "configured by trackbook.notebooks", parallel = 2)
  static class TwoAtOnce {
    @TestFactory
    Stream<DynamicNode> notebooks(NotebookTests tests) {
      return tests.tests();
    }
  }

  @Test
  void aParallelRunOfOneSelectedNotebookStartsNoOther(@TempDir Path dir) throws Exception {
    TestNotebooks.write(dir.resolve("a.ipynb"), "int a = 1;", "a + 1");
    // Leaves a file beside itself (a kernel's working directory is its notebook's) once started.
    TestNotebooks.write(
        dir.resolve("b.ipynb"),
        "java.nio.file.Files.writeString(java.nio.file.Path.of(\"b-ran\"), \"\")");
    String a =
        "[engine:junit-jupiter]/[class:"
            + TwoAtOnce.class.getName()
            + "]/[test-factory:notebooks(dev.trackbook.nbtest.NotebookTests)]/[dynamic-container:#1]";

    TestExecutionSummary one = run(DiscoverySelectors.selectUniqueId(a), dir);
    assertThat(NestedLaunch.failures(one)).isEmpty();
    assertThat(one.getTestsSucceededCount()).isEqualTo(3); // its two cells, its runs' check
    Thread.sleep(3000); // had b been queued beside a, its one cell would have run by now
    assertThat(dir.resolve("b-ran")).doesNotExist();

    // The whole class: both start (b's file shows this test would see b run).
    TestExecutionSummary all = run(DiscoverySelectors.selectClass(TwoAtOnce.class), dir);
    assertThat(NestedLaunch.failures(all)).isEmpty();
    assertThat(dir.resolve("b-ran")).exists();
  }

  private static TestExecutionSummary run(DiscoverySelector selector, Path notebooks) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selector)
                .configurationParameter("trackbook.notebooks", notebooks.toString())
                .configurationParameter(
                    "trackbook.kernelPath", InstalledKernel.kernelsDir().toString())
                .build(),
            listener);
    return listener.getSummary();
  }

  private static TestExecutionSummary run(String uniqueId) {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectUniqueId(uniqueId))
                .configurationParameter(
                    "trackbook.kernelPath", InstalledKernel.kernelsDir().toString())
                .build(),
            listener);
    return listener.getSummary();
  }
}
