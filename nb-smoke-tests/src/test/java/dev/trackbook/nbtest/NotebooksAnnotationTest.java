package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** {@code @Notebooks} hands its directories to the test factory (no kernel needed to see it). */
class NotebooksAnnotationTest {

  @Notebooks("src/test/resources/declared")
  static class Declared {
    @TestFactory
    Stream<DynamicNode> notebooks(NotebookTests tests) {
      return tests.tests();
    }
  }

  @Test
  void theDeclaredDirectoryIsScannedAndABadNotebookFailsByName() {
    List<String> names = new ArrayList<>();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    TestExecutionListener collect =
        new TestExecutionListener() {
          @Override
          public void executionStarted(TestIdentifier id) {
            names.add(id.getDisplayName());
          }
        };
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Declared.class))
                .build(),
            summary,
            collect);
    assertThat(names).contains("old-format.ipynb: readable");
    assertThat(summary.getSummary().getTestsFailedCount()).isEqualTo(1);
    Throwable failure = summary.getSummary().getFailures().get(0).getException();
    assertThat(failure.getMessage()).contains("old-format.ipynb is not an nbformat 4 notebook");
    // The runner's frames would follow the message in every report and IDE.
    assertThat(failure.getStackTrace()).isEmpty();
  }
}
