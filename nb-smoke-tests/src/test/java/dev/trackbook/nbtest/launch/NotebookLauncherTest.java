package dev.trackbook.nbtest.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the launcher hands the suite (no kernel: an old-format notebook fails before one starts).
 */
class NotebookLauncherTest {
  @TempDir Path dir;

  @Test
  void aFileNameHoldingThePathSeparatorReachesTheSuiteWhole() throws Exception {
    Path notebook =
        Files.writeString(
            dir.resolve("exp" + java.io.File.pathSeparator + "v2.ipynb"), "{\"nbformat\": 3}");
    StringWriter out = new StringWriter();

    int exit =
        NotebookLauncher.run(
            List.of(notebook),
            Map.of(),
            dir.resolve("reports"),
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        // The notebook's progress line, as it finished.
        .startsWith("FAIL " + notebook.getFileName() + ": 0 passed, 1 failed (")
        .contains(notebook.getFileName() + " is not an nbformat 4 notebook")
        .contains("0 passed, 1 failed");
  }

  @Test
  void aNotebookWithoutCodeCellsPassesWithNothingToRun() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.ipynb"), notebook("[]"));
    Path markdown =
        Files.writeString(
            dir.resolve("md.ipynb"),
            notebook("[{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": \"# Notes\"}]"));
    StringWriter out = new StringWriter();

    int exit =
        NotebookLauncher.run(
            List.of(empty, markdown),
            noTracking(),
            dir.resolve("reports"),
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));

    assertThat(out.toString()).contains("ok   empty.ipynb: 1 passed", "ok   md.ipynb: 1 passed");
    assertThat(exit).isEqualTo(0);
  }

  @Test
  void aDirectoryWithNothingToTestSaysSoInOneLineOnStderr() throws Exception {
    Path emptyDir = Files.createDirectory(dir.resolve("nothing"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        NotebookLauncher.run(
            List.of(emptyDir),
            noTracking(),
            dir.resolve("reports"),
            new PrintWriter(out),
            new PrintWriter(err));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "trackbook: no notebooks or pipelines found in " + emptyDir + System.lineSeparator());
  }

  private static String notebook(String cells) {
    return "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": " + cells + "}";
  }

  // No cell runs: nothing needs the ephemeral server.
  private static Map<String, String> noTracking() {
    return Map.of("trackbook.trackingUri", "http://127.0.0.1:9");
  }
}
