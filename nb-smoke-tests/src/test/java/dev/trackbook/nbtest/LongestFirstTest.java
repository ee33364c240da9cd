package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LongestFirstTest {
  private static NotebookTests.Queued q(String name) {
    return new NotebookTests.Queued(name, null, () -> {});
  }

  private static NotebookTests.Queued q(String name, long recordedMillis) {
    return new NotebookTests.Queued(name, Duration.ofMillis(recordedMillis), () -> {});
  }

  @Test
  void unknownNotebooksStartFirstThenTheLongestKnown() {
    List<NotebookTests.Queued> queue =
        List.of(q("01.ipynb"), q("02.ipynb"), q("03.ipynb"), q("04.ipynb"), q("05.ipynb"));
    Map<String, Duration> last =
        Map.of(
            "01.ipynb", Duration.ofMillis(3900),
            "02.ipynb", Duration.ofMillis(6200),
            "04.ipynb", Duration.ofMillis(4700),
            "05.ipynb", Duration.ofMillis(4000));

    assertThat(
            NotebookTests.longestFirst(queue, last).stream()
                .map(NotebookTests.Queued::notebookName))
        .containsExactly("03.ipynb", "02.ipynb", "04.ipynb", "05.ipynb", "01.ipynb");
    // Without history the order is the notebooks' own.
    assertThat(NotebookTests.longestFirst(queue, Map.of())).containsExactlyElementsOf(queue);
  }

  @Test
  void withoutAnEarlierRunTheRunTimesSavedInTheNotebooksOrderThem() {
    List<NotebookTests.Queued> queue =
        List.of(q("01.ipynb", 1800), q("02.ipynb", 9000), q("03.ipynb"), q("04.ipynb", 4000));

    assertThat(
            NotebookTests.longestFirst(queue, Map.of()).stream()
                .map(NotebookTests.Queued::notebookName))
        .containsExactly("03.ipynb", "02.ipynb", "04.ipynb", "01.ipynb");
    // An earlier run's duration wins over the saved one.
    assertThat(
            NotebookTests.longestFirst(queue, Map.of("01.ipynb", Duration.ofSeconds(20))).stream()
                .map(NotebookTests.Queued::notebookName))
        .containsExactly("03.ipynb", "01.ipynb", "02.ipynb", "04.ipynb");
  }
}
