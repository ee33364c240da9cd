package dev.trackbook.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;

/**
 * The small MLP the tracking-djl tests train on the PyTorch engine: two generated features, label
 * {@code x0 + x1 > 0}, learnable in {@value #EPOCHS} epochs; Linear 2-&gt;8, ReLU, Linear 8-&gt;2
 * (42 parameters).
 */
public final class TinyMlp {
  /** Epochs {@link #fit} trains. */
  public static final int EPOCHS = 3;

  private TinyMlp() {}

  /** {@code rows} generated rows: features of shape (rows, 2) and their 0/1 labels (rows). */
  public static NDList data(NDManager manager, int rows, long seed) {
    Random random = new Random(seed);
    float[] x = new float[rows * 2];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      x[2 * i] = (float) random.nextGaussian();
      x[2 * i + 1] = (float) random.nextGaussian();
      y[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0;
    }
    return new NDList(manager.create(x, new Shape(rows, 2)), manager.create(y, new Shape(rows)));
  }

  /** The rows {@code range} of {@link #data} (an NDIndex such as {@code "0:320"}) in batches. */
  public static ArrayDataset batches(NDList data, String range, int batchSize, boolean shuffle) {
    return new ArrayDataset.Builder()
        .setData(data.get(0).get(range))
        .optLabels(data.get(1).get(range))
        .setSampling(batchSize, shuffle)
        .build();
  }

  /** An untrained model holding the MLP; a named ReLU block, so the model can be described. */
  public static Model newModel() {
    Model model = Model.newInstance("mlp", "PyTorch");
    model.setBlock(
        new SequentialBlock()
            .add(Linear.builder().setUnits(8).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(2).build()));
    return model;
  }

  /** Softmax cross-entropy, Adam at a fixed learning rate of 0.05. */
  public static DefaultTrainingConfig config() {
    return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
  }

  /** Trains {@code model} for {@value #EPOCHS} epochs in batches of 32; validates if given. */
  public static void fit(Model model, TrainingConfig config, Dataset train, Dataset validate)
      throws Exception {
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(32, 2));
      EasyTrain.fit(trainer, EPOCHS, train, validate);
    }
  }

  /** A model trained on 256 rows with the default {@link #config()}; the caller closes it. */
  public static Model train(NDManager manager) throws Exception {
    Model model = newModel();
    fit(model, config(), batches(data(manager, 256, 7), ":", 32, true), null);
    return model;
  }
}
