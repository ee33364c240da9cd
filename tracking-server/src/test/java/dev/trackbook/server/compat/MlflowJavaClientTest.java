package dev.trackbook.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.testsupport.SqliteTestServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.RunsPage;

/**
 * The official MLflow Java client ({@code org.mlflow:mlflow-client:2.17.2}) against a Trackbook
 * server on SQLite, through a real port: what issue 2's "done means" lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MlflowJavaClientTest {
  private SqliteTestServer server;
  private MlflowClient client;

  @BeforeAll
  void start() throws Exception {
    server = SqliteTestServer.start("trackbook-mlflow-java-");
    client = new MlflowClient(server.url());
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private static Map<String, String> params(Run run) {
    return run.getData().getParamsList().stream()
        .collect(Collectors.toMap(Param::getKey, Param::getValue));
  }

  private static Map<String, String> tags(Run run) {
    return run.getData().getTagsList().stream()
        .collect(Collectors.toMap(RunTag::getKey, RunTag::getValue));
  }

  @Test
  void experimentsCreateGetRenameDelete() {
    String id = client.createExperiment("java-client-experiments");
    Experiment byId = client.getExperiment(id);
    assertThat(byId.getName()).isEqualTo("java-client-experiments");
    assertThat(byId.getLifecycleStage()).isEqualTo("active");
    assertThat(client.getExperimentByName("java-client-experiments"))
        .map(Experiment::getExperimentId)
        .contains(id);
    assertThat(client.getExperimentByName("java-client-no-such")).isEmpty();

    client.renameExperiment(id, "java-client-renamed");
    client.setExperimentTag(id, "owner", "ada");
    Experiment renamed = client.getExperiment(id);
    assertThat(renamed.getName()).isEqualTo("java-client-renamed");
    assertThat(renamed.getTagsList()).anyMatch(t -> t.getKey().equals("owner"));

    assertThat(client.searchExperiments("name = 'java-client-renamed'").getItems()).hasSize(1);
    client.deleteExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
    client.restoreExperiment(id);
    assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");

    assertThatThrownBy(() -> client.createExperiment("java-client-renamed"))
        .isInstanceOf(MlflowClientException.class)
        .hasMessageContaining("RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void runsLogParamsMetricsBatchesAndTags() {
    String experimentId = client.createExperiment("java-client-runs");
    RunInfo info = client.createRun(experimentId);
    String runId = info.getRunId();
    assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
    assertThat(info.getArtifactUri())
        .isEqualTo("mlflow-artifacts:/" + experimentId + "/" + runId + "/artifacts");

    client.logParam(runId, "lr", "0.01");
    client.logMetric(runId, "loss", 0.9, 1_700_000_000_000L, 0);
    client.logMetric(runId, "loss", 0.4, 1_700_000_000_100L, 1);
    client.setTag(runId, "stage", "dev");
    client.setTag(runId, "drop-me", "x");
    client.deleteTag(runId, "drop-me");
    client.logBatch(
        runId,
        List.of(
            Metric.newBuilder()
                .setKey("loss")
                .setValue(0.2)
                .setTimestamp(1_700_000_000_200L)
                .setStep(2)
                .build(),
            Metric.newBuilder()
                .setKey("acc")
                .setValue(0.8)
                .setTimestamp(1_700_000_000_200L)
                .setStep(2)
                .build()),
        List.of(Param.newBuilder().setKey("optimizer").setValue("adam").build()),
        List.of(RunTag.newBuilder().setKey("mlflow.note.content").setValue("notes").build()));
    client.setTerminated(runId, RunStatus.FINISHED, 1_700_000_001_000L);

    Run run = client.getRun(runId);
    assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.getInfo().getEndTime()).isEqualTo(1_700_000_001_000L);
    assertThat(params(run)).containsEntry("lr", "0.01").containsEntry("optimizer", "adam");
    assertThat(tags(run))
        .containsEntry("stage", "dev")
        .containsEntry("mlflow.note.content", "notes")
        .doesNotContainKey("drop-me");
    assertThat(run.getData().getMetricsList())
        .anySatisfy(
            m -> {
              assertThat(m.getKey()).isEqualTo("loss");
              assertThat(m.getValue()).isEqualTo(0.2);
            });

    List<Metric> history = client.getMetricHistory(runId, "loss");
    assertThat(history).extracting(Metric::getStep).containsExactly(0L, 1L, 2L);
    assertThat(history).extracting(Metric::getValue).containsExactly(0.9, 0.4, 0.2);

    assertThatThrownBy(() -> client.logParam(runId, "lr", "0.02"))
        .isInstanceOf(MlflowClientException.class)
        .hasMessageContaining("INVALID_PARAMETER_VALUE");
  }

  @Test
  void searchRunsWithFilterAndOrder() {
    String experimentId = client.createExperiment("java-client-search");
    double[] accuracies = {0.5, 0.9, 0.7};
    for (double acc : accuracies) {
      String runId = client.createRun(experimentId).getRunId();
      client.logMetric(runId, "acc", acc);
      client.logParam(runId, "family", acc > 0.6 ? "deep" : "linear");
    }
    RunsPage page =
        client.searchRuns(
            List.of(experimentId),
            "params.family = 'deep'",
            ViewType.ACTIVE_ONLY,
            10,
            List.of("metrics.acc DESC"));
    List<Double> found =
        page.getItems().stream()
            .map(
                r ->
                    client.getRun(r.getInfo().getRunId()).getData().getMetricsList().stream()
                        .filter(m -> m.getKey().equals("acc"))
                        .findFirst()
                        .orElseThrow()
                        .getValue())
            .toList();
    assertThat(found).containsExactly(0.9, 0.7);

    List<RunInfo> all = client.searchRuns(List.of(experimentId), "metrics.acc >= 0.5");
    assertThat(all).hasSize(3);

    RunsPage first =
        client.searchRuns(
            List.of(experimentId), "", ViewType.ACTIVE_ONLY, 2, List.of("metrics.acc ASC"));
    assertThat(first.getItems()).hasSize(2);
    assertThat(first.hasNextPage()).isTrue();
    assertThat(first.getNextPage().getItems()).hasSize(1);
  }

  @Test
  void runsCanBeDeletedAndRestored() {
    String experimentId = client.createExperiment("java-client-delete");
    String runId = client.createRun(experimentId).getRunId();
    client.deleteRun(runId);
    assertThat(client.searchRuns(List.of(experimentId), "")).isEmpty();
    assertThat(client.searchRuns(List.of(experimentId), "", ViewType.DELETED_ONLY)).hasSize(1);
    client.restoreRun(runId);
    assertThat(client.searchRuns(List.of(experimentId), "")).hasSize(1);
  }
}
