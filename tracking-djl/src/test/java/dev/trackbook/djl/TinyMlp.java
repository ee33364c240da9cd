package dev.trackbook.djl.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Random;

/** A two-feature MLP trained for a few epochs on generated data (label: x0 + x1 > 0). */
final class TinyMlp {
  private TinyMlp() {}

  static Model train(NDManager manager) throws Exception {
    Random random = new Random(7);
    int rows = 256;
    float[] x = new float[rows * 2];
    float[] y = new float[rows];
    for (int i = 0; i < rows; i++) {
      x[2 * i] = (float) random.nextGaussian();
      x[2 * i + 1] = (float) random.nextGaussian();
      y[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0;
    }
    NDArray features = manager.create(x, new Shape(rows, 2));
    NDArray labels = manager.create(y, new Shape(rows));
    ArrayDataset train =
        new ArrayDataset.Builder()
            .setData(features)
            .optLabels(labels)
            .setSampling(32, true)
            .build();
    Model model = Model.newInstance("mlp", "PyTorch");
    model.setBlock(
        new SequentialBlock()
            .add(Linear.builder().setUnits(8).build())
            .add(Activation.reluBlock())
            .add(Linear.builder().setUnits(2).build()));
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
            .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.05f)).build());
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(32, 2));
      EasyTrain.fit(trainer, 3, train, null);
    }
    return model;
  }
}
