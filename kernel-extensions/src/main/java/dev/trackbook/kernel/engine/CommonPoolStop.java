package dev.trackbook.kernel.engine;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stops an interrupted cell's code where it runs on the common fork-join pool. A parallel stream
 * runs its other branches there (as does a {@code CompletableFuture} without an executor); they
 * would spin on after the cell's own thread stopped, each taking a core and starving every later
 * use of the pool in the notebook. Such a worker's task ends with {@link ThreadDeath} ({@link
 * Thread#stop()} up to Java 19, the woven stop check from Java 20 on); the worker lives on and
 * serves other tasks.
 *
 * <p>A worker counts while a cell's class (JShell's {@code REPL} package) is on its stack. The
 * watch ends once none has been seen running cell code for {@link #QUIET_MILLIS} (a stream's queued
 * branches start one after another), when the next snippet starts (its workers are its own), or
 * after {@link #MAX_MILLIS}. Other threads, including ones the notebook started, are left alone.
 */
final class CommonPoolStop implements Runnable {
  private static final long SCAN_MILLIS = 20;
  private static final long QUIET_MILLIS = 300;
  private static final long MAX_MILLIS = 10_000;

  /** The package of every class JShell compiles from cells. */
  private static final String CELL_PACKAGE = "REPL.";

  private final boolean useThreadStop;
  private final BooleanSupplier nextSnippetStarted;

  /**
   * @param useThreadStop stop with Thread.stop (up to Java 19), else through {@link CellStop}
   * @param nextSnippetStarted true once the engine runs another snippet
   */
  CommonPoolStop(boolean useThreadStop, BooleanSupplier nextSnippetStarted) {
    this.useThreadStop = useThreadStop;
    this.nextSnippetStarted = nextSnippetStarted;
  }

  @Override
  @SuppressWarnings({"deprecation", "removal"})
  public void run() {
    long start = System.nanoTime();
    long lastSeen = start;
    boolean threadStop = useThreadStop;
    Set<Thread> marked = new HashSet<>();
    try {
      while (!nextSnippetStarted.getAsBoolean()) {
        long now = System.nanoTime();
        if (now - lastSeen > TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)
            || now - start > TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS)) {
          break;
        }
        Set<Thread> inCellCode = workersInCellCode();
        // A marked worker that left cell code serves other tasks again: unmark it.
        marked.removeIf(
            w -> {
              boolean left = !inCellCode.contains(w);
              if (left) {
                CellStop.stopped(w);
              }
              return left;
            });
        if (!inCellCode.isEmpty()) {
          lastSeen = now;
        }
        for (Thread worker : inCellCode) {
          if (threadStop) {
            try {
              worker.stop();
              continue;
            } catch (UnsupportedOperationException gone) {
              threadStop = false;
            }
          }
          if (marked.add(worker)) {
            CellStop.stopping(worker);
          }
        }
        Thread.sleep(SCAN_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      marked.forEach(CellStop::stopped);
    }
  }

  private static Set<Thread> workersInCellCode() {
    Set<Thread> found = new HashSet<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey() instanceof ForkJoinWorkerThread w
          && w.getPool() == ForkJoinPool.commonPool()
          && runsCellCode(e.getValue())) {
        found.add(w);
      }
    }
    return found;
  }

  private static boolean runsCellCode(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().startsWith(CELL_PACKAGE)) {
        return true;
      }
    }
    return false;
  }
}
