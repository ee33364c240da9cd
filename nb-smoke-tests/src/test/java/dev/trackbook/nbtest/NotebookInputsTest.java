package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookInputsTest {
  @Test
  void aNotebookNamedTwiceRunsOnce(@TempDir Path dir) throws Exception {
    Path a = Files.writeString(dir.resolve("a.ipynb"), "{}");
    Path b = Files.writeString(dir.resolve("b.ipynb"), "{}");

    NotebookTests tests = NotebookTests.in(dir, a, dir.resolve("sub/../b.ipynb"));

    assertThat(tests.notebooks()).containsExactly(a, b);
  }
}
