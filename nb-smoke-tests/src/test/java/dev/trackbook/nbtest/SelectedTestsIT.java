package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
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
