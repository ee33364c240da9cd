package dev.trackbook.magics.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Magics logging from threads a cell starts, in a kernel whose session has logged nothing yet (its
 * own kernel: the magics' first logging call is the one that compiles helpers in the notebook).
 */
class ParallelMagicsKernelTest {
  @RegisterExtension static final InProcessKernel inProcess = new InProcessKernel();

  private static Object cell(String source) {
    return inProcess.cell(source);
  }

  @Test
  void aMagicInAParallelStreamLogsWithoutDeadlockingItsCell() throws Exception {
    cell("%tracking " + inProcess.server.url());
    // The session's first logging magic, in the stream's threads: the cell waits for them, and
    // they must not wait for the cell.
    cell(
        "java.util.stream.IntStream.range(0, 8).parallel().forEach(i -> {\n"
            + "  %metric x=i\n"
            + "});");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    cell("%run end");

    JsonNode history =
        inProcess
            .server
            .get("metrics/get-history", "run_id", runId, "metric_key", "x")
            .path("metrics");
    assertThat(history).hasSize(8);
    JsonNode tags =
        inProcess.server.get("runs/get", "run_id", runId).path("run").path("data").path("tags");
    // The provenance the first logging magic adds came after the cell.
    assertThat(tags.toString()).contains("trackbook.jdk");
  }

  @Test
  void aMagicThatMustRunAsItsOwnCallIsRefusedInSuchAThreadNotHung() {
    Throwable error =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                cell(
                    "java.util.stream.IntStream.range(0, 4).parallel().forEach(i -> {\n"
                        + "  %tracking "
                        + inProcess.server.url()
                        + "\n"
                        + "});"));
    assertThat(error).isNotNull();
    assertThat(String.join("\n", inProcess.kernel.formatError(error)))
        .contains("cannot run in a thread the cell started");
    assertThat(cell("1 + 1")).isEqualTo(2);
  }
}
