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

/** A build that runs JUnit tests concurrently still runs each notebook's cells in order. */
class ConcurrentJUnitIT {

  @Notebooks("src/test/resources/chain")
  static class Chain {
    @TestFactory
    Stream<DynamicNode> notebooks(NotebookTests tests) {
      return tests.tests();
    }
  }

  @Test
  void cellsRunInOrderWhenJUnitRunsTestsConcurrently() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(Chain.class))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter(
                    "junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter(
                    "trackbook.kernelPath", InstalledKernel.kernelsDir().toString())
                .build(),
            listener);
    TestExecutionSummary summary = listener.getSummary();

    assertThat(NestedLaunch.failures(summary)).isEmpty();
    // six cells, each using the one before, and the tracked-runs check
    assertThat(summary.getTestsSucceededCount()).isEqualTo(7);
  }
}
