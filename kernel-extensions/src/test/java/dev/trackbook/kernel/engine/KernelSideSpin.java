package dev.trackbook.kernel.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Kernel-side code (not a cell's: nothing woven into it) that ignores interrupts and spins until
 * released: what only Thread.stop ends, so tests on Java 20+ must release it themselves.
 */
final class KernelSideSpin implements Callable<Object> {
  private final AtomicBoolean released = new AtomicBoolean();
  private volatile Thread thread;

  @Override
  public Object call() {
    thread = Thread.currentThread();
    while (!released.get()) {
      Thread.onSpinWait();
    }
    return null;
  }

  void release() {
    released.set(true);
  }

  /** The thread it ran on, once it started. */
  Thread thread() {
    return thread;
  }
}
