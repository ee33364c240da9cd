package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.converter.Converter;
import dev.trackbook.converter.SourceControl;
import dev.trackbook.converter.magic.MagicsModuleTranslator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Pipeline parity end to end: a notebook and its converted pipeline run through the real kernel and
 * the real runner, logging to the ephemeral server. The broken notebook behaves differently under
 * Jupyter (which sets JPY_SESSION_NAME) than as a pipeline, the way notebooks drift from their
 * pipelines when a cell depends on kernel state.
 */
class PipelineParityIT {
  @TempDir Path root;

  @Test
  void aFaithfulPipelinePasses() throws Exception {
    Path nb =
        notebook(
            "same.ipynb",
            "int epochs = 3;\n",
            "import dev.trackbook.client.Tracking;\n%experiment parity-same\n%run start train\n%param lr=0.5 optimizer=sgd",
            "double loss = 0;\nfor (int e = 0; e < epochs; e++) {\n  loss = 1.0 / (e + 1);\n"
                + "  Tracking.metric(\"loss\", loss, e);\n}\n%metric final_loss=loss\n%run end");
    TestExecutionSummary summary = runTests(nb);
    assertThat(NestedLaunch.failures(summary)).isEmpty();
    assertThat(summary.getTestsSucceededCount()).isEqualTo(5); // 3 cells, FINISHED, parity
  }

  @Test
  void aParityBreakIsCaughtAndAttributedToItsCell() throws Exception {
    Path nb =
        notebook(
            "drift.ipynb",
            "int epochs = 3;\n",
            "import dev.trackbook.client.Tracking;\n%experiment parity-drift\n%run start train\n%param lr=0.5",
            "boolean inJupyter = System.getenv(\"JPY_SESSION_NAME\") != null;\n"
                + "double accuracy = inJupyter ? 0.91 : 0.87;\n%metric accuracy=accuracy",
            "if (inJupyter) Tracking.param(\"only_in_notebook\", \"yes\");\n%run end");
    TestExecutionSummary summary = runTests(nb);
    List<String> failures = NestedLaunch.failures(summary);
    assertThat(failures).hasSize(1);
    String report = failures.get(0);
    assertThat(report)
        .contains("pipeline parity", "drift.ipynb", "tolerance")
        .contains("run train: metric accuracy: notebook 0.91, pipeline 0.87 (beyond tolerance)")
        .contains("run train: param only_in_notebook: notebook yes, pipeline (missing)");
    // Each difference sits under the cell that logs it.
    assertThat(report.indexOf("cell 2 [c2]")).isLessThan(report.indexOf("metric accuracy"));
    assertThat(report.indexOf("cell 3 [c3]")).isLessThan(report.indexOf("param only_in_notebook"));
  }

  @Test
  void aNotebookStatesItsOwnToleranceInItsMetadata() throws Exception {
    Path nb =
        notebook(
            "tolerant.ipynb",
            "int epochs = 3;\n",
            "%experiment parity-tolerant\n%run start train",
            "boolean inJupyter = System.getenv(\"JPY_SESSION_NAME\") != null;\n"
                + "double accuracy = inJupyter ? 0.91 : 0.9105;\n%metric accuracy=accuracy",
            "double loss = inJupyter ? 0.5 : 0.6;\n%metric loss=loss\n%run end");
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(nb.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("metadata"))
        .putObject("trackbook")
        .putObject("parity")
        .put("relative_tolerance", 1e-3);
    json.writeValue(nb.toFile(), root);

    List<String> failures = NestedLaunch.failures(runTests(nb));

    // accuracy differs by 5e-4 relative: beyond the default 1e-6, within the notebook's 1e-3.
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0))
        .contains("metric tolerance: relative 0.001")
        .contains("run train: metric loss: notebook 0.5, pipeline 0.6 (beyond tolerance)")
        .doesNotContain("accuracy");
  }

  private TestExecutionSummary runTests(Path nb) {
    Path pipelines = root.resolve("pipelines");
    new Converter(
            root, new MagicsModuleTranslator(), (r, f) -> new SourceControl.Revision(null, false))
        .convert(nb, pipelines);
    ParityTests.notebooks = root.resolve("notebooks");
    ParityTests.pipelines = pipelines;
    return NestedLaunch.run(ParityTests.class);
  }

  /** The first cell is the parameters cell. */
  private Path notebook(String name, String... cells) throws Exception {
    List<TestNotebooks.Cell> list = new ArrayList<>();
    for (int i = 0; i < cells.length; i++) {
      list.add(
          i == 0 ? TestNotebooks.Cell.of(cells[i], "parameters") : TestNotebooks.Cell.of(cells[i]));
    }
    return TestNotebooks.write(root.resolve("notebooks").resolve(name), list);
  }

  /** Run by the launcher above, not discovered by Failsafe (nested static, no IT suffix). */
  static class ParityTests {
    static Path notebooks;
    static Path pipelines;

    @org.junit.jupiter.api.TestFactory
    java.util.stream.Stream<org.junit.jupiter.api.DynamicNode> notebooks() {
      return NotebookTests.in(notebooks, pipelines)
          .options(NotebookOptions.builder().kernelPath(InstalledKernel.kernelsDir()).build())
          .tests();
    }
  }
}
