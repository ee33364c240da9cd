// -*- coding: utf-8 -*-
// ---
// jupyter:
//   jupytext:
//     notebook_metadata_filter: trackbook
//     text_representation:
//       extension: .java
//       format_name: percent
//       format_version: "1.3"
//   kernelspec:
//     display_name: Java (Trackbook)
//     language: java
//     name: trackbook-java
//   trackbook:
//     pipeline:
//       body_sha256: c09584816a43224734afa6628a6ac0683cdf3cbb9b21ee70ff70bc1f8d9689d6
//       converter_version: 0.1.0-SNAPSHOT
//       experiment: email-classifier
//       format_version: 1
//       git_commit: 1f8887c81860f7ddfbad952f602c4d8d8df8cfa8
//       git_dirty: false
//       maven:
//       - dev.trackbook:tracking-data:0.1.0-SNAPSHOT
//       - dev.trackbook:tracking-djl:0.1.0-SNAPSHOT
//       - ai.djl.pytorch:pytorch-engine:0.35.0
//       - ai.djl.pytorch:pytorch-jni:2.7.1-0.35.0
//       - ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1
//       - org.knowm.xchart:xchart:4.0.3
//       parameters:
//       - default: 4096
//         name: features
//         type: int
//       - default: 64
//         name: hidden
//         type: int
//       - default: 4
//         name: epochs
//         type: int
//       - default: 64
//         name: batchSize
//         type: int
//       - default: 0.002
//         name: learningRate
//         type: float
//       - default: 0
//         name: maxRows
//         type: int
//       source: notebooks/02-email-classifier.ipynb
//       source_sha256: f3985ea1bbbe1c322bef9522ff1b09179a0436dcbdf48b9ad6b855f7d6b8213d
//       version: 2
// ---

// %% [markdown] id="dbaab639"
// # 02 · Spam or ham: a DJL PyTorch model trained from scratch, tracked end to end
//
// Data: the SpamAssassin public corpus (`data/spam.csv`, made by `scripts/prepare-spam-data`). Features: hashed bag of words over subject and body. Model: a small MLP on PyTorch through DJL, **fully offline** (`ai.djl.offline=true`, the native library comes from the `pytorch-native-cpu` jar). Every step logs to the tracking server: the dataset version, a baseline, the auto-logged training, test metrics, the confusion matrix and the model.

// %% id="a4c206cf"
System.setProperty("ai.djl.offline", "true");
// trackbook:magic %maven dev.trackbook:tracking-data:0.1.0-SNAPSHOT
// trackbook:end-magic
// trackbook:magic %maven dev.trackbook:tracking-djl:0.1.0-SNAPSHOT
// trackbook:end-magic
// trackbook:magic %maven ai.djl.pytorch:pytorch-engine:0.35.0
// trackbook:end-magic
// trackbook:magic %maven ai.djl.pytorch:pytorch-jni:2.7.1-0.35.0
// trackbook:end-magic
// trackbook:magic %maven ai.djl.pytorch:pytorch-native-cpu:jar:linux-x86_64:2.7.1
// trackbook:end-magic
// trackbook:magic %maven org.knowm.xchart:xchart:4.0.3
// trackbook:end-magic

// %% id="d32a2b47" tags=["parameters"]
// Hyperparameters (smoke runs override them from metadata trackbook.smoke_parameters)
int features = 4096;
int hidden = 64;
int epochs = 4;
int batchSize = 64;
float learningRate = 0.002f;
int maxRows = 0; // 0 = all rows

// %% id="5e6d7e0d"
import ai.djl.*;
import ai.djl.engine.Engine;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.*;
import ai.djl.nn.core.Linear;
import ai.djl.training.*;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import tech.tablesaw.api.*;
import org.knowm.xchart.*;
import dev.trackbook.data.dataset.DatasetProfiler;
import dev.trackbook.client.Tracking;

Table emails = DatasetProfiler.readCsv(java.nio.file.Path.of("data/spam.csv"));
if (maxRows > 0) emails = dev.trackbook.data.Samples.rows(emails, maxRows, 7); // seeded: reruns draw the same rows
// 90/5/5 split with a fixed seed: the same rows land in the same part on every run
var order = new java.util.ArrayList<Integer>();
for (int i = 0; i < emails.rowCount(); i++) order.add(i);
java.util.Collections.shuffle(order, new java.util.Random(7));
int nTrain = (int) (order.size() * 0.90), nDev = (int) (order.size() * 0.05);
int[] trainRows = order.subList(0, nTrain).stream().mapToInt(Integer::intValue).toArray();
int[] devRows = order.subList(nTrain, nTrain + nDev).stream().mapToInt(Integer::intValue).toArray();
int[] testRows = order.subList(nTrain + nDev, order.size()).stream().mapToInt(Integer::intValue).toArray();
Table train = emails.rows(trainRows), valid = emails.rows(devRows), test = emails.rows(testRows);
String.format("train %d, validation %d, test %d", train.rowCount(), valid.rowCount(), test.rowCount())

// %% id="070079b0"
// trackbook:magic %experiment email-classifier
Tracking.experiment("email-classifier");
// trackbook:end-magic
// trackbook:magic %run start spam-mlp
Tracking.startRun("spam-mlp");
// trackbook:end-magic
Tracking.params(java.util.Map.of("features", features, "hidden", hidden, "max_rows", maxRows));

// %% id="3ae4808e"
// trackbook:magic %dataset emails-train train training
dev.trackbook.data.Datasets.log("emails-train", train, "training");
// trackbook:end-magic
// trackbook:magic %dataset emails-test test test
dev.trackbook.data.Datasets.log("emails-test", test, "test");
// trackbook:end-magic

// %% [markdown] id="963e8e22"
// ## Baseline first
//
// Always predict the majority class: the number any model must beat.

// %% id="78f485bd"
String majority = train.where(train.stringColumn("label").isEqualTo("ham")).rowCount() * 2 > train.rowCount() ? "ham" : "spam";
double baselineAccuracy = (double) test.where(test.stringColumn("label").isEqualTo(majority)).rowCount() / test.rowCount();
// trackbook:magic %metric baseline_test_accuracy=baselineAccuracy
Tracking.metric("baseline_test_accuracy", baselineAccuracy);
// trackbook:end-magic
baselineAccuracy

// %% [markdown] id="1684599a"
// ## Features: hashed bag of words

// %% id="42810236"
float[] featurize(Table t) {
  float[] x = new float[t.rowCount() * features];
  for (int r = 0; r < t.rowCount(); r++) {
    String text = (t.stringColumn("subject").get(r) + " " + t.stringColumn("body").get(r)).toLowerCase();
    for (String w : text.split("[^a-z0-9$!]+")) {
      if (w.isEmpty()) continue;
      x[r * features + Math.floorMod(w.hashCode(), features)] = 1f;
    }
  }
  return x;
}
float[] labels(Table t) {
  float[] y = new float[t.rowCount()];
  for (int r = 0; r < t.rowCount(); r++) y[r] = t.stringColumn("label").get(r).equals("spam") ? 1f : 0f;
  return y;
}
NDManager manager = NDManager.newBaseManager("PyTorch");
ArrayDataset dataset(Table t, boolean shuffle) {
  return new ArrayDataset.Builder()
      .setData(manager.create(featurize(t), new Shape(t.rowCount(), features)))
      .optLabels(manager.create(labels(t), new Shape(t.rowCount())))
      .setSampling(batchSize, shuffle).build();
}
ArrayDataset trainSet = dataset(train, true), devSet = dataset(valid, false);
Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion()

// %% [markdown] id="dd6907dd"
// ## Train, auto-logged
//
// `%autolog config epochs` adds DJL's basic listeners and Trackbook's: hyperparameters, per-epoch train/dev loss and accuracy, time — and one live progress display.

// %% id="931d654e"
Engine.getInstance().setRandomSeed(7);
Model model = Model.newInstance("spam-mlp", "PyTorch");
model.setBlock(new SequentialBlock()
    .add(Linear.builder().setUnits(hidden).build())
    .add(Activation.reluBlock())
    .add(Linear.builder().setUnits(2).build()));
DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build())
    .addEvaluator(new Accuracy());
// trackbook:magic %autolog config epochs
dev.trackbook.djl.Autolog.attach(config, epochs);
// trackbook:end-magic
Trainer trainer = model.newTrainer(config);
trainer.initialize(new Shape(batchSize, features));
EasyTrain.fit(trainer, epochs, trainSet, devSet);
trainer.getTrainingResult()

// %% [markdown] id="c83b62af"
// ## Test set: accuracy, precision, recall, F1

// %% id="bcc50ed3"
NDArray testX = manager.create(featurize(test), new Shape(test.rowCount(), features));
float[] truth = labels(test);
float[] predicted;
try (var evalTrainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
  predicted = evalTrainer.evaluate(new NDList(testX)).singletonOrThrow().argMax(1).toType(DataType.FLOAT32, false).toFloatArray();
}
int tp = 0, fp = 0, tn = 0, fn = 0;
for (int i = 0; i < truth.length; i++) {
  if (predicted[i] == 1f) { if (truth[i] == 1f) tp++; else fp++; } else { if (truth[i] == 0f) tn++; else fn++; }
}
double accuracy = (tp + tn) / (double) truth.length;
double precision = tp / (double) Math.max(1, tp + fp);
double recall = tp / (double) Math.max(1, tp + fn);
double f1 = 2 * precision * recall / Math.max(1e-9, precision + recall);
// trackbook:magic %metric test_accuracy=accuracy test_precision=precision test_recall=recall test_f1=f1
Tracking.metric("test_accuracy", accuracy);
Tracking.metric("test_precision", precision);
Tracking.metric("test_recall", recall);
Tracking.metric("test_f1", f1);
// trackbook:end-magic
String.format("test accuracy %.4f  precision %.4f  recall %.4f  F1 %.4f  (baseline accuracy %.4f)", accuracy, precision, recall, f1, baselineAccuracy)

// %% id="2b83e0da"
HeatMapChart confusion = new HeatMapChartBuilder().width(420).height(360).title("Confusion matrix (test)").xAxisTitle("predicted").yAxisTitle("actual").build();
confusion.getStyler().setShowValue(true).setMin(0).setMax(Math.max(tn, tp));
confusion.addSeries("count", java.util.List.of("ham", "spam"), java.util.List.of("ham", "spam"),
    java.util.List.of(new Number[] {0, 0, tn}, new Number[] {0, 1, fn}, new Number[] {1, 0, fp}, new Number[] {1, 1, tp}));
BitmapEncoder.saveBitmap(confusion, "confusion-matrix", BitmapEncoder.BitmapFormat.PNG);
// trackbook:magic %artifact confusion-matrix.png charts
Tracking.artifact(java.nio.file.Path.of("confusion-matrix.png"), "charts");
// trackbook:end-magic
confusion

// %% [markdown] id="586c6c69"
// ## Log and register the model
//
// `%log_model` saves the weights with a descriptor (engine and versions, input/output signature, an example input, content hash); `%register` makes it a version of the registered model `spam-mlp`, with lineage back to this run, notebook, dataset versions and commit. `./trackbook validate models:/spam-mlp@candidate` checks it in a sandboxed JVM; `./trackbook serve models:/spam-mlp@candidate` serves it.

// %% id="5dcab9c0"
// trackbook:magic %log_model spam-mlp model
Tracking.logModel(model, "spam-mlp");
// trackbook:end-magic
// trackbook:magic %register spam-mlp alias=candidate
Tracking.registerModel("spam-mlp", "candidate");
// trackbook:end-magic
// trackbook:magic %tag model.framework=djl-pytorch
Tracking.tag("model.framework", "djl-pytorch");
// trackbook:end-magic
trainer.close(); // ends training: the listener logs training_time_s to this run
model.close();
// trackbook:magic %run end
Tracking.endRun();
// trackbook:end-magic
String.format("final test accuracy %.4f", accuracy)

// %% id="5e1f0a7c"
// The registered model, loaded back from the registry as a pipeline or `trackbook serve` would load it.
var served = Tracking.loadModel("models:/spam-mlp@candidate");
float[] firstTestEmail = java.util.Arrays.copyOf(featurize(test), features);
String answer = served.predict("{\"inputs\": [" + java.util.Arrays.toString(firstTestEmail) + "]}");
served.close(); manager.close();
test.stringColumn("label").get(0) + " -> " + answer
