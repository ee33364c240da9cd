package dev.trackbook.kernel.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stop check the kernel weaves into every class a cell defines where {@link Thread#stop()} no
 * longer works (Java 20+; {@link StopCheckWeaver}): at each method's start and before each backward
 * jump, so an interrupted cell stops at its next loop iteration or call.
 *
 * <p>Only threads the kernel is stopping (an interrupted cell's execution thread) throw: a thread a
 * notebook started for itself keeps running, as Python's KeyboardInterrupt reaches only the main
 * thread. Public because cell classes call it; not an API for notebooks.
 */
public final class CellStop {
  private static final Set<Thread> STOPPING = ConcurrentHashMap.newKeySet();

  /** The cheap test in the common case: nothing is being stopped. */
  private static volatile boolean anyStopping;

  private CellStop() {}

  /** Throws {@link ThreadDeath} when the calling thread is being stopped, as Thread.stop would. */
  public static void check() {
    if (anyStopping) {
      stopIfAsked();
    }
  }

  private static void stopIfAsked() {
    if (STOPPING.contains(Thread.currentThread())) {
      throw new ThreadDeath();
    }
  }

  static synchronized void stopping(Thread thread) {
    STOPPING.add(thread);
    anyStopping = true;
  }

  /** The thread ended (or was given up on and ended later): it no longer needs checking. */
  static synchronized void stopped(Thread thread) {
    STOPPING.remove(thread);
    anyStopping = !STOPPING.isEmpty();
  }
}
