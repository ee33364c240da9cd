package dev.trackbook.nbtest.parity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trackbook.nbtest.NotebookFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunParityTest {
  private static final JsonNode NONE = JsonNodeFactory.instance.objectNode();
  private final NotebookFile notebook =
      new NotebookFile(
          Path.of("nb.ipynb"),
          "trackbook-java",
          NONE,
          List.of(
              cell(0, "int epochs = 3;"),
              cell(1, "%run start train\n%param lr=0.1"),
              cell(2, "%autolog config epochs\nEasyTrain.fit(trainer, epochs, a, b);"),
              cell(3, "var r = %drift emails sample\n%metric acc=acc")));

  private static NotebookFile.Cell cell(int i, String source) {
    return new NotebookFile.Cell(i, "c" + i, "code", source, Set.of(), NONE);
  }

  private static TrackedRun run(
      String id, String name, String parent, Map<String, String> params, Map<String, Double> m) {
    return new TrackedRun(id, name, "FINISHED", 1, parent, Map.of(), params, m);
  }

  private List<RunParity.Difference> compare(List<TrackedRun> nb, List<TrackedRun> pl) {
    return RunParity.compare(
        notebook, nb, pl, "P", Set.of("epochs"), RunParity.Settings.defaults());
  }

  @Test
  void theWrapperRunsParametersDoNotCountAndEqualRunsMatch() {
    var nb =
        List.of(
            run("n1", "train", null, Map.of("lr", "0.1"), Map.of("acc", 0.9, "epoch_time_s", 1.0)));
    var pl =
        List.of(
            run("P", "pipeline", null, Map.of("epochs", "1"), Map.of("system/cpu", 3.0)),
            run(
                "p1",
                "train",
                "P",
                Map.of("lr", "0.1"),
                Map.of("acc", 0.9 + 1e-9, "epoch_time_s", 7.0)));
    assertThat(compare(nb, pl)).isEmpty();
  }

  @Test
  void differencesAreNamedAndAttributedToTheCellThatLogsThem() {
    var nb =
        List.of(
            run(
                "n1",
                "train",
                null,
                Map.of("lr", "0.1"),
                Map.of("acc", 0.9, "train_loss", 0.5, "drift.emails.body", 0.1)));
    var pl =
        List.of(
            run("P", "pipeline", null, Map.of("epochs", "1"), Map.of()),
            run(
                "p1",
                "train",
                "P",
                Map.of("lr", "0.2"),
                Map.of("acc", 0.8, "drift.emails.body", 0.1)));
    List<RunParity.Difference> diffs = compare(nb, pl);
    assertThat(diffs)
        .extracting(d -> d.cell().index() + " " + d.what())
        .containsExactlyInAnyOrder(
            "1 run train: param lr: notebook 0.1, pipeline 0.2",
            "3 run train: metric acc: notebook 0.9, pipeline 0.8 (beyond tolerance)",
            "2 run train: metric train_loss: notebook 0.5, pipeline (missing)");
    String report = RunParity.report(diffs);
    assertThat(report.indexOf("cell 1 [c1]")).isLessThan(report.indexOf("param lr"));
  }

  @Test
  void aRunOnlyOneSideLoggedIsReportedWithWhatItHolds() {
    var nb = List.of(run("n1", "train", null, Map.of(), Map.of()));
    var pl =
        List.of(
            run("P", "pipeline", null, Map.of("epochs", "1"), Map.of("training_time_s", 2.0)),
            run("p1", "train", "P", Map.of(), Map.of()));
    assertThat(compare(nb, pl))
        .extracting(RunParity.Difference::what)
        .containsExactly(
            "run pipeline (params none; metrics training_time_s): logged by the pipeline, not by"
                + " the notebook");
  }

  @Test
  void onlyTimingsEscapeTheValueCheck() {
    Map<String, Double> notebookMetrics = new java.util.HashMap<>();
    Map<String, Double> pipelineMetrics = new java.util.HashMap<>();
    List<String> timings =
        List.of("epoch_time_s", "track.prepare.duration_s", "val/latency_p95", "step_ms", "time");
    List<String> scores = List.of("f1_score", "num_samples", "loss_std", "train_size", "runtime");
    for (String key : timings) {
      notebookMetrics.put(key, 1.0);
      pipelineMetrics.put(key, 2.0);
    }
    for (String key : scores) {
      notebookMetrics.put(key, 1.0);
      pipelineMetrics.put(key, 2.0);
    }
    var nb = List.of(run("n1", "train", null, Map.of(), notebookMetrics));
    var pl =
        List.of(
            run("P", "x", null, Map.of(), Map.of()),
            run("p1", "train", "P", Map.of(), pipelineMetrics));
    assertThat(compare(nb, pl))
        .extracting(RunParity.Difference::what)
        .containsExactlyInAnyOrderElementsOf(
            scores.stream()
                .map(
                    k ->
                        "run train: metric "
                            + k
                            + ": notebook 1.0, pipeline 2.0 (beyond tolerance)")
                .toList());
  }

  @Test
  void dottedKeysBuiltByMagicsFindTheirCell() {
    var nb = List.of(run("n1", "train", null, Map.of(), Map.of("drift.emails.body", 0.1)));
    var pl =
        List.of(
            run("P", "x", null, Map.of(), Map.of()), run("p1", "train", "P", Map.of(), Map.of()));
    assertThat(compare(nb, pl).get(0).cell().index()).isEqualTo(3);
  }

  private static JsonNode metadata(String parityJson) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree("{\"trackbook\": {\"parity\": " + parityJson + "}}");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aNotebooksMetadataAdjustsTolerancesAndExemptsMoreMetrics() {
    var nb =
        List.of(
            run(
                "n1",
                "train",
                null,
                Map.of(),
                Map.of("acc", 0.91, "val_loss", 0.3, "epoch_time_s", 1.0, "gpu_temp", 50.0)));
    var pl =
        List.of(
            run("P", "pipeline", null, Map.of(), Map.of()),
            run(
                "p1",
                "train",
                "P",
                Map.of(),
                Map.of("acc", 0.9101, "val_loss", 0.35, "epoch_time_s", 9.0)));
    RunParity.Settings defaults = RunParity.Settings.defaults();
    assertThat(RunParity.compare(notebook, nb, pl, "P", Set.of(), defaults))
        .extracting(RunParity.Difference::what)
        .containsExactlyInAnyOrder(
            "run train: metric acc: notebook 0.91, pipeline 0.9101 (beyond tolerance)",
            "run train: metric gpu_temp: notebook 50.0, pipeline (missing)",
            "run train: metric val_loss: notebook 0.3, pipeline 0.35 (beyond tolerance)");

    RunParity.Settings adjusted =
        defaults.forNotebook(
            metadata(
                "{\"relative_tolerance\": 1e-3, \"exempt_metrics\": \"val_.*\","
                    + " \"ignore_metrics\": \"gpu_.*\"}"));

    assertThat(RunParity.compare(notebook, nb, pl, "P", Set.of(), adjusted)).isEmpty();
    assertThat(adjusted.describe()).contains("relative 0.001");
    // Timings stay exempt and system metrics ignored: the notebook's patterns add to them.
    assertThat(adjusted.valueExemptMetrics().matcher("EPOCH_TIME_S").matches()).isTrue();
    assertThat(adjusted.ignoredMetrics().matcher("system/cpu").matches()).isTrue();
    assertThat(adjusted.valueExemptMetrics().matcher("VAL_LOSS").matches()).isFalse();
    assertThat(defaults.forNotebook(NONE)).isSameAs(defaults);
  }

  @Test
  void aMistakeInTheMetadataIsOneLineNamingTheEntry() {
    RunParity.Settings d = RunParity.Settings.defaults();
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> d.forNotebook(metadata("{\"relative_tol\": 1e-3}"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metadata trackbook.parity: unknown key 'relative_tol' (known: ");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> d.forNotebook(metadata("{\"absolute_tolerance\": -1}"))))
        .hasMessage("metadata trackbook.parity.absolute_tolerance: expected a number >= 0, got -1");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> d.forNotebook(metadata("{\"relative_tolerance\": \"1e-3\"}"))))
        .hasMessage(
            "metadata trackbook.parity.relative_tolerance: expected a number >= 0, got \"1e-3\"");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> d.forNotebook(metadata("{\"exempt_metrics\": \"(\"}"))))
        .hasMessageStartingWith("metadata trackbook.parity.exempt_metrics: not a valid regex: ");
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(() -> d.forNotebook(metadata("[1e-3]"))))
        .hasMessageStartingWith("metadata trackbook.parity: expected an object");
  }
}
