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
//       body_sha256: 0970e63146b8893134dcfe9e357df2f0bda8e48a062e028278298e63894339b1
//       converter_version: test
//       experiment: null
//       format_version: 1
//       git_commit: 0123456789abcdef0123456789abcdef01234567
//       git_dirty: false
//       maven:
//       - org.knowm.xchart:xchart:3.8.8
//       - org.junit.jupiter:junit-jupiter:5.10.2
//       maven_repositories:
//       - id: corp
//         url: https://repo.corp.example/maven2/
//       parameters: []
//       source: notebooks/ijava-pom-file.ipynb
//       source_sha256: 8b9b380d74ed0b762acc25dbbdac32ba67096058894844047aec613eaad5015d
//       version: 1
// ---

// %% [markdown] id="m0"
// IJava's and JJava's `%loadFromPOM PATH` reads the pom.xml beside the notebook at conversion; its dependencies and repositories become the pipeline's dependency header.

// %% id="pom"
// trackbook:magic %loadFromPOM ijava-pom-file/pom.xml
// trackbook:end-magic

// %% id="test-scope"
// trackbook:magic %loadFromPOM ijava-pom-file/pom.xml test // only the tests' libraries
// trackbook:end-magic
var chart = new org.knowm.xchart.XYChart(400, 300);

// %% id="use"
System.out.println(chart.getWidth());
