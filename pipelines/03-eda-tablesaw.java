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
//       body_sha256: 852aea76a3a35493c72afd09ded832685649cf8ad31813906ee49bbfe777fd2c
//       converter_version: 0.1.0-SNAPSHOT
//       experiment: eda-emails
//       format_version: 1
//       git_commit: 8c0363cc519a53c11886f53896fce981c2261f73
//       git_dirty: false
//       maven:
//       - dev.trackbook:tracking-data:0.1.0-SNAPSHOT
//       - org.knowm.xchart:xchart:4.0.3
//       parameters: []
//       source: notebooks/03-eda-tablesaw.ipynb
//       source_sha256: c49d79015e14f88874e0d7f18ca6bfae0b90fb60c02808571bb4db9d0eea3960
//       version: 3
// ---

// %% [markdown] id="2dfa23a7"
// # 03 · Exploring the e-mail data with Tablesaw and XChart
//
// The SpamAssassin corpus as prepared by `scripts/prepare-spam-data` (`data/spam.csv`: subject, truncated body, label, corpus group). We look at it, **version it** with `%dataset` (content sha256, schema, per-column statistics, logged as an MLflow run input) and **check drift** of new data against that version with `%drift`.

// %% id="32c47078"
// trackbook:magic %maven dev.trackbook:tracking-data:0.1.0-SNAPSHOT
// trackbook:end-magic
// trackbook:magic %maven org.knowm.xchart:xchart:4.0.3
// trackbook:end-magic

// %% id="14a59d2e"
// trackbook:magic %experiment eda-emails
Tracking.experiment("eda-emails");
// trackbook:end-magic
// trackbook:magic %run start eda
Tracking.startRun("eda");
// trackbook:end-magic

// %% id="b327674a"
import tech.tablesaw.api.*;
import org.knowm.xchart.*;
import static tech.tablesaw.aggregate.AggregateFunctions.*;
import dev.trackbook.data.dataset.DatasetProfiler;

Table emails = DatasetProfiler.readCsv(java.nio.file.Path.of("data/spam.csv"));
emails.shape()

// %% id="63be3052"
emails.structure()

// %% id="6ac8b606"
emails.xTabCounts("group", "label")

// %% [markdown] id="11b145d6"
// How long are subjects and bodies? (Bodies were truncated to 400 characters when the data was prepared.)

// %% id="a9b6389a"
DoubleColumn subjectLength = DoubleColumn.create("subject_length");
for (String s : emails.stringColumn("subject")) subjectLength.append(s.length());
emails.addColumns(subjectLength);
emails.summarize("subject_length", mean, median, max).by("label")

// %% id="d4fe0c8b"
CategoryChart chart = new CategoryChartBuilder().width(640).height(320).title("E-mails per corpus group").xAxisTitle("group").yAxisTitle("e-mails").build();
var perGroup = new java.util.TreeMap<String, Integer>();
for (String g : emails.stringColumn("group")) perGroup.merge(g, 1, Integer::sum);
chart.addSeries("e-mails", new java.util.ArrayList<>(perGroup.keySet()), new java.util.ArrayList<>(perGroup.values()));
chart

// %% [markdown] id="5f8034a1"
// ## Version the data
//
// The same content, in any row order, is the same version: the digest is over the sorted row hashes.

// %% id="888fe2b9"
emails.removeColumns("subject_length");
// trackbook:magic var version = %dataset emails data/spam.csv
var version = dev.trackbook.data.Datasets.log("emails", java.nio.file.Path.of("data/spam.csv"), "training");
// trackbook:end-magic
version

// %% [markdown] id="284ca83d"
// ## Drift
//
// A random sample of the same data should not drift. A sample with a different class mix (mostly spam, as a spam wave would bring) should: PSI flags `label` and `group`, KS flags the text-length columns if their distributions moved.

// %% id="7950aac0"
// Seeded samples (Samples.rows), so a rerun and the converted pipeline draw the same rows and log the same drift.
Table sample = dev.trackbook.data.Samples.rows(emails, 1000, 1);
// trackbook:magic var same = %drift emails sample
var same = dev.trackbook.data.Datasets.drift("emails", sample);
// trackbook:end-magic

// %% id="d3df2751"
Table spamWave = dev.trackbook.data.Samples.rows(emails.where(emails.stringColumn("label").isEqualTo("spam")), 800, 2)
    .append(dev.trackbook.data.Samples.rows(emails.where(emails.stringColumn("label").isEqualTo("ham")), 200, 3));
// trackbook:magic var wave = %drift emails spamWave
var wave = dev.trackbook.data.Datasets.drift("emails", spamWave);
// trackbook:end-magic

// %% id="fb35203a"
System.out.println(same);
System.out.println(wave);
// trackbook:magic %run end
Tracking.endRun();
// trackbook:end-magic
