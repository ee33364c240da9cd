package dev.trackbook.cli.serving;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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
import ai.djl.translate.NoopTranslator;
import java.util.Random;

/** Tiny real PyTorch MLPs trained in the test (two features, label x0 + x1 > 0), in seconds. */
final class TrainedModels {
  static final float[][] EXAMPLE = {{1.5f, 0.5f}, {-2f, -0.25f}, {0.1f, -0.3f}};

  private TrainedModels() {}

  static Model train(NDManager manager, long seed, int hidden) throws Exception {
    Random random = new Random(seed);
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
            .add(Linear.builder().setUnits(hidden).build())
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

  /** The in-process answer of the trained model to {@code rows}, softmaxed, row by row. */
  static float[][] predictInProcess(Model model, float[][] rows) throws Exception {
    try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
        NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray y =
          predictor.predict(new NDList(manager.create(rows))).singletonOrThrow().softmax(-1);
      float[] flat = y.toFloatArray();
      int cols = (int) y.getShape().get(1);
      float[][] out = new float[rows.length][cols];
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(flat, i * cols, out[i], 0, cols);
      }
      return out;
    }
  }
}
