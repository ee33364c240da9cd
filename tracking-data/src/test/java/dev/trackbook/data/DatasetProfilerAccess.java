package dev.trackbook.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Test helper: a CSV file with the same header and rows in another order. */
final class DatasetProfilerAccess {
  private DatasetProfilerAccess() {}

  static Path shuffledCopy(Path csv, Path target) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
    Collections.shuffle(rows, new Random(7));
    rows.add(0, lines.get(0));
    return Files.write(target, rows);
  }
}
