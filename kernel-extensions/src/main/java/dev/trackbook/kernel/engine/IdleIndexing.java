package dev.trackbook.kernel.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.tools.StandardJavaFileManager;

/**
 * Lets JShell start indexing the class path for completion only while the engine is idle. JShell
 * indexes every class-path entry and JDK module in a background pass as soon as its source-code
 * analysis exists (the engine needs it at once, to split cells into snippets) and again after every
 * {@code addToClasspath}: about 0.25 s of CPU per kernel start, competing with the first cells, and
 * wasted in runs where nobody completes code (smoke tests, nbconvert, pipelines). Here a pass waits
 * to begin while a cell runs and until the engine has been idle for {@link #IDLE_MILLIS}, or until
 * completion or inspection is asked for, which then sees what is indexed so far: right after start,
 * or within the idle time after a cell, package and class-name completions may be missing, as in
 * JShell while its first pass runs. A pass that began in an idle gap runs to its end even if a cell
 * starts meanwhile.
 *
 * <p>The wait happens in the file manager JShell is built with ({@link #gate}): a pass starts by
 * asking it for the class path, and only that caller waits (javac never asks it). JShell runs the
 * passes of every JShell in the JVM on one thread, so while one engine's pass waits, other engines'
 * passes in the same JVM wait behind it (one engine per kernel or pipeline JVM). A closed engine's
 * pass finds an empty class path and ends at once. On a JDK whose indexer asks differently nothing
 * waits, and indexing runs as JShell schedules it.
 */
final class IdleIndexing {

  /** Longer than the gap between a batch run's cells, shorter than a person's pause. */
  static final long IDLE_MILLIS = 2000;

  /** Where JShell's indexing pass starts; it runs on a thread JShell shares between instances. */
  private static final String INDEXER_CLASS = "jdk.jshell.SourceCodeAnalysisImpl";

  private static final String INDEXER_METHOD = "refreshIndexes";

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "trackbook-idle-indexing");
            t.setDaemon(true);
            return t;
          });

  private final long idleMillis;
  private boolean paused = true;
  private boolean closed;
  private ScheduledFuture<?> pendingResume;

  /** Bumped by every cell start: a scheduled resume from before it must not resume. */
  private long cellsStarted;

  /** Paused from the start: until {@code idleMillis} after a cell ended, or {@link #resumeNow}. */
  IdleIndexing(long idleMillis) {
    this.idleMillis = idleMillis;
  }

  /** For {@code JShell.Builder.fileManager}: JShell's file manager, gating indexing passes. */
  StandardJavaFileManager gate(StandardJavaFileManager jshellsOwn) {
    return new IndexingGateFileManager(jshellsOwn, this);
  }

  /** Whether indexing waits now. */
  synchronized boolean paused() {
    return paused;
  }

  /** A cell starts: an indexing pass that has not begun yet waits. */
  synchronized void cellStarted() {
    cancelPendingResume();
    cellsStarted++;
    paused = true;
  }

  /** A cell ended: indexing may run unless another cell starts within the idle time. */
  synchronized void cellEnded() {
    cancelPendingResume();
    if (paused) {
      long cells = cellsStarted;
      pendingResume =
          TIMER.schedule(() -> resumeIfIdleSince(cells), idleMillis, TimeUnit.MILLISECONDS);
    }
  }

  // The timer may fire just as a cell starts: cancel() cannot stop it once it waits for the lock.
  private synchronized void resumeIfIdleSince(long cells) {
    if (cellsStarted == cells) {
      resumeNow();
    }
  }

  /** The engine closes: a pass that waits, or comes, finds nothing to index. */
  synchronized void close() {
    closed = true;
    resumeNow();
  }

  /** Someone asked for completion or documentation: index now. */
  synchronized void resumeNow() {
    cancelPendingResume();
    paused = false;
    notifyAll();
  }

  /**
   * Called by the gate's class-path queries: the indexer waits while paused.
   *
   * @return false if the indexer should find nothing to index (the engine closed)
   */
  boolean awaitTurnIfIndexer() {
    synchronized (this) {
      if (!paused && !closed) {
        return true;
      }
    }
    if (!calledByIndexer()) {
      return true;
    }
    synchronized (this) {
      while (paused && !closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return true;
        }
      }
      return !closed;
    }
  }

  private static boolean calledByIndexer() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames.anyMatch(
                    f ->
                        f.getMethodName().equals(INDEXER_METHOD)
                            && f.getClassName().equals(INDEXER_CLASS)));
  }

  private void cancelPendingResume() {
    if (pendingResume != null) {
      pendingResume.cancel(false);
      pendingResume = null;
    }
  }
}
