package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kernelspec that is not installed fails the first cell, saying what would help. */
class MissingKernelTest {
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path dir;

  private String firstCellFailure(NotebookOptions options) throws Exception {
    Path nb = TestNotebooks.write(dir.resolve("other.ipynb"), "x = 1");
    ObjectNode root = (ObjectNode) json.readTree(nb.toFile());
    root.with("metadata").with("kernelspec").put("name", "no-such-kernel-here");
    json.writeValue(nb.toFile(), root);
    try (NotebookExecution exec =
        new NotebookExecution(NotebookFile.read(nb, json), options, json)) {
      CellOutcome outcome = exec.run(exec.codeCells().get(0));
      assertThat(outcome.status()).isEqualTo(CellOutcome.Status.FAILED);
      return outcome.message();
    }
  }

  @Test
  void aNotebooksOwnKernelThatIsMissingIsNotTrackbooksToInstall() throws Exception {
    String message = firstCellFailure(NotebookOptions.defaults());

    assertThat(message)
        .contains("no kernelspec 'no-such-kernel-here' in [")
        .contains("the notebook's metadata.kernelspec")
        .contains("--kernel NAME")
        .doesNotContain("./trackbook kernel install");
  }

  @Test
  void aKernelChosenForEveryNotebookIsOnlyNamed() throws Exception {
    String message =
        firstCellFailure(NotebookOptions.builder().kernel("chosen-and-missing", true).build());

    assertThat(message)
        .contains("no kernelspec 'chosen-and-missing' in [")
        .doesNotContain("metadata")
        .doesNotContain("./trackbook kernel install");
  }
}
