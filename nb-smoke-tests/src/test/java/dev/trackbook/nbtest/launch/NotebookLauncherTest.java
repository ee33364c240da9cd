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
            List.of(notebook), Map.of(), dir.resolve("reports"), new PrintWriter(out));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        // The notebook's progress line, as it finished.
        .startsWith("FAIL " + notebook.getFileName() + ": 0 passed, 1 failed (")
        .contains(notebook.getFileName() + " is not an nbformat 4 notebook")
        .contains("0 passed, 1 failed");
  }
}
