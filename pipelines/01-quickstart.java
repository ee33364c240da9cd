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
//       body_sha256: 2d607d83f5b8f0f1ce55e8df854338594786ba0c71452005c292462eb7a791e7
//       converter_version: 0.1.0-SNAPSHOT
//       experiment: quickstart
//       format_version: 1
//       git_commit: b6dd6b31859a72d8aa47e16c092038ba1a7b80d4
//       git_dirty: false
//       maven:
//       - dev.trackbook:tracking-data:0.1.0-SNAPSHOT
//       - dev.trackbook:tracking-djl:0.1.0-SNAPSHOT
//       parameters: []
//       source: notebooks/01-quickstart.ipynb
//       source_sha256: 4d04e3f7531d32afa492b68cb81852286a1e3167bc0c3b3cda5ab6523e3fb150
//       version: 2
// ---

// %% [markdown] id="3ffd5d08"
// # 01 · Quickstart: the tracking magics in five minutes
//
// Every call below appends to an on-disk journal and returns at once; a background flusher sends it to the tracking server (`$TRACKBOOK_TRACKING_URI`, else `http://localhost:5000`). Any magic shows its help with `?`.

// %% id="afaa5a1f"
// trackbook:magic %tracking?
// trackbook:end-magic

// %% id="3c539605"
// trackbook:magic %experiment quickstart
Tracking.experiment("quickstart");
// trackbook:end-magic

// %% id="dfb21109"
// trackbook:magic var runId = %run start first-run
var runId = Tracking.startRun("first-run").runId();
// trackbook:end-magic
runId

// %% [markdown] id="4510da30"
// `%param` declares typed Java variables **and** logs them:

// %% id="a1f9877d"
// trackbook:magic %param lr=0.01 epochs=3 optimizer=adam
double lr = 0.01;
int epochs = 3;
String optimizer = "adam";
Tracking.param("lr", lr);
Tracking.param("epochs", epochs);
Tracking.param("optimizer", optimizer);
// trackbook:end-magic
lr * epochs

// %% id="d8460b03"
import dev.trackbook.client.Tracking;

for (int epoch = 0; epoch < epochs; epoch++) {
  Tracking.metric("loss", 1.0 / (epoch + 1)); // inside a block: the Java API
}
double accuracy = 0.93;
// trackbook:magic %metric accuracy=accuracy
Tracking.metric("accuracy", accuracy);
// trackbook:end-magic

// %% id="dcfd2985"
// trackbook:magic %tag team=notebooks stage="quick start"
Tracking.tag("team", "notebooks");
Tracking.tag("stage", "quick start");
// trackbook:end-magic

// %% id="980a481e"
// trackbook:magic %note A first run from the *quickstart* notebook
Tracking.note("A first run from the *quickstart* notebook");
// trackbook:end-magic

// %% id="c4efb9eb"
// trackbook:magic %%note
// trackbook:magic ## Quickstart run
// trackbook:magic Logged from `01-quickstart.ipynb`: parameters, a loss curve, a tag, an artifact and a dataset.
Tracking.note("## Quickstart run\nLogged from `01-quickstart.ipynb`: parameters, a loss curve, a tag, an artifact and a dataset.");
// trackbook:end-magic

// %% id="c33e9a00"
// trackbook:magic %%track prepare
// trackbook:magic long sum = 0;
// trackbook:magic for (int i = 0; i < 1_000_000; i++) sum += i;
// trackbook:magic sum
long trackStart_f31375a0af5d = System.nanoTime();
long sum = 0;
for (int i = 0; i < 1_000_000; i++) sum += i;
sum
;
Tracking.metric("track.prepare.duration_s", (System.nanoTime() - trackStart_f31375a0af5d) / 1e9);
Tracking.tag("track.prepare.source_sha256", "f31375a0af5db8eaa410d95185f992ae957e823608026ddd4869a2ab7b726d77");
// trackbook:end-magic

// %% id="a9d5daba"
java.nio.file.Files.writeString(java.nio.file.Path.of("hello.txt"), "hello from the quickstart\n");
// trackbook:magic %artifact hello.txt notes
Tracking.artifact(java.nio.file.Path.of("hello.txt"), "notes");
// trackbook:end-magic

// %% [markdown] id="ca208828"
// ## Datasets and drift
//
// `%maven` adds libraries (from the local Maven repository or Maven Central). `%dataset` logs a dataset version as a run input; `%drift` compares new data with it.

// %% id="08dc9325"
// trackbook:magic %maven dev.trackbook:tracking-data:0.1.0-SNAPSHOT
// trackbook:end-magic

// %% id="beb71ff8"
// trackbook:magic var emails = %dataset emails data/spam.csv
var emails = dev.trackbook.data.Datasets.log("emails", java.nio.file.Path.of("data/spam.csv"), "training");
// trackbook:end-magic
emails

// %% id="0e8d99c0"
// trackbook:magic var report = %drift emails data/spam.csv
var report = dev.trackbook.data.Datasets.drift("emails", java.nio.file.Path.of("data/spam.csv"));
// trackbook:end-magic

// %% [markdown] id="da9197cf"
// ## DJL auto-logging
//
// `%autolog` gives DJL training listeners that log hyperparameters, per-epoch metrics and show one live progress bar (see `02-email-classifier`).

// %% id="050e9fd8"
// trackbook:magic %maven dev.trackbook:tracking-djl:0.1.0-SNAPSHOT
// trackbook:end-magic
// trackbook:magic var listeners = %autolog
var listeners = dev.trackbook.djl.Autolog.listeners();
// trackbook:end-magic
listeners.length

// %% id="2da8754f"
// trackbook:magic %run end
Tracking.endRun();
// trackbook:end-magic

// %% id="ae90cf8e"
// trackbook:magic %runs
// trackbook:end-magic
