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
//       body_sha256: 924caead9f561785199bd736d6873ff07dba177631bc58e4df982ea760d0237d
//       converter_version: test
//       experiment: null
//       format_version: 1
//       git_commit: 0123456789abcdef0123456789abcdef01234567
//       git_dirty: false
//       maven:
//       - org.apache.commons:commons-math3:3.6.1
//       - tech.tablesaw:tablesaw-core:0.43.1
//       - org.knowm.xchart:xchart:3.8.8
//       maven_repositories:
//       - id: corp
//         url: https://repo.corp.example/maven2/
//       parameters: []
//       source: notebooks/ijava-dependencies.ipynb
//       source_sha256: 045acd6733b0601649135323353879df1876ddfb054e9d407626cd456eb9ef90
//       version: 1
// ---

// %% [markdown] id="m0"
// IJava's and JJava's dependency magics become the pipeline's dependency header.

// %% id="readme"
// trackbook:magic %%loadFromPOM
// trackbook:magic <repository>
// trackbook:magic   <id>corp</id>
// trackbook:magic   <url>https://repo.corp.example/maven2/</url>
// trackbook:magic </repository>
// trackbook:magic 
// trackbook:magic <dependency>
// trackbook:magic   <groupId>org.apache.commons</groupId>
// trackbook:magic   <artifactId>commons-math3</artifactId>
// trackbook:magic   <version>3.6.1</version>
// trackbook:magic </dependency>
// trackbook:end-magic

// %% id="alias"
// trackbook:magic %addMavenDependencies tech.tablesaw:tablesaw-core:0.43.1
// trackbook:end-magic

// %% id="pom"
// trackbook:magic %%loadFromPOM compile runtime
// trackbook:magic <?xml version="1.0" encoding="UTF-8"?>
// trackbook:magic <project xmlns="http://maven.apache.org/POM/4.0.0">
// trackbook:magic   <modelVersion>4.0.0</modelVersion>
// trackbook:magic   <groupId>demo</groupId>
// trackbook:magic   <artifactId>notebook</artifactId>
// trackbook:magic   <version>1</version>
// trackbook:magic   <properties>
// trackbook:magic     <xchart.version>3.8.8</xchart.version>
// trackbook:magic   </properties>
// trackbook:magic   <dependencies>
// trackbook:magic     <dependency>
// trackbook:magic       <groupId>org.knowm.xchart</groupId>
// trackbook:magic       <artifactId>xchart</artifactId>
// trackbook:magic       <version>${xchart.version}</version>
// trackbook:magic     </dependency>
// trackbook:magic     <dependency>
// trackbook:magic       <groupId>org.junit.jupiter</groupId>
// trackbook:magic       <artifactId>junit-jupiter</artifactId>
// trackbook:magic       <version>5.10.2</version>
// trackbook:magic       <scope>test</scope>
// trackbook:magic     </dependency>
// trackbook:magic   </dependencies>
// trackbook:magic </project>
// trackbook:end-magic

// %% id="use"
System.out.println(org.apache.commons.math3.util.FastMath.sqrt(2));
