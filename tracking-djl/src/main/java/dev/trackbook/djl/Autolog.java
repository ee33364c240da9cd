package dev.trackbook.djl;

import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.listener.TrainingListener;
import dev.trackbook.client.Tracking;
import dev.trackbook.djl.progress.ProgressView;
import java.util.Arrays;

/**
 * DJL auto-logging presets: what {@code %autolog} calls.
 *
 * <pre>{@code
 * DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
 *     .optOptimizer(Optimizer.adam().build())
 *     .addEvaluator(new Accuracy());
 * Autolog.attach(config, epochs);   // DJL's basic listeners + tracking + live progress
 * }</pre>
 */
public final class Autolog {

  private Autolog() {}

  /**
   * Adds DJL's basic listeners (epochs, evaluators, divergence check, timing; no log lines) and a
   * {@link TrackingTrainingListener} on {@link Tracking}'s client to {@code config}, which also
   * tells the listener the optimizer.
   *
   * @param epochs epochs that will be trained, for the progress bar (0 if unknown)
   * @return {@code config}
   */
  public static DefaultTrainingConfig attach(DefaultTrainingConfig config, int epochs) {
    config.addTrainingListeners(
        listeners(
            new TrackingTrainingListener(
                Tracking.client(), ProgressView.forEnvironment(), config.getOptimizer(), epochs)));
    return config;
  }

  /** {@link #attach(DefaultTrainingConfig, int)} with the epoch count unknown. */
  public static DefaultTrainingConfig attach(DefaultTrainingConfig config) {
    return attach(config, 0);
  }

  /**
   * DJL's basic listeners followed by a tracking listener that does not know the optimizer, for
   * {@code config.addTrainingListeners(Autolog.listeners())}.
   */
  public static TrainingListener[] listeners() {
    return listeners(
        new TrackingTrainingListener(Tracking.client(), ProgressView.forEnvironment(), null, 0));
  }

  /** DJL's basic listeners followed by {@code tracking}, which must come after them. */
  public static TrainingListener[] listeners(TrackingTrainingListener tracking) {
    TrainingListener[] basic = TrainingListener.Defaults.basic();
    TrainingListener[] all = Arrays.copyOf(basic, basic.length + 1);
    all[basic.length] = tracking;
    return all;
  }
}
