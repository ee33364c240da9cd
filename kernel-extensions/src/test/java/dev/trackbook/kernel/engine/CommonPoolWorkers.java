package dev.trackbook.kernel.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/** The common fork-join pool's workers as interrupt tests see them. */
final class CommonPoolWorkers {
  /** A cell whose parallel stream spins on every thread it reaches, the cell's own included. */
  static final String PARALLEL_SPIN =
      "java.util.stream.IntStream.range(0, 64).parallel().forEach(i -> { while (true) {} })";

  private CommonPoolWorkers() {}

  /** Common-pool workers with a cell's frame (JShell's {@code REPL} package) on their stack now. */
  static List<Thread> runningCellCode() {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            e ->
                e.getKey() instanceof ForkJoinWorkerThread w
                    && w.getPool() == ForkJoinPool.commonPool()
                    && Arrays.stream(e.getValue())
                        .anyMatch(f -> f.getClassName().startsWith("REPL.")))
        .map(java.util.Map.Entry::getKey)
        .toList();
  }

  /** Waits up to {@code wait} for no worker to run cell code; returns those that still do. */
  static List<Thread> awaitNoneRunningCellCode(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    List<Thread> left = runningCellCode();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = runningCellCode();
    }
    return left;
  }
}
