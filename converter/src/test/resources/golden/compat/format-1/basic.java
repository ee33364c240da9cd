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
//     name: trackbook
//   trackbook:
//     pipeline:
//       body_sha256: 9d5805db5ec8350c70c84ba90e9fbc0593d98f06a09c2ccab276fd5d3e3d1b82
//       converter_version: test
//       experiment: null
//       format_version: 1
//       git_commit: 0123456789abcdef0123456789abcdef01234567
//       git_dirty: false
//       maven: []
//       parameters:
//       - default: 10000
//         name: samples
//         type: int
//       - default: 1.0
//         name: scale
//         type: double
//       - default: pi "estimate"
//         name: label
//         type: String
//       - declared_as: var
//         default: 42
//         name: seed
//         type: long
//       - default: false
//         name: verbose
//         type: boolean
//       source: notebooks/basic.ipynb
//       source_sha256: aec9ef10fa520baa1199fdd3f829b5f5094d547cea88e4b668e42b44d673b603
//       version: 1
// ---

// %% [markdown] id="intro"
// # Training a tiny model
//
// Estimates π with a Monte-Carlo loop — written in *Java*.

// %% id="params" tags=["parameters"]
// defaults for a quick run
int samples = 10_000;
double scale = 1.0;
String label = "pi \"estimate\"";
var seed = 42L;
boolean verbose = false;

// %% id="setup"
import java.util.Random;

Random random = new Random(seed);
int scaled = (int) (samples * scale);

// %% id="loop" tags=["train", "slow"]
int inside = 0;
for (int i = 0; i < scaled; i++) {
  double x = random.nextDouble(), y = random.nextDouble();
  if (x * x + y * y <= 1) {
    inside++;
  }
}
// // %notamagic: a comment that looks like one
double pi = 4.0 * inside / scaled;

// %% active="ipynb" id="peek" tags=["skip-pipeline"]
// System.out.println("only in the notebook: " + pi);

// %% [raw] id="raw1"
// raw text stays raw

// %% id="empty"

// %% id="report"
if (verbose) {
  System.out.println(label + " = " + pi);
}
pi
