package dev.trackbook.converter.run;

import static dev.trackbook.converter.NotebookFiles.cell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.client.Tracking;
import dev.trackbook.converter.Converter;
import dev.trackbook.converter.NotebookFiles;
import dev.trackbook.converter.SourceControl;
import dev.trackbook.converter.magic.MagicsModuleTranslator;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.RunStatus;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline run end to end against a real tracking server (SQLite, in this JVM): the standard
 * runner, rewritten magics and the cells' own {@code Tracking} calls all land in one run.
 */
class PipelineTrackingTest {

  @TempDir static Path data;
  static TrackingStore store;
  static TrackingServer server;

  @BeforeAll
  static void startServer() throws Exception {
    store = StoreFactory.open("sqlite:" + data.resolve("mlruns.db"));
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                store,
                new LocalArtifactRepository(data.resolve("artifacts")),
                Clock.systemUTC())
            .start();
    Tracking.setTrackingUri(server.url());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  static Path convert(Path root, NotebookFiles.TestCell... cells) throws Exception {
    Path notebook = NotebookFiles.write(root.resolve("notebooks/tracked.ipynb"), cells);
    return new Converter(
            root,
            new MagicsModuleTranslator(),
            (r, f) -> new SourceControl.Revision("abc123", true))
        .convert(notebook, Path.of("pipelines"))
        .script();
  }

  static Run onlyRunNamed(String experiment, String name) {
    String id = store.getExperimentByName(experiment).experimentId();
    List<Run> runs =
        store
            .searchRuns(
                List.of(id),
                "attributes.run_name = '" + name + "'",
                ViewType.ALL,
                10,
                List.of(),
                null)
            .items();
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }

  static Map<String, String> tags(Run run) {
    return run.data().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  @Test
  void aPipelineRunIsOneTrackedRunWithProvenanceParamsAndTheCellsMetrics(@TempDir Path root)
      throws Exception {
    Path script =
        convert(
            root,
            cell("p", "int epochs = 2;\ndouble lr = 0.5;", "parameters"),
            cell(
                "train",
                "%param batch=16\nfor (int e = 0; e < epochs; e++) Tracking.metric(\"loss\", lr / (e + 1), e);"));

    PipelineRunner.Result result =
        PipelineRunner.standard()
            .run(
                script,
                new PipelineRunner.Options(
                    List.of("epochs=3"), null, Map.of(), "pipelines-ok", false));

    assertThat(result.ok()).as(result.failure()).isTrue();
    Run run = onlyRunNamed("pipelines-ok", "tracked");
    assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.data().params())
        .contains(new Param("epochs", "3"), new Param("lr", "0.5"), new Param("batch", "16"));
    assertThat(tags(run))
        .containsEntry("trackbook.pipeline.version", "1")
        .containsEntry("trackbook.pipeline.source", "notebooks/tracked.ipynb")
        .containsEntry("trackbook.pipeline.git_commit", "abc123")
        .containsEntry("trackbook.pipeline.git_dirty", "true")
        .containsKey("trackbook.pipeline.source_sha256");
    assertThat(run.data().metrics()).anySatisfy(m -> assertThat(m.key()).isEqualTo("loss"));
  }

  @Test
  void javaCommentsAfterMagicArgumentsAreNotLoggedAsInTheKernel(@TempDir Path root)
      throws Exception {
    // The cells of TrackingMagicsKernelTest.javaCommentsAfterMagicArgumentsAreNotLogged that a
    // pipeline runs (its runner starts the run).
    Path script =
        convert(
            root,
            cell("p", "%param lr=0.1 // learning rate\ndouble twice = lr * 2;"),
            cell(
                "m",
                "for (int i = 0; i < 2; i++) {\n  %metric acc=i /* per epoch */ loss=i // loop\n}"),
            cell("t", "%tag url=http://x/y \"why=a // b\" // the comment"),
            cell("n", "%note see http://x // not the note's"),
            cell("f", "%%track fit // the slow part\nint n = 3;"));

    PipelineRunner.Result result =
        PipelineRunner.standard()
            .run(
                script,
                new PipelineRunner.Options(List.of(), null, Map.of(), "pipelines-comments", false));

    assertThat(result.ok()).as(result.failure()).isTrue();
    Run run = onlyRunNamed("pipelines-comments", "tracked");
    assertThat(run.data().params()).containsOnly(new Param("lr", "0.1"));
    assertThat(run.data().metrics())
        .extracting(m -> m.key())
        .containsExactlyInAnyOrder("acc", "loss", "track.fit.duration_s");
    assertThat(tags(run))
        .containsEntry("url", "http://x/y")
        .containsEntry("why", "a // b")
        .containsEntry("mlflow.note.content", "see http://x");
  }

  @Test
  void aFailingCellEndsTheRunFailedAndSaysWhere(@TempDir Path root) throws Exception {
    Path script =
        convert(root, cell("ok", "int n = 0;"), cell("bad", "Object o = null;\no.toString();"));

    PipelineRunner.Result result =
        PipelineRunner.standard()
            .run(
                script,
                new PipelineRunner.Options(List.of(), null, Map.of(), "pipelines-failed", false));

    assertThat(result.ok()).isFalse();
    assertThat(result.failure()).contains("cell 1 (id bad)").contains("NullPointerException");
    Run run = onlyRunNamed("pipelines-failed", "tracked");
    assertThat(run.info().status()).isEqualTo(RunStatus.FAILED);
    assertThat(tags(run))
        .containsEntry("trackbook.pipeline.failed_cell", "1")
        .containsEntry("trackbook.pipeline.failed_cell_id", "bad");
  }

  @Test
  void aPipelineStoppedMidwayEndsItsRunKilled(@TempDir Path root) throws Exception {
    Path script =
        convert(root, cell("start", "%param phase=long"), cell("long", "Thread.sleep(120_000);"));
    Process pipeline = startPipeline(root, script, "pipelines-killed");
    try {
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (!runningWithParam("pipelines-killed", "phase")) {
        assertThat(pipeline.isAlive())
            .as(java.nio.file.Files.readString(root.resolve("pipeline.log")))
            .isTrue();
        assertThat(System.nanoTime()).as("the pipeline's run never started").isLessThan(deadline);
        Thread.sleep(100);
      }
      // SIGTERM, the way CI stops a job: the JVM runs its shutdown hooks while a cell still sleeps,
      // as on Ctrl-C (SIGINT), which a background test JVM may have been started ignoring.
      pipeline.destroy();
      assertThat(pipeline.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    } finally {
      pipeline.destroyForcibly();
    }
    String log = Files.readString(root.resolve("pipeline.log"));
    assertThat(pipeline.exitValue()).as(log).isEqualTo(128 + 15); // SIGTERM's, as the shell says
    assertThat(log).contains("pipeline stopped at cell 1 (id long)", "stopped by a signal (15)");
    assertThat(onlyRunNamed("pipelines-killed", "tracked").info().status())
        .isEqualTo(RunStatus.KILLED);
  }

  @Test
  void aCellThatCallsSystemExitFailsThePipelineEvenWithStatusZero(@TempDir Path root)
      throws Exception {
    Path script =
        convert(
            root,
            cell("start", "%param phase=exit"),
            cell("exit", "System.exit(0);"),
            cell("after", "System.out.println(\"after the exit\");"));
    Process pipeline = startPipeline(root, script, "pipelines-exit");
    try {
      assertThat(pipeline.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      pipeline.destroyForcibly();
    }

    String log = Files.readString(root.resolve("pipeline.log"));
    assertThat(pipeline.exitValue()).as(log).isEqualTo(1);
    assertThat(log)
        .contains("trackbook: pipeline stopped at cell 1 (id exit) \"System.exit(0);\"")
        .doesNotContain("after the exit");
    assertThat(onlyRunNamed("pipelines-exit", "tracked").info().status())
        .isEqualTo(RunStatus.KILLED);
  }

  /** The pipeline in its child JVM, logging to this test's server; its output in pipeline.log. */
  private static Process startPipeline(Path root, Path script, String experiment)
      throws java.io.IOException {
    ProcessBuilder pb =
        PipelineProcess.builder(script, List.of("--experiment", experiment))
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("pipeline.log").toFile());
    pb.environment().put("TRACKBOOK_TRACKING_URI", server.url());
    pb.environment().put("TRACKBOOK_JOURNAL_DIR", root.resolve("journal").toString());
    return pb.start();
  }

  @Test
  void stoppingTheParentOfAPipelineInItsOwnJvmStopsThePipelineAndEndsItsRunKilled(
      @TempDir Path root) throws Exception {
    Path script =
        convert(root, cell("start", "%param phase=parent"), cell("long", "Thread.sleep(120_000);"));
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PipelineParentMain.class.getName(),
                script.toString(),
                "--experiment",
                "pipelines-parent-killed")
            .redirectErrorStream(true)
            .redirectOutput(root.resolve("parent.log").toFile());
    pb.environment().put("TRACKBOOK_TRACKING_URI", server.url());
    pb.environment().put("TRACKBOOK_JOURNAL_DIR", root.resolve("journal").toString());
    Process parent = pb.start();
    ProcessHandle child = null;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!runningWithParam("pipelines-parent-killed", "phase")) {
        assertThat(parent.isAlive()).as(Files.readString(root.resolve("parent.log"))).isTrue();
        assertThat(System.nanoTime()).as("the pipeline's run never started").isLessThan(deadline);
        Thread.sleep(100);
      }
      child = parent.children().findFirst().orElseThrow();
      parent.destroy();
      assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.isAlive()).as("the pipeline outlived its parent").isFalse();
    } finally {
      parent.destroyForcibly();
      if (child != null) {
        child.destroyForcibly();
      }
    }
    assertThat(parent.exitValue()).isEqualTo(128 + 15);
    assertThat(onlyRunNamed("pipelines-parent-killed", "tracked").info().status())
        .isEqualTo(RunStatus.KILLED);
  }

  private static boolean runningWithParam(String experiment, String param) {
    dev.trackbook.server.model.Experiment exp;
    try {
      exp = store.getExperimentByName(experiment);
    } catch (dev.trackbook.server.error.TrackingException notYet) {
      return false;
    }
    return store
        .searchRuns(List.of(exp.experimentId()), "", ViewType.ALL, 10, List.of(), null)
        .items()
        .stream()
        .anyMatch(
            r ->
                r.info().status() == RunStatus.RUNNING
                    && r.data().params().stream().anyMatch(p -> p.key().equals(param)));
  }
}
