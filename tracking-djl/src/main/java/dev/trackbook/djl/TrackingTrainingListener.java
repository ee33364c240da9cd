package dev.trackbook.djl;

import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import dev.trackbook.client.SystemMetricsSampler;
import dev.trackbook.client.TrackingClient;
import dev.trackbook.djl.progress.ProgressState;
import dev.trackbook.djl.progress.ProgressView;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Logs a DJL training to the active run of a {@link TrackingClient} and shows its progress.
 *
 * <ul>
 *   <li>parameters: {@code optimizer}, {@code learning_rate} (when the optimizer is known, see
 *       {@link Autolog#attach}), {@code loss}, {@code evaluators}, {@code devices}, {@code
 *       batch_size} and {@code parameter_count} (at the first batch, once the block is
 *       initialized), {@code epochs} (at the end: the epochs actually trained);
 *   <li>metrics per epoch, step = epoch index from 0: every value DJL's {@code
 *       EvaluatorTrainingListener} computed ({@code train_loss}, {@code validate_loss}, {@code
 *       train_<Evaluator>}, {@code validate_<Evaluator>}) and {@code epoch_time_s};
 *   <li>at the end: {@code training_time_s};
 *   <li>while training: CPU, heap and RSS every {@link #SYSTEM_METRICS_INTERVAL} ({@link
 *       SystemMetricsSampler}).
 * </ul>
 *
 * Per-epoch values come from {@link Trainer#getTrainingResult()}, which the evaluator listener
 * fills in: add this listener after it, as {@link Autolog#listeners()} does.
 */
public class TrackingTrainingListener extends TrainingListenerAdapter {

  /** How often system metrics are sampled during training. */
  public static final Duration SYSTEM_METRICS_INTERVAL = Duration.ofSeconds(5);

  private final TrackingClient client;
  private SystemMetricsSampler sampler;
  private final ProgressView view;
  private final Optimizer optimizer;
  private final int plannedEpochs;

  private long trainingStart;
  private long epochStart;
  private int epochsDone;
  private boolean firstBatchSeen;
  private int batchSize;
  private long batchesInEpoch;
  private Map<String, Float> latest = Map.of();

  /**
   * @param client where to log (its active run; one starts if none is active)
   * @param view where to show progress
   * @param optimizer the training's optimizer, or null when unknown
   * @param plannedEpochs epochs the caller will train, for the progress bar; 0 when unknown
   */
  public TrackingTrainingListener(
      TrackingClient client, ProgressView view, Optimizer optimizer, int plannedEpochs) {
    this.client = client;
    this.view = view;
    this.optimizer = optimizer;
    this.plannedEpochs = plannedEpochs;
  }

  @Override
  public void onTrainingBegin(Trainer trainer) {
    trainingStart = System.nanoTime();
    epochStart = trainingStart;
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("loss", trainer.getLoss().getName());
    params.put(
        "evaluators",
        trainer.getEvaluators().stream()
            .map(Evaluator::getName)
            .filter(n -> !n.equals(trainer.getLoss().getName()))
            .collect(Collectors.joining(",")));
    params.put(
        "devices",
        java.util.Arrays.stream(trainer.getDevices())
            .map(Object::toString)
            .collect(Collectors.joining(",")));
    if (optimizer != null) {
      params.put("optimizer", optimizer.getClass().getSimpleName());
      Float lr = learningRate(optimizer);
      if (lr != null) {
        params.put("learning_rate", lr);
      }
    }
    client.params(params);
    sampler = SystemMetricsSampler.start(client, SYSTEM_METRICS_INTERVAL);
  }

  @Override
  public void onTrainingBatch(Trainer trainer, TrainingListener.BatchData batchData) {
    var batch = batchData.getBatch();
    if (!firstBatchSeen) {
      firstBatchSeen = true;
      batchSize = batch.getSize();
      client.params(
          Map.of("batch_size", batch.getSize(), "parameter_count", parameterCount(trainer)));
    }
    // DJL's progress counts rows (samples seen of the epoch's total), not batches.
    if (batch.getProgressTotal() > 0 && batchSize > 0) {
      batchesInEpoch++;
      long batches = (batch.getProgressTotal() + batchSize - 1) / batchSize;
      view.update(state(Math.min(batchesInEpoch, batches), batches, false), false);
    }
  }

  @Override
  public void onEpoch(Trainer trainer) {
    long now = System.nanoTime();
    long step = epochsDone;
    epochsDone++;
    Map<String, Float> evaluations = new TreeMap<>(trainer.getTrainingResult().getEvaluations());
    // The loss is also an evaluator: DJL reports it as train_loss and again under its own name.
    String lossName = trainer.getLoss().getName();
    evaluations.remove("train_" + lossName);
    evaluations.remove("validate_" + lossName);
    // Without a validation set DJL still reports validate_* as NaN; MLflow's autologgers log
    // validation metrics only when there is validation data, so a run shows no NaN series.
    evaluations.entrySet().removeIf(e -> e.getKey().startsWith("validate_") && isNaN(e.getValue()));
    for (Map.Entry<String, Float> e : evaluations.entrySet()) {
      if (e.getValue() != null) {
        client.metric(e.getKey(), e.getValue(), step);
      }
    }
    client.metric("epoch_time_s", (now - epochStart) / 1e9, step);
    epochStart = now;
    batchesInEpoch = 0;
    latest = evaluations;
    view.update(state(0, 0, false), true);
  }

  @Override
  public void onTrainingEnd(Trainer trainer) {
    if (sampler != null) {
      sampler.close();
    }
    double seconds = (System.nanoTime() - trainingStart) / 1e9;
    client.param("epochs", epochsDone);
    client.metric("training_time_s", seconds, 0);
    view.update(state(0, 0, true), true);
  }

  private static boolean isNaN(Float value) {
    return value != null && value.isNaN();
  }

  private ProgressState state(long batch, long batches, boolean finished) {
    int epoch = finished ? epochsDone : epochsDone + (batches > 0 ? 1 : 0);
    return new ProgressState(
        Math.max(epoch, 1),
        plannedEpochs,
        batch,
        batches,
        (System.nanoTime() - trainingStart) / 1e9,
        latest,
        finished);
  }

  /** Trainable and fixed parameters of the model's block, counted once initialized. */
  static long parameterCount(Trainer trainer) {
    long count = 0;
    List<Pair<String, Parameter>> params = new ArrayList<>();
    trainer.getModel().getBlock().getParameters().forEach(params::add);
    for (Pair<String, Parameter> p : params) {
      if (p.getValue().isInitialized()) {
        count += p.getValue().getArray().size();
      }
    }
    return count;
  }

  /**
   * The learning rate at update 0. DJL's optimizers keep their tracker in a private field and
   * expose no getter, so it is read reflectively; null when that fails (a future DJL).
   */
  static Float learningRate(Optimizer optimizer) {
    for (Class<?> c = optimizer.getClass(); c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (ParameterTracker.class.isAssignableFrom(f.getType())
            && f.getName().toLowerCase().contains("learningrate")) {
          try {
            f.setAccessible(true);
            ParameterTracker tracker = (ParameterTracker) f.get(optimizer);
            return tracker == null ? null : tracker.getNewValue("", 0);
          } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
          }
        }
      }
    }
    return null;
  }
}
