package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The check after a notebook's cells: every run it logged ended FINISHED, whether a magic started
 * it or plain code did. Runs through the real kernel and the ephemeral server.
 */
class TrackedRunStatusIT {
  @TempDir Path root;

  @Test
  void aRunEndedOtherThanFinishedFailsItsNotebookAfterItsCellsPass() throws Exception {
    TestNotebooks.write(
        root.resolve("magic.ipynb"),
        "import dev.trackbook.client.Tracking;\n%run start train\n%metric loss=0.5",
        "Tracking.endRun(\"FAILED\");");
    List<String> failures = NestedLaunch.failures(runTests());
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .startsWith("tracked runs end FINISHED: magic.ipynb: runs that did not end FINISHED: ")
        .contains("train (")
        .endsWith(") is FAILED");
  }

  @Test
  void runsStartedInPlainCodeAreCheckedToo() throws Exception {
    TestNotebooks.write(
        root.resolve("plain.ipynb"),
        "import dev.trackbook.client.Tracking;\n"
            + "Tracking.startRun(\"plain\");\nTracking.metric(\"loss\", 0.5);",
        "Tracking.startRun(\"inner\");\nTracking.endRun(\"KILLED\");\nTracking.endRun();");
    List<String> failures = NestedLaunch.failures(runTests());
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .startsWith("tracked runs end FINISHED: plain.ipynb: runs that did not end FINISHED: ")
        .contains("inner (")
        .doesNotContain("plain (");
  }

  private TestExecutionSummary runTests() {
    StatusTests.notebooks = root;
    return NestedLaunch.run(StatusTests.class);
  }

  /** Run by the launcher above, not discovered by Failsafe (nested static, no IT suffix). */
  static class StatusTests {
    static Path notebooks;

    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicNode> notebooks() {
      return NotebookTests.in(notebooks)
          .options(NotebookOptions.builder().kernelPath(InstalledKernel.kernelsDir()).build())
          .tests();
    }
  }
}
