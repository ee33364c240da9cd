package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void standalonePipelinesOfOneFileNameAreToldApartToo(@TempDir Path dir) throws Exception {
    Path a = Files.createDirectories(dir.resolve("a")).resolve("p.java");
    Path b = Files.createDirectories(dir.resolve("b")).resolve("p.java");
    Path script = Path.of("../pipelines/01-quickstart.java"); // any converted pipeline
    Files.copy(script, a);
    Files.copy(script, b);
    NotebookOptions options = NotebookOptions.builder().trackingUri("http://127.0.0.1:9").build();

    assertThat(NotebookTests.in(a, b).options(options).tests().map(DynamicNode::getDisplayName))
        .containsExactly(a.toString(), b.toString());
  }
}
