package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A failed cell is reported with the notebook's frames only, not the runner's; so are the tests it
 * stops.
 */
class FailureFramesIT {

  @Notebooks("src/test/resources/failing")
  static class Failing {
    @TestFactory
    Stream<DynamicNode> notebooks(NotebookTests tests) {
      return tests.tests();
    }
  }

  @Test
  void aFailedCellCarriesTheNotebooksFramesAndNoneOfTheRunners() {
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    List<Throwable> notRun = new ArrayList<>();
    TestExecutionListener aborted =
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
              result.getThrowable().ifPresent(notRun::add);
            }
          }
        };
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(Failing.class))
                .configurationParameter(
                    "trackbook.kernelPath", InstalledKernel.kernelsDir().toString())
                .build(),
            listener,
            aborted);

    assertThat(listener.getSummary().getFailures()).hasSize(1);
    Throwable failure = listener.getSummary().getFailures().get(0).getException();
    assertThat(failure.getMessage())
        .contains("IllegalStateException: boom 1")
        .contains("at cell (cell 1 [c1], line 1)");
    // Surefire reports and IDEs print these below the message.
    assertThat(failure.getStackTrace()).isEmpty();
    // The tests not run after it (the tracked-runs check) say why, without frames either.
    assertThat(notRun).isNotEmpty().allSatisfy(t -> assertThat(t.getStackTrace()).isEmpty());
  }
}
