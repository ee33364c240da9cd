package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedRunTimeTest {
  @TempDir Path dir;

  private NotebookFile notebook(String cells) throws IOException {
    Path p = dir.resolve("n.ipynb");
    Files.writeString(
        p,
        """
        {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [%s]}
        """
            .formatted(cells));
    return NotebookFile.read(p, new ObjectMapper());
  }

  private static String code(String execution) {
    return """
        {"cell_type": "code", "source": "1", "outputs": [], "metadata": {"execution": %s}}
        """
        .formatted(execution);
  }

  @Test
  void sumsTheCellsOwnTimesAsNbclientRecordsThemNotThePausesBetweenThem() throws IOException {
    NotebookFile nb =
        notebook(
            code(
                    """
                    {"iopub.status.busy": "2026-11-23T18:58:16.316090Z",
                     "iopub.execute_input": "2026-11-23T18:58:16.316261Z",
                     "shell.execute_reply": "2026-11-23T18:58:17.566261Z",
                     "iopub.status.idle": "2026-11-23T18:58:17.567000Z"}""")
                + ","
                + "{\"cell_type\": \"markdown\", \"source\": \"x\", \"metadata\": {}},"
                // An hour later, and only busy/idle recorded.
                + code(
                    """
                    {"iopub.status.busy": "2026-11-23T19:58:00Z",
                     "iopub.status.idle": "2026-11-23T19:58:00.500Z"}"""));

    assertThat(nb.recordedRunTime()).contains(Duration.ofMillis(1750));
  }

  @Test
  void isEmptyWithoutTimingAndSkipsTimesItCannotUse() throws IOException {
    assertThat(notebook(code("{}")).recordedRunTime()).isEmpty();
    NotebookFile odd =
        notebook(
            code(
                    """
                    {"iopub.execute_input": "yesterday", "shell.execute_reply": "today"}""")
                + ","
                + code(
                    """
                    {"iopub.execute_input": "2026-11-23T18:58:17Z",
                     "shell.execute_reply": "2026-11-23T18:58:16Z"}""")
                + ","
                + code(
                    """
                    {"iopub.execute_input": "2026-11-23T18:58:16Z",
                     "shell.execute_reply": "2026-11-23T18:58:18Z"}"""));
    assertThat(odd.recordedRunTime()).contains(Duration.ofSeconds(2));
  }
}
