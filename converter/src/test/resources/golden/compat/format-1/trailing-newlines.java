// ---
// jupyter:
//   jupytext:
//     notebook_metadata_filter: trackbook
//     text_representation:
//       extension: .java
//       format_name: percent
//       format_version: "1.3"
//   kernelspec:
//     display_name: Java
//     language: java
//     name: java
//   trackbook:
//     pipeline:
//       body_sha256: 66af4017060332c9cf7c44fec8845c2c274370c4ec7e69173f1ac5361f9f1ac0
//       converter_version: test
//       experiment: null
//       format_version: 1
//       git_commit: 0123456789abcdef0123456789abcdef01234567
//       git_dirty: false
//       maven: []
//       parameters: []
//       source: notebooks/trailing-newlines.ipynb
//       source_sha256: 097369e47eafb1739ba178c393870b0f546c6743649257915f3320b18af2fb96
//       version: 1
// ---

// %% [markdown] id="md"
// ends with a newline
//

// %% id="a"
int a = 1;



// %% id="b"



// %% id="c"
   
int c = 2;

