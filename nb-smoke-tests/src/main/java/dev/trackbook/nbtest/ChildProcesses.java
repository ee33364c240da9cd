package dev.trackbook.nbtest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kernels and pipelines this JVM started and has not seen end. A test run that ends without closing
 * one (a filtered test tree, a crash, Ctrl-C or CI's SIGTERM) stops it as the JVM exits: SIGTERM,
 * so a kernel or pipeline still ends its runs.
 */
public final class ChildProcesses {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> LIVE.forEach(Process::destroy), "trackbook-child-processes"));
  }

  private ChildProcesses() {}

  /** Registers a process just started. */
  public static void started(Process process) {
    LIVE.add(process);
  }

  /** The process is gone or its owner stops it now. */
  public static void ended(Process process) {
    LIVE.remove(process);
  }
}
