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
//       body_sha256: 88bbc6e7b4e33c3076f2105c1d7792606cfb61f869251578bbf698d0987a1a7f
//       converter_version: test
//       experiment: null
//       format_version: 1
//       git_commit: 0123456789abcdef0123456789abcdef01234567
//       git_dirty: false
//       maven: []
//       parameters:
//       - default: 3
//         name: "n"
//         type: int
//       source: notebooks/no-ids.ipynb
//       source_sha256: 3628fe02cc0ac918df9462d29348f13f6ca76725595efa3a3299b8fdffdccdcd
//       version: 1
// ---

// %% [markdown]
// An nbformat 4.4 notebook: cells have no ids.

// %% tags=["parameters"]
int n = 3;

// %%
System.out.println(n * 2);
