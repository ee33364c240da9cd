package dev.trackbook.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.client.ActiveRun;
import dev.trackbook.client.TrackingClient;
import dev.trackbook.djl.progress.ProgressState;
import dev.trackbook.djl.progress.ProgressView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small real training (PyTorch engine, offline, 400 synthetic rows) logged to a real tracking
 * server on SQLite.
 */
class TrackingTrainingListenerTest {

  @TempDir Path tmp;

  /** Records what would be shown. */
  static final class RecordingView implements ProgressView {
    final List<ProgressState> updates = new ArrayList<>();
    final List<Boolean> forced = new ArrayList<>();

    @Override
    public void update(ProgressState state, boolean force) {
      updates.add(state);
      forced.add(force);
    }
  }

  @Test
  void logsHyperparametersPerEpochMetricsAndTimeOfARealTraining() throws Exception {
    LocalTracking tracking = LocalTracking.start(tmp);
    RecordingView view = new RecordingView();
    String runId = trainLogged(tracking, view, "train", 400, 42, "0:320", "320:");
    try {
      JsonNode data = getRun(tracking.url(), runId).path("data");
      Map<String, String> params = new HashMap<>();
      data.path("params")
          .forEach(p -> params.put(p.path("key").asText(), p.path("value").asText()));
      assertThat(params)
          .containsEntry("optimizer", "Adam")
          .containsEntry("learning_rate", "0.05")
          .containsEntry("batch_size", "32")
          .containsEntry("epochs", "3")
          // Linear 2->8 (16 weights + 8 biases) and 8->2 (16 + 2)
          .containsEntry("parameter_count", "42")
          .containsEntry("loss", "SoftmaxCrossEntropyLoss")
          .containsEntry("evaluators", "Accuracy")
          .containsEntry("devices", "cpu()");

      for (String key :
          List.of(
              "train_loss",
              "validate_loss",
              "train_Accuracy",
              "validate_Accuracy",
              "epoch_time_s")) {
        JsonNode history = metricHistory(tracking.url(), runId, key);
        assertThat(history).as(key).hasSize(3);
        assertThat(history.findValues("step"))
            .extracting(JsonNode::asInt)
            .containsExactlyInAnyOrder(0, 1, 2);
      }
      JsonNode accuracy = metricHistory(tracking.url(), runId, "validate_Accuracy");
      double last = 0;
      for (JsonNode m : accuracy) {
        if (m.path("step").asInt() == 2) {
          last = m.path("value").asDouble();
        }
      }
      assertThat(last).as("a learnable problem is learnt").isGreaterThan(0.85);
      assertThat(metricHistory(tracking.url(), runId, "training_time_s")).hasSize(1);
      // train_loss goes down
      JsonNode loss = metricHistory(tracking.url(), runId, "train_loss");
      double first = 0;
      double end = 0;
      for (JsonNode m : loss) {
        if (m.path("step").asInt() == 0) {
          first = m.path("value").asDouble();
        } else if (m.path("step").asInt() == 2) {
          end = m.path("value").asDouble();
        }
      }
      assertThat(end).isLessThan(first);

      // one view, updated per batch (10 per epoch), forced at each epoch end and at the end
      assertThat(view.updates).hasSizeGreaterThanOrEqualTo(3 * 10 + 4);
      assertThat(view.forced.stream().filter(f -> f).count()).isEqualTo(4);
      ProgressState done = view.updates.get(view.updates.size() - 1);
      assertThat(done.finished()).isTrue();
      assertThat(done.epoch()).isEqualTo(3);
      assertThat(done.latest()).containsKeys("train_loss", "validate_loss", "validate_Accuracy");
      assertThat(done.line())
          .startsWith("done: epoch 3/3 ")
          .matches(
              "done: epoch 3/3 \\d+s \\| train_Accuracy [01]\\.\\d{4} \\| train_loss \\d\\.\\d{4}"
                  + " \\| validate_Accuracy [01]\\.\\d{4} \\| validate_loss \\d\\.\\d{4}");
      ProgressState midway = view.updates.get(5);
      assertThat(midway.line()).startsWith("epoch 1/3 [############--------] 6/10 ");
    } finally {
      tracking.close();
    }
  }

  /** Trained without a validation set: no validate_* series of NaN, as MLflow's autologgers. */
  @Test
  void withoutValidationDataNoValidationMetricsAreLogged() throws Exception {
    LocalTracking tracking = LocalTracking.start(tmp);
    RecordingView view = new RecordingView();
    String runId = trainLogged(tracking, view, "train-only", 128, 3, ":", null);
    try {
      List<String> keys = new ArrayList<>();
      getRun(tracking.url(), runId)
          .path("data")
          .path("metrics")
          .forEach(m -> keys.add(m.path("key").asText()));
      assertThat(keys).contains("train_loss", "train_Accuracy", "epoch_time_s");
      assertThat(keys).noneMatch(k -> k.startsWith("validate_"));
      assertThat(view.updates.get(view.updates.size() - 1).line()).doesNotContain("NaN");
    } finally {
      tracking.close();
    }
  }

  /**
   * Trains the tiny MLP for 3 epochs (batches of 32) with autolog into a run of its own, on {@code
   * rows} made from {@code seed}; without validation when {@code validateRows} is null.
   *
   * @return the run's id
   */
  private static String trainLogged(
      LocalTracking tracking,
      RecordingView view,
      String runName,
      int rows,
      long seed,
      String trainRows,
      String validateRows)
      throws Exception {
    try (TrackingClient client = tracking.newClient();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.newModel()) {
      client.experiment("djl-test");
      ActiveRun run = client.startRun(runName);
      NDList data = TinyMlp.data(manager, rows, seed);
      ArrayDataset train = TinyMlp.batches(data, trainRows, 32, true);
      ArrayDataset validate =
          validateRows == null ? null : TinyMlp.batches(data, validateRows, 40, false);
      DefaultTrainingConfig config = TinyMlp.config().addEvaluator(new Accuracy());
      config.addTrainingListeners(
          Autolog.listeners(new TrackingTrainingListener(client, view, config.getOptimizer(), 3)));
      TinyMlp.fit(model, config, train, validate);
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      return run.runId();
    }
  }

  private static JsonNode getRun(String url, String runId) throws Exception {
    return get(url + "/api/2.0/mlflow/runs/get?run_id=" + runId).path("run");
  }

  private static JsonNode metricHistory(String url, String runId, String key) throws Exception {
    return get(url + "/api/2.0/mlflow/metrics/get-history?run_id=" + runId + "&metric_key=" + key)
        .path("metrics");
  }

  private static JsonNode get(String uri) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }
}
