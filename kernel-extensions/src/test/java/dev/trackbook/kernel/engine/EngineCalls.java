package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** How engine tests run the engine's blocking calls and interrupt them. */
final class EngineCalls {
  /**
   * Where tests run the engine's blocking calls: not on the common pool, which tests here fill on
   * purpose (CompletableFuture's default executor is the common pool on some JDKs, e.g. 25).
   */
  static final Executor OFF_POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-off-pool");
            t.setDaemon(true);
            return t;
          });

  private EngineCalls() {}

  /**
   * Starts {@code work} (a call into {@code engine}), interrupts the engine once it runs, and
   * returns what the call answered within {@code seconds}.
   */
  static EvalResult interruptedWhileRunning(
      JShellEngine engine, Supplier<EvalResult> work, long seconds) throws Exception {
    CompletableFuture<EvalResult> running = CompletableFuture.supplyAsync(work, OFF_POOL);
    // Wait until the work really runs before interrupting.
    Thread.sleep(300);
    assertThat(running).isNotDone();
    engine.interrupt();
    return running.get(seconds, TimeUnit.SECONDS);
  }
}
