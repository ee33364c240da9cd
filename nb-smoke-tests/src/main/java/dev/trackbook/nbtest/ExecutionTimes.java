package dev.trackbook.nbtest;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each cell, and each pipeline run for parity, took itself, by the source URI of its test
 * ({@code file:…/name.ipynb#cell=N}, {@code file:…/name.java#parity}). When notebooks run in
 * parallel such a test only waits for an outcome a pool thread produced earlier, so JUnit's clock
 * measures the wait; reports read the time here instead.
 */
public final class ExecutionTimes {
  private static final Map<URI, Duration> TOOK = new ConcurrentHashMap<>();

  private ExecutionTimes() {}

  static void record(URI test, Duration took) {
    TOOK.put(test, took);
  }

  /** Drops what an earlier run in this JVM recorded, before the test runs again. */
  static void forget(URI test) {
    TOOK.remove(test);
  }

  /**
   * The time the test's cell (the kernel's start included for a notebook's first cell) or pipeline
   * took, if it ran in this JVM.
   */
  public static Optional<Duration> of(URI test) {
    return Optional.ofNullable(TOOK.get(test));
  }
}
