package dev.trackbook.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class SamplesTest {
  private final Table table =
      Table.create("t", IntColumn.create("id", IntStream.range(0, 100).toArray()));

  @Test
  void sameSeedSameRowsOtherSeedOtherRows() {
    Table a = Samples.rows(table, 10, 7);
    assertThat(a.rowCount()).isEqualTo(10);
    assertThat(a.intColumn("id").asList())
        .isEqualTo(Samples.rows(table, 10, 7).intColumn("id").asList());
    assertThat(a.intColumn("id").asList())
        .isNotEqualTo(Samples.rows(table, 10, 8).intColumn("id").asList());
    assertThat(a.intColumn("id").asSet()).hasSize(10); // without replacement
  }

  @Test
  void moreThanThereIsGivesEveryRowOnceAndNegativeIsAnError() {
    assertThat(Samples.rows(table, 1000, 1).intColumn("id").asSet()).hasSize(100);
    assertThatThrownBy(() -> Samples.rows(table, -1, 1)).hasMessageContaining(">= 0");
  }
}
