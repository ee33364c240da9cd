package dev.trackbook.nbtest;

import dev.trackbook.nbtest.kernel.ExecutionResult;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each cell, and each pipeline run for parity, took itself and what a cell printed, by the
 * source URI of its test ({@code file:…/name.ipynb#cell=N}, {@code file:…/name.java#parity}). When
 * notebooks run in parallel such a test only waits for an outcome a pool thread produced earlier,
 * so JUnit's clock measures the wait; and a test's outcome carries no output. Reports read both
 * here instead.
 */
public final class ExecutionRecords {
  /**
   * What a report keeps of a cell's output, per stream: its end, as a failure shows it. A cell may
   * print megabytes, which a report parser and this map, holding a whole run's cells, must not.
   */
  static final int OUTPUT_CHARS = 100_000;

  /**
   * One test's own execution.
   *
   * @param stdout what the cell showed (stdout and its results' text), its last {@value
   *     #OUTPUT_CHARS} characters; empty for a pipeline run
   * @param stderr what it printed to stderr, likewise
   */
  public record Execution(Duration took, String stdout, String stderr) {}

  private static final Map<URI, Execution> RAN = new ConcurrentHashMap<>();

  private ExecutionRecords() {}

  static void record(URI test, Duration took) {
    record(test, took, null);
  }

  /** A cell's time and output; {@code result} is null for a cell that did not reach its kernel. */
  static void record(URI test, Duration took, ExecutionResult result) {
    RAN.put(
        test,
        result == null
            ? new Execution(took, "", "")
            : new Execution(
                took, last(result.stdout(), OUTPUT_CHARS), last(result.stderr(), OUTPUT_CHARS)));
  }

  private static String last(String text, int chars) {
    return text.length() <= chars
        ? text
        : "[... " + (text.length() - chars) + " characters before]\n" + Excerpt.tail(text, chars);
  }

  /** Drops what an earlier run in this JVM recorded, before the test runs again. */
  static void forget(URI test) {
    RAN.remove(test);
  }

  /**
   * The test's cell (the kernel's start included in the time of a notebook's first cell) or
   * pipeline run, if it ran in this JVM.
   */
  public static Optional<Execution> of(URI test) {
    return Optional.ofNullable(RAN.get(test));
  }
}
