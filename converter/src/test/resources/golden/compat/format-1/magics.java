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
//       body_sha256: bbd393a2a3c3938d7f3d5a97c7f6db69f7f4d365b7e54186345e0d87b332de5e
//       converter_version: test
//       experiment: tiny-models
//       format_version: 1
//       git_commit: 0123456789abcdef0123456789abcdef01234567
//       git_dirty: false
//       maven:
//       - org.apache.commons:commons-math3:3.6.1
//       parameters: []
//       source: notebooks/magics.ipynb
//       source_sha256: 12bfb2ac55cc511d6f348eb6e29814cadfb7bd55ca4b0a7e32186cc3a21197e3
//       version: 1
// ---

// %% [markdown] id="m0"
// Magics become Java calls in the pipeline.

// %% id="deps"
// trackbook:magic %maven org.apache.commons:commons-math3:3.6.1
// trackbook:end-magic

// %% id="train"
// trackbook:magic %experiment tiny-models
Tracking.experiment("tiny-models");
// trackbook:end-magic
double lr = 0.01;
// trackbook:magic %metric loss=0.5
Tracking.metric("loss", 0.5);
// trackbook:end-magic
// trackbook:magic   %metric acc=0.9 --step 1
Tracking.metric("acc", 0.9, 1);
// trackbook:end-magic
System.out.println(lr);

// %% id="show"
// trackbook:magic %runs
// trackbook:end-magic

// %% id="cellmagic"
// trackbook:magic %%timeit
// trackbook:magic Math.sqrt(2);
long t0 = System.nanoTime();
Math.sqrt(2);
System.out.println(System.nanoTime() - t0);
// trackbook:end-magic
