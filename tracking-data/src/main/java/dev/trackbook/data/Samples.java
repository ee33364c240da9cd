package dev.trackbook.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import tech.tablesaw.api.Table;

/**
 * Seeded row samples. Tablesaw's {@code sampleN} draws from an unseeded generator, so a notebook
 * that samples with it logs different datasets and metrics on every run, and its converted pipeline
 * can never reproduce it.
 */
public final class Samples {
  private Samples() {}

  /**
   * {@code n} rows of {@code table} (all of them when it has fewer), drawn without replacement by a
   * generator seeded with {@code seed}, in drawn order. Same table, n and seed: same rows.
   */
  public static Table rows(Table table, int n, long seed) {
    if (n < 0) {
      throw new IllegalArgumentException("sample size must be >= 0, got " + n);
    }
    List<Integer> order = new ArrayList<>(table.rowCount());
    for (int i = 0; i < table.rowCount(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    int[] picked =
        order.subList(0, Math.min(n, order.size())).stream().mapToInt(Integer::intValue).toArray();
    return table.rows(picked);
  }
}
