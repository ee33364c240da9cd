package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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

  @Test
  void aPathThatIsNotThereIsSaidSo(@TempDir Path dir) {
    Path missing = dir.resolve("notebookz");

    assertThatThrownBy(() -> NotebookFile.read(missing, new ObjectMapper()))
        .isInstanceOf(IOException.class)
        .hasMessage(missing + ": no such file or directory");
  }
}
