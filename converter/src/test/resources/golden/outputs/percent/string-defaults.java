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
//       body_sha256: 06073a33408da485f31000c230477c7156a76c3e3c0e17b5513c746966b46cbd
//       converter_version: test
//       experiment: null
//       format_version: 1
//       git_commit: 0123456789abcdef0123456789abcdef01234567
//       git_dirty: false
//       maven: []
//       parameters:
//       - default: "0x10"
//         name: hex
//         type: String
//       - default: "1e3"
//         name: sci
//         type: String
//       - default: "1_000"
//         name: grouped
//         type: String
//       - default: "0b101"
//         name: bin
//         type: String
//       - default: ".inf"
//         name: inf
//         type: String
//       - default: "-.inf"
//         name: negInf
//         type: String
//       - default: ".nan"
//         name: nan
//         type: String
//       - default: "2024-01-01"
//         name: day
//         type: String
//       - default: "1:20"
//         name: sexagesimal
//         type: String
//       - default: "017"
//         name: octal
//         type: String
//       - default: "yes"
//         name: "yes"
//         type: String
//       - default: "~"
//         name: tilde
//         type: String
//       - default: ""
//         name: empty
//         type: String
//       - default: "1.50"
//         name: decimal
//         type: String
//       source: notebooks/string-defaults.ipynb
//       source_sha256: c31f57662db30200f8a80f66c3ad5c45896592c0d8915c1fa40dfd4a0cbc7b28
//       version: 1
// ---

// %% id="params" tags=["parameters"]
// Strings a plain YAML scalar would read as numbers, dates, booleans or null
String hex = "0x10";
String sci = "1e3";
String grouped = "1_000";
String bin = "0b101";
String inf = ".inf";
String negInf = "-.inf";
String nan = ".nan";
String day = "2024-01-01";
String sexagesimal = "1:20";
String octal = "017";
String yes = "yes";
String tilde = "~";
String empty = "";
String decimal = "1.50";

// %% id="show"
String.join(" ", hex, sci, grouped, bin, inf, negInf, nan, day, sexagesimal, octal, yes, tilde, empty, decimal)
