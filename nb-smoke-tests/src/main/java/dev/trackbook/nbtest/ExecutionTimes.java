package dev.trackbook.nbtest;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each executed cell took in its kernel, by the source URI of the cell's test ({@code
 * file:…/name.ipynb#cell=N}). When notebooks run in parallel a cell's test only waits for an
 * outcome a pool thread produced earlier, so JUnit's clock measures the wait; reports read the
 * cell's own time here instead.
 */
public final class CellTimings {
  private static final Map<URI, Duration> TOOK = new ConcurrentHashMap<>();

  private CellTimings() {}

  static void record(URI cellTest, Duration took) {
    TOOK.put(cellTest, took);
  }

  /**
   * The cell's execution time (the kernel's start included for a notebook's first cell), if it ran
   * in this JVM.
   */
  public static Optional<Duration> of(URI cellTest) {
    return Optional.ofNullable(TOOK.get(cellTest));
  }
}
