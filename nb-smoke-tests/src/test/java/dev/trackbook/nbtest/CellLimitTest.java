package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CellLimitTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode NONE = JSON.createObjectNode();

  private static JsonNode timeout(double seconds) {
    return JSON.createObjectNode()
        .set("execution", JSON.createObjectNode().put("timeout", seconds));
  }

  private static Duration limit(NotebookOptions options, JsonNode notebook, JsonNode cell) {
    return NotebookExecution.cellLimit(options, notebook, cell);
  }

  @Test
  void theNotebooksMetadataRefinesTheDefaultButNotALimitSetInTheOptions() {
    NotebookOptions defaults = NotebookOptions.defaults();
    NotebookOptions set = NotebookOptions.builder().cellTimeout(Duration.ofSeconds(600)).build();

    assertThat(limit(defaults, NONE, NONE)).isEqualTo(Duration.ofMinutes(2));
    assertThat(limit(defaults, timeout(60), NONE)).isEqualTo(Duration.ofSeconds(60));
    assertThat(limit(set, timeout(60), NONE)).isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void aCellsOwnLimitWinsOverEverything() {
    NotebookOptions set = NotebookOptions.builder().cellTimeout(Duration.ofSeconds(600)).build();
    assertThat(limit(set, timeout(60), timeout(1.5))).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void zeroOrLessInMetadataMeansNoLimitAsInNbclient() {
    Duration none = limit(NotebookOptions.defaults(), timeout(-1), NONE);
    assertThat(none).isGreaterThan(Duration.ofDays(1));
    assertThat(limit(NotebookOptions.defaults(), NONE, timeout(0))).isEqualTo(none);
  }

  @Test
  void aNotebookStatesItsOwnLimitInItsMetadataUnlessTheOptionsSetOne() {
    JsonNode slow =
        JSON.createObjectNode()
            .set("trackbook", JSON.createObjectNode().put("notebook_timeout", 1800));
    NotebookOptions set = NotebookOptions.builder().notebookTimeout(Duration.ofSeconds(60)).build();

    assertThat(NotebookExecution.notebookLimit(NotebookOptions.defaults(), NONE))
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(NotebookExecution.notebookLimit(NotebookOptions.defaults(), slow))
        .isEqualTo(Duration.ofMinutes(30));
    assertThat(NotebookExecution.notebookLimit(set, slow)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void limitsAreSaidInTheSecondsTheyWereWrittenIn() {
    assertThat(NotebookExecution.seconds(Duration.ofMillis(500))).isEqualTo("0.5");
    assertThat(NotebookExecution.seconds(Duration.ofMillis(1250))).isEqualTo("1.25");
    assertThat(NotebookExecution.seconds(Duration.ofSeconds(120))).isEqualTo("120");
  }

  @Test
  void optionsRejectLimitsThatAreNotPositive() {
    assertThatThrownBy(() -> NotebookOptions.builder().cellTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a cell time limit must be positive, got 0 s");
    assertThatThrownBy(() -> NotebookOptions.builder().notebookTimeout(Duration.ofSeconds(-1)))
        .hasMessage("a notebook time limit must be positive, got -1 s");
  }
}
