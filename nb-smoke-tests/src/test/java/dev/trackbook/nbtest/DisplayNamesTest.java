package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisplayNamesTest {
  @Test
  void aSharedFileNameBecomesThePathSoReportsAndFailuresStayApart() {
    Path outside = Path.of("/elsewhere/eda/a.ipynb");
    List<Path> inputs =
        List.of(Path.of("nb/eda/a.ipynb"), Path.of("nb/model/a.ipynb"), Path.of("nb/b.ipynb"));

    assertThat(NotebookTests.displayNames(inputs).values())
        .containsExactly("nb/eda/a.ipynb", "nb/model/a.ipynb", "b.ipynb");
    assertThat(NotebookTests.displayNames(List.of(outside, Path.of("a.ipynb"))).values())
        .containsExactly("/elsewhere/eda/a.ipynb", "a.ipynb");
  }
}
