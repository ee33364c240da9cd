package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner itself, through the real installed kernel: attribution, raises-exception, timeouts,
 * parameters.
 */
class NotebookRunnerIT {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path dir;

  /** Each cell: its source, then its tags. */
  private Path notebook(String name, Object[]... cells) throws Exception {
    List<TestNotebooks.Cell> list = new ArrayList<>();
    for (Object[] c : cells) {
      String[] tags = Arrays.copyOfRange(c, 1, c.length, String[].class);
      list.add(TestNotebooks.Cell.of((String) c[0], tags));
    }
    return TestNotebooks.write(dir.resolve(name), list);
  }

  private List<CellOutcome> run(Path nb, NotebookOptions.Builder options) throws Exception {
    NotebookFile file = NotebookFile.read(nb, json);
    try (NotebookExecution exec =
        new NotebookExecution(
            file, options.kernelPath(InstalledKernel.kernelsDir()).build(), json)) {
      exec.codeCells().forEach(exec::run);
      return exec.outcomes();
    }
  }

  @Test
  void failingCellIsNamedAndTheRestIsNotRun() throws Exception {
    Path nb =
        notebook(
            "fails.ipynb",
            new Object[] {"int x = 1;"},
            new Object[] {"throw new IllegalStateException(\"boom \" + x);"},
            new Object[] {"int y = 2;"});
    List<CellOutcome> out = run(nb, NotebookOptions.builder());
    assertThat(out)
        .extracting(CellOutcome::status)
        .containsExactly(
            CellOutcome.Status.PASSED, CellOutcome.Status.FAILED, CellOutcome.Status.NOT_RUN);
    assertThat(out.get(1).message())
        .contains("fails.ipynb", "cell 1 [c1]", "throw new IllegalStateException", "boom 1");
    assertThat(out.get(2).message()).contains("cell 1 [c1]");
  }

  @Test
  void stackFramesNameTheNotebooksCellsNotTheKernelsExecutionCounts() throws Exception {
    // The injected smoke parameters are an execution of their own: counts and cells part ways.
    Path nb =
        notebook(
            "frames.ipynb",
            new Object[] {"int n = 10;", "parameters"},
            new Object[] {"int[] xs = new int[n];\nint at(int i) {\n  return xs[i];\n}"},
            new Object[] {
              "int y = 1;\nfor (int i = 0; i < 25; i++) System.out.println(\"y = \" + (y + i));\n"
                  + "System.out.println(at(n + y));"
            });
    List<CellOutcome> out = run(nb, NotebookOptions.builder().smokeParameter("n", 2));
    assertThat(out.get(2).message())
        .contains("ArrayIndexOutOfBoundsException: Index 3 out of bounds for length 2")
        .contains("at at (cell 1 [c1], line 3)")
        .contains("at cell (cell 2 [c2], line 3)")
        // What it printed before, the last lines of it.
        .contains("--- its output (the last 20 of 25 lines):\ny = 6\n")
        .endsWith("\ny = 25")
        .doesNotContain("y = 5\n");
  }

  @Test
  void aMagicsUsageErrorIsOneLine() throws Exception {
    Path nb = notebook("usage.ipynb", new Object[] {"String label = \"fast\";\n%metric x=label"});
    assertThat(run(nb, NotebookOptions.builder()).get(0).message())
        .isEqualTo(
            "usage.ipynb, cell 0 [c0]: String label = \"fast\";\n"
                + "UsageError: %metric: label is a String, not a number");
  }

  @Test
  void aKernelThatExitsFailsItsCellWithTheExitCodeAndTheRestIsNotRun() throws Exception {
    Path nb =
        notebook(
            "exits.ipynb",
            new Object[] {"System.err.println(\"bye\"); System.exit(3);"},
            new Object[] {"1 + 1"});
    List<CellOutcome> out = run(nb, NotebookOptions.builder());
    assertThat(out)
        .extracting(CellOutcome::status)
        .containsExactly(CellOutcome.Status.FAILED, CellOutcome.Status.NOT_RUN);
    assertThat(out.get(0).message())
        .contains("exits.ipynb, cell 0 [c0]", "kernel died while executing a cell (exit 3");
  }

  @Test
  void raisesExceptionCellMayRaiseAndTheNotebookGoesOn() throws Exception {
    // As nbclient reads the tag: an error is allowed, not demanded.
    Path nb =
        notebook(
            "raises.ipynb",
            new Object[] {"Integer.parseInt(\"x\");", "raises-exception"},
            new Object[] {"1 + 1", "raises-exception"},
            new Object[] {"int after = 3;"});
    List<CellOutcome> out = run(nb, NotebookOptions.builder());
    assertThat(out).extracting(CellOutcome::status).containsOnly(CellOutcome.Status.PASSED);
  }

  @Test
  void timeoutInterruptsARunawayCellAndFails() throws Exception {
    Path nb =
        notebook("spin.ipynb", new Object[] {"System.out.println(\"epoch 1\");\nwhile (true) {}"});
    long t0 = System.nanoTime();
    List<CellOutcome> out = run(nb, NotebookOptions.builder().cellTimeout(Duration.ofMillis(4500)));
    assertThat(out.get(0).status()).isEqualTo(CellOutcome.Status.FAILED);
    assertThat(out.get(0).message())
        .contains("timed out after 4.5 s")
        .endsWith("--- its output:\nepoch 1");
    // Bounded by the interrupt, not by the notebook's 10-minute limit.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aCellCutShortByTheNotebooksLimitSaysSo() throws Exception {
    Path nb = notebook("spin-long.ipynb", new Object[] {"while (true) {}"});
    List<CellOutcome> out =
        // The notebook's time includes its kernel's start: room for a slow one.
        run(nb, NotebookOptions.builder().notebookTimeout(Duration.ofSeconds(20)));
    assertThat(out.get(0).status()).isEqualTo(CellOutcome.Status.FAILED);
    assertThat(out.get(0).message())
        .contains("timed out: the notebook's limit of 20 s ran out in this cell");
  }

  @Test
  void checkOutputComparesTaggedCellsWithTheirSavedOutputAfterSanitizers() throws Exception {
    ObjectNode nb =
        (ObjectNode)
            json.readTree(
                java.nio.file.Files.readString(
                    notebook(
                        "outputs.ipynb",
                        new Object[] {
                          "System.out.println(\"took \" + System.nanoTime() + \" ns\");",
                          "check-output"
                        },
                        new Object[] {"System.out.println(\"took 5 ns\");"},
                        new Object[] {"1 + 2", "check-output"},
                        new Object[] {"System.out.println(\"sum \" + (1 + 2));", "check-output"})));
    // Saved outputs as Jupyter writes them; the last one is no longer what the cell prints.
    var cells = nb.withArray("cells");
    savedStdout((ObjectNode) cells.get(0), "took 17 ns\n");
    savedStdout((ObjectNode) cells.get(1), "anything: this cell is not tagged\n");
    ObjectNode result =
        ((ObjectNode) cells.get(2))
            .putArray("outputs")
            .addObject()
            .put("output_type", "execute_result");
    result.putObject("data").put("text/plain", "3");
    result.putObject("metadata");
    result.put("execution_count", 3);
    savedStdout((ObjectNode) cells.get(3), "sum 4\n");
    nb.with("metadata")
        .with("trackbook")
        .putArray("sanitizers")
        .addObject()
        .put("regex", "took \\d+ ns")
        .put("replace", "took N ns");
    Path file = dir.resolve("outputs.ipynb");
    json.writeValue(file.toFile(), nb);

    List<CellOutcome> out = run(file, NotebookOptions.builder());

    assertThat(out)
        .extracting(CellOutcome::status)
        .containsExactly(
            CellOutcome.Status.PASSED,
            CellOutcome.Status.PASSED,
            CellOutcome.Status.PASSED,
            CellOutcome.Status.FAILED);
    assertThat(out.get(3).message())
        .contains("cell 3 [c3]", "output differs from the saved one", "--- saved\nsum 4")
        .contains("+++ now\nsum 3");
  }

  private static void savedStdout(ObjectNode cell, String text) {
    cell.putArray("outputs")
        .addObject()
        .put("output_type", "stream")
        .put("name", "stdout")
        .put("text", text);
  }

  @Test
  void smokeParametersAreInjectedAfterTheParametersCell() throws Exception {
    Path nb =
        notebook(
            "params.ipynb",
            new Object[] {"int epochs = 50;", "parameters"},
            new Object[] {"if (epochs != 1) throw new AssertionError(\"epochs=\" + epochs);"});
    assertThat(run(nb, NotebookOptions.builder().smokeParameter("epochs", "1")))
        .extracting(CellOutcome::status)
        .containsOnly(CellOutcome.Status.PASSED);
    assertThat(run(nb, NotebookOptions.builder()).get(1).message()).contains("epochs=50");
  }

  @Test
  void everyParametersCellGetsItsValuesTypedByItsDeclarations() throws Exception {
    Path nb =
        notebook(
            "two-cells.ipynb",
            new Object[] {"int epochs = 5;", "parameters"},
            new Object[] {
              "double lr = Math.pow(10, -1);\nlong steps = Long.parseLong(\"3\");", "parameters"
            },
            new Object[] {
              "if (epochs != 1 || lr != 1e-3 || steps != 10_000_000_000L)"
                  + " throw new AssertionError(epochs + \" \" + lr + \" \" + steps);"
            });
    List<CellOutcome> out =
        run(
            nb,
            NotebookOptions.builder()
                .smokeParameter("epochs", "1")
                .smokeParameter("lr", "1e-3")
                .smokeParameter("steps", "10000000000"));
    assertThat(out).extracting(CellOutcome::message).containsOnlyNulls();
  }

  @Test
  void aRunsParametersPassOverANotebookWithoutAParametersCellButItsOwnMetadataMayNot()
      throws Exception {
    Path nb =
        notebook(
            "no-params.ipynb",
            new Object[] {"int epochs = 5;"},
            new Object[] {"assert epochs == 5 : epochs;"});
    // -p epochs=1 for a whole directory: papermill, too, runs such a notebook as it is.
    List<CellOutcome> out = run(nb, NotebookOptions.builder().smokeParameter("epochs", "1"));
    assertThat(out).extracting(CellOutcome::status).containsOnly(CellOutcome.Status.PASSED);

    ObjectNode root = (ObjectNode) json.readTree(nb.toFile());
    ((ObjectNode) root.path("metadata"))
        .putObject("trackbook")
        .putObject("smoke_parameters")
        .put("epochs", 1);
    json.writeValue(nb.toFile(), root);
    out = run(nb, NotebookOptions.builder());
    assertThat(out)
        .extracting(CellOutcome::status)
        .containsExactly(CellOutcome.Status.FAILED, CellOutcome.Status.NOT_RUN);
    assertThat(out.get(0).message())
        .isEqualTo(
            "no-params.ipynb, cell 0 [c0]: int epochs = 5;\n"
                + "smoke parameters {epochs=1}: unknown parameter epochs; there is no cell tagged"
                + " parameters");
  }
}
