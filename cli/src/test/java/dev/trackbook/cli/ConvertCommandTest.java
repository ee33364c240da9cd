package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvertCommandTest {

  private static final String ONE_CELL =
      """
      {"cells": [{"cell_type": "code", "id": "a", "metadata": {}, "outputs": [],
                  "execution_count": null, "source": "int x = 1;"}],
       "metadata": {"kernelspec": {"name": "trackbook-java", "display_name": "Java",
                                   "language": "java"}},
       "nbformat": 4, "nbformat_minor": 5}
      """;

  @TempDir Path project;

  @Test
  void pipelinesGoToTheProjectRootWhereverTheNotebookIs() throws Exception {
    Files.createDirectories(project.resolve(".git"));
    Path notebook = Files.createDirectories(project.resolve("nb")).resolve("t1.ipynb");
    Files.writeString(notebook, ONE_CELL);

    assertThat(TrackbookCli.commandLine().execute("convert", notebook.toString())).isZero();

    assertThat(project.resolve("pipelines/t1.java")).exists();
    assertThat(Files.readString(project.resolve("pipelines/pipelines.lock")))
        .contains("\"nb/t1.ipynb\"");
  }

  @Test
  void aNotebookOutsideGitAndTheWorkingDirectoryGetsItsPipelineNextToIt() throws Exception {
    // Not in Trackbook's checkout ($TRACKBOOK_HOME, which ./trackbook sets): that is our project,
    // not the user's. (This test's working directory is inside our git checkout, the temp dir not.)
    Path notebook = Files.createDirectories(project.resolve("nb")).resolve("t1.ipynb");
    Files.writeString(notebook, ONE_CELL);

    assertThat(TrackbookCli.commandLine().execute("convert", notebook.toString())).isZero();

    assertThat(project.resolve("nb/pipelines/t1.java")).exists();
    assertThat(Files.readString(project.resolve("nb/pipelines/pipelines.lock")))
        .contains("\"t1.ipynb\"");
  }

  @Test
  void checkWithNothingToCheckFailsInOneLine() {
    StringWriter err = new StringWriter();
    int code =
        TrackbookCli.commandLine()
            .setErr(new PrintWriter(err, true))
            .execute("convert", "--check", "--out", project.resolve("none").toString());

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).hasLineCount(1).contains("no pipelines to check");
  }
}
