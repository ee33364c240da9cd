package dev.trackbook.nbtest;

import dev.trackbook.client.model.FilesBoundModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Kernels and pipelines this JVM started and has not seen end. A test run that ends without closing
 * one (a filtered test tree, a crash, Ctrl-C or CI's SIGTERM) stops it as the JVM exits: SIGTERM,
 * so a kernel or pipeline still ends its runs, then a bounded wait for it, then its files go. Only
 * after that do the {@link #atExit} clean-ups run (the ephemeral server the children log to): one
 * hook in this order, where separate hooks would run at once and stop the server under a kernel
 * still sending its run's end.
 */
public final class ChildProcesses {
  // A kernel's own shutdown (ending its runs, flushing them to a local server) takes well under
  // this; CI runners wait ~10 s after SIGTERM before they kill.
  private static final Duration EXIT_GRACE = Duration.ofSeconds(5);

  private static final Map<Process, List<Path>> LIVE = new ConcurrentHashMap<>();
  private static final List<Runnable> AFTER = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(ChildProcesses::stopAll, "trackbook-child-processes"));
  }

  private ChildProcesses() {}

  /** Registers a process just started, and the files to delete once it is stopped at exit. */
  public static void started(Process process, Path... files) {
    LIVE.put(process, List.of(files));
  }

  /** The process is gone or its owner stops it now (and deletes its files). */
  public static void ended(Process process) {
    LIVE.remove(process);
  }

  /** Runs {@code cleanup} as the JVM exits, after the processes still registered have ended. */
  static void atExit(Runnable cleanup) {
    AFTER.add(cleanup);
  }

  private static void stopAll() {
    LIVE.keySet().forEach(Process::destroy);
    long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
    LIVE.forEach(
        (process, files) -> {
          try {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
              process.destroyForcibly().waitFor(1, TimeUnit.SECONDS);
            }
          } catch (InterruptedException e) {
            process.destroyForcibly();
          }
          files.forEach(FilesBoundModel::deleteTree);
        });
    for (Runnable cleanup : AFTER) {
      try {
        cleanup.run();
      } catch (RuntimeException e) {
        // the JVM is exiting; the next clean-up still runs
      }
    }
  }
}
