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
//       body_sha256: 6b90421a96262cb4a199e04cb630e678793f019e3d9c729729e6c48741c9c896
//       converter_version: 0.1.0-SNAPSHOT
//       experiment: email-sweep
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
//       - default: 2048
//         name: features
//         type: int
//       - default: 2
//         name: epochs
//         type: int
//       - default: 64
//         name: batchSize
//         type: int
//       - default: "16,64"
//         name: hiddenSizes
//         type: String
//       - default: "0.0005,0.003"
//         name: learningRates
//         type: String
//       - default: 0
//         name: maxRows
//         type: int
//       source: notebooks/04-sweep.ipynb
//       source_sha256: 9aaafeb234f28c056767d6990e52041dd209e3f4a684e3bbcbe79e2fb25d9979
//       version: 1
// ---

// %% [markdown] id="678c4205"
// # 04 · A small hyperparameter sweep as nested runs
//
// One parent run, one child run per configuration (tag `mlflow.parentRunId`), each auto-logged by `%autolog`. Every configuration's model is logged and registered as a version of `spam-sweep` (lineage back to its child run); the best by validation accuracy gets the registry alias `champion` and is loaded back from the registry at the end.

// %% id="daaea8af"
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

// Imports before the parameters cell: JShell re-declares earlier String variables when a wildcard import
// arrives, which would reset the parameters to null.
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
import dev.trackbook.client.Tracking;
import dev.trackbook.data.dataset.DatasetProfiler;
import dev.trackbook.djl.Autolog;

// %% id="79517220" tags=["parameters"]
int features = 2048;
int epochs = 2;
int batchSize = 64;
String hiddenSizes = "16,64"; // comma-separated, so -p hiddenSizes=8,32 overrides it
String learningRates = "0.0005,0.003";
int maxRows = 0; // 0 = all rows

// %% id="64b18f96"
Table emails = DatasetProfiler.readCsv(java.nio.file.Path.of("data/spam.csv"));
if (maxRows > 0) emails = dev.trackbook.data.Samples.rows(emails, maxRows, 7); // seeded: reruns draw the same rows
var order = new java.util.ArrayList<Integer>();
for (int i = 0; i < emails.rowCount(); i++) order.add(i);
java.util.Collections.shuffle(order, new java.util.Random(7));
int nTrain = (int) (order.size() * 0.90);
Table train = emails.rows(order.subList(0, nTrain).stream().mapToInt(Integer::intValue).toArray());
Table valid = emails.rows(order.subList(nTrain, order.size()).stream().mapToInt(Integer::intValue).toArray());
NDManager manager = NDManager.newBaseManager("PyTorch");
ArrayDataset dataset(Table t, boolean shuffle) {
  float[] x = new float[t.rowCount() * features];
  float[] y = new float[t.rowCount()];
  for (int r = 0; r < t.rowCount(); r++) {
    String text = (t.stringColumn("subject").get(r) + " " + t.stringColumn("body").get(r)).toLowerCase();
    for (String w : text.split("[^a-z0-9$!]+")) if (!w.isEmpty()) x[r * features + Math.floorMod(w.hashCode(), features)] = 1f;
    y[r] = t.stringColumn("label").get(r).equals("spam") ? 1f : 0f;
  }
  return new ArrayDataset.Builder().setData(manager.create(x, new Shape(t.rowCount(), features)))
      .optLabels(manager.create(y, new Shape(t.rowCount()))).setSampling(batchSize, shuffle).build();
}
ArrayDataset trainSet = dataset(train, true), validSet = dataset(valid, false);
// trackbook:magic %experiment email-sweep
Tracking.experiment("email-sweep");
// trackbook:end-magic

// %% id="1bae5afb"
// trackbook:magic var parent = %run start sweep
var parent = Tracking.startRun("sweep").runId();
// trackbook:end-magic
// trackbook:magic %dataset emails-train train training
dev.trackbook.data.Datasets.log("emails-train", train, "training");
// trackbook:end-magic

// %% id="f9cba3bf"
var results = new java.util.LinkedHashMap<String, Float>();
var runIds = new java.util.LinkedHashMap<String, String>();
var versions = new java.util.LinkedHashMap<String, String>();
for (String h : hiddenSizes.split(",")) {
  int hidden = Integer.parseInt(h.strip());
  for (String l : learningRates.split(",")) {
    float lr = Float.parseFloat(l.strip());
    String name = "hidden=" + hidden + " lr=" + lr;
    var child = Tracking.startRun(name); // nested under the sweep run
    Tracking.param("hidden", hidden);
    Engine.getInstance().setRandomSeed(7);
    try (Model model = Model.newInstance("spam-mlp", "PyTorch")) {
      model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(hidden).build())
          .add(Activation.reluBlock()).add(Linear.builder().setUnits(2).build()));
      DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
          .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(lr)).build())
          .addEvaluator(new Accuracy());
      Autolog.attach(config, epochs);
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(batchSize, features));
        EasyTrain.fit(trainer, epochs, trainSet, validSet);
        results.put(name, trainer.getTrainingResult().getValidateEvaluation("Accuracy"));
      }
      // Every configuration becomes a version of one registered model, with lineage to its run.
      Tracking.logModel(model, "spam-sweep", java.util.Map.of("postprocess", "softmax"));
      versions.put(name, Tracking.registerModel("spam-sweep", null));
    }
    runIds.put(name, child.runId());
    child.end("FINISHED");
  }
}
results

// %% id="ef80d95d"
String best = results.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).get().getKey();
Tracking.tag("best_run", runIds.get(best));
Tracking.tag("best_config", best);
Tracking.tag("best_version", versions.get(best));
// trackbook:magic %run end
Tracking.endRun();
// trackbook:end-magic
// The best configuration's version becomes the champion: what `trackbook serve models:/spam-sweep@champion` serves.
Tracking.setModelAlias("spam-sweep", "champion", versions.get(best));
best + " (version " + versions.get(best) + ") -> " + results.get(best)

// %% id="6d07548d"
CategoryChart chart = new CategoryChartBuilder().width(640).height(320).title("Validation accuracy per configuration").yAxisTitle("accuracy").build();
chart.getStyler().setYAxisMin(0.8).setYAxisMax(1.0);
chart.addSeries("validate_Accuracy", new java.util.ArrayList<>(results.keySet()), new java.util.ArrayList<Number>(results.values()));
chart

// %% id="37b2c0da"
var champion = Tracking.loadModel("models:/spam-sweep@champion");
champion.descriptor()
