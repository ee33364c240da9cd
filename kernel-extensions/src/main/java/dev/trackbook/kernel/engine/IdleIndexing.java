package dev.trackbook.kernel.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.tools.StandardJavaFileManager;

/**
 * Lets JShell index the class path for completion only while no cell runs. JShell indexes every
 * class-path entry and JDK module in a background thread as soon as its source-code analysis exists
 * (the engine needs it at once, to split cells into snippets) and again after every {@code
 * addToClasspath}. In a kernel that cost 0.5 s of CPU or more at start, competing with the first
 * cells, and all of it wasted in runs where nobody completes code (smoke tests, nbconvert,
 * pipelines). Here an indexing pass waits while a cell runs and until the engine has been idle for
 * {@link #IDLE_MILLIS}, or until completion or inspection is asked for, which then sees what is
 * indexed so far (as in JShell right after start). JShell's own completion pauses indexing the same
 * way.
 *
 * <p>The wait happens in the file manager JShell is built with ({@link #gate}): an indexing pass
 * starts by asking it for the class path, and only that caller waits. On a JDK whose indexer asks
 * differently nothing waits, and indexing runs as JShell schedules it.
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
  private ScheduledFuture<?> pendingResume;

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
    paused = true;
  }

  /** A cell ended: indexing may run unless another cell starts within the idle time. */
  synchronized void cellEnded() {
    cancelPendingResume();
    if (paused) {
      pendingResume = TIMER.schedule(this::resumeNow, idleMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Someone asked for completion or documentation, or the engine closes: index now. */
  synchronized void resumeNow() {
    cancelPendingResume();
    paused = false;
    notifyAll();
  }

  /** Called by the gate's class-path queries: waits while paused if the caller is the indexer. */
  void awaitTurnIfIndexer() {
    synchronized (this) {
      if (!paused) {
        return;
      }
    }
    if (!calledByIndexer()) {
      return;
    }
    synchronized (this) {
      while (paused) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
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
