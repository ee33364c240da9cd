package dev.trackbook.kernel.engine;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

/**
 * Stops an interrupted cell's parallel-stream branches on the common fork-join pool. They run on
 * the pool's workers and would spin on after the cell's own thread stopped, each taking a core and
 * starving every later use of the pool ({@code parallel()}, {@code ForkJoinPool.commonPool()}).
 * Such a worker's task ends with {@link ThreadDeath} ({@link Thread#stop()} up to Java 19, the
 * woven stop check from Java 20 on); the worker lives on and serves other tasks.
 *
 * <p>A worker counts while the interrupted cell's own class (the outermost cell frame of its thread
 * when it was stopped) is on its stack: work of other cells on the pool (a background task an
 * earlier cell submitted, a stream a thread the notebook started runs) is left alone, as are all
 * other threads. The watch ends once no such worker has been seen for {@link #QUIET_MILLIS} (a
 * stream's queued branches start one after another), after {@link #MAX_MILLIS}, or when {@link
 * #cancel()}led because the next snippet starts: from then on it stops and marks nothing, so the
 * next cell's branches run undisturbed.
 *
 * <p>Up to Java 19 the stop is {@code Thread.stop}, which lands wherever the worker is: its stack
 * is read again just before, so only a worker that leaves the cell's code in those microseconds
 * gets it elsewhere (then in the pool's own code, which ends that worker; the pool starts another).
 */
final class CommonPoolStop implements Runnable {
  private static final long SCAN_MILLIS = 20;
  private static final long QUIET_MILLIS = 300;
  private static final long MAX_MILLIS = 10_000;

  /** The package of every class JShell compiles from cells. */
  private static final String CELL_PACKAGE = "REPL.";

  private final boolean useThreadStop;
  private final String cellClass;
  private final Set<Thread> marked = new HashSet<>(); // guarded by this
  private boolean cancelled; // guarded by this

  private CommonPoolStop(boolean useThreadStop, String cellClass) {
    this.useThreadStop = useThreadStop;
    this.cellClass = cellClass;
  }

  /**
   * The watch for the cell {@code stopped} was running, or null when that thread was not in a
   * cell's code (nothing of it can be on the pool).
   *
   * @param useThreadStop stop with Thread.stop (up to Java 19), else through {@link CellStop}
   */
  static CommonPoolStop forCellOf(Thread stopped, boolean useThreadStop) {
    String outermost = null;
    for (StackTraceElement frame : stopped.getStackTrace()) {
      if (frame.getClassName().startsWith(CELL_PACKAGE)) {
        outermost = frame.getClassName();
      }
    }
    return outermost == null ? null : new CommonPoolStop(useThreadStop, outermost);
  }

  /** The next snippet starts: stop nothing more, and unmark what is marked, before it runs. */
  synchronized void cancel() {
    cancelled = true;
    marked.forEach(CellStop::stopped);
    marked.clear();
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    long lastSeen = start;
    try {
      while (true) {
        long now = System.nanoTime();
        if (now - lastSeen > TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)
            || now - start > TimeUnit.MILLISECONDS.toNanos(MAX_MILLIS)) {
          break;
        }
        Set<Thread> inCell = workersInCellCode();
        if (!inCell.isEmpty()) {
          lastSeen = now;
        }
        if (!stopOrMark(inCell)) {
          return;
        }
        Thread.sleep(SCAN_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cancel();
  }

  /** False once cancelled. */
  @SuppressWarnings({"deprecation", "removal"})
  private synchronized boolean stopOrMark(Set<Thread> inCell) {
    if (cancelled) {
      return false;
    }
    // A marked worker that left the cell's code serves other tasks again: unmark it.
    marked.removeIf(
        w -> {
          boolean left = !inCell.contains(w);
          if (left) {
            CellStop.stopped(w);
          }
          return left;
        });
    for (Thread worker : inCell) {
      if (useThreadStop) {
        if (inCellCode(worker.getStackTrace())) {
          worker.stop();
        }
      } else if (marked.add(worker)) {
        CellStop.stopping(worker);
      }
    }
    return true;
  }

  private Set<Thread> workersInCellCode() {
    Set<Thread> found = new HashSet<>();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey() instanceof ForkJoinWorkerThread w
          && w.getPool() == ForkJoinPool.commonPool()
          && inCellCode(e.getValue())) {
        found.add(w);
      }
    }
    return found;
  }

  private boolean inCellCode(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().equals(cellClass)) {
        return true;
      }
    }
    return false;
  }
}
