package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interrupts as on Java 20+, where Thread.stop throws: what stops a cell is the stop check woven
 * into its classes. Each test checks the cell's thread really ended, not only that the cell
 * returned (the engine answers at once and moves on to a fresh thread either way).
 */
class StopWithoutThreadStopTest {

  private static JShellEngine engine;

  @BeforeAll
  static void start() {
    engine = JShellEngine.builder().withoutThreadStop().build();
    success("var looping = new java.util.concurrent.atomic.AtomicReference<Thread>();");
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static Object success(String cell) {
    EvalResult result = engine.eval(cell);
    assertThat(result).isInstanceOf(EvalResult.Success.class);
    return ((EvalResult.Success) result).value();
  }

  /** Runs {@code cell} (which records its thread in {@code looping}), interrupts it, and waits. */
  private static Thread interrupted(String cell) throws Exception {
    success("looping.set(null)");
    assertThat(EngineCalls.interruptedWhileRunning(engine, () -> engine.eval(cell), 2))
        .isInstanceOf(EvalResult.Interrupted.class);
    Thread thread = (Thread) success("looping.get()");
    assertThat(thread).isNotNull();
    thread.join(3_000);
    return thread;
  }

  @Test
  void aBusyLoopInTheCellEndsItsThread() throws Exception {
    Thread thread =
        interrupted("looping.set(Thread.currentThread());\nlong n = 0;\nwhile (true) { n++; }");
    assertThat(thread.isAlive()).isFalse();
    assertThat(success("1 + 1")).isEqualTo(2);
  }

  @Test
  void loopsInDeclaredMethodsAndLambdasStopToo() throws Exception {
    success("void spin() { looping.set(Thread.currentThread()); for (;;) {} }");
    assertThat(interrupted("spin()").isAlive()).isFalse();
    assertThat(
            interrupted(
                    "Runnable r = () -> { looping.set(Thread.currentThread()); while (true) {} };\nr.run();")
                .isAlive())
        .isFalse();
  }

  @Test
  void recursionWithoutLoopsStopsAtTheNextCall() throws Exception {
    success(
        "long calls(int depth) { return depth == 0 ? 1 : calls(depth - 1) + calls(depth - 1); }");
    // 2^62 calls: years, with no backward jump anywhere.
    assertThat(interrupted("looping.set(Thread.currentThread());\ncalls(62)").isAlive()).isFalse();
  }

  @Test
  void aLoopThatSwallowsEveryThrowableStillStops() throws Exception {
    Thread thread =
        interrupted(
            "looping.set(Thread.currentThread());\n"
                + "while (true) { try { Thread.sleep(5); } catch (Throwable swallowed) { } }");
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void theCellsParallelStreamStopsOnTheCommonPoolToo() throws Exception {
    assertThat(
            EngineCalls.interruptedWhileRunning(
                engine, () -> engine.eval(CommonPoolWorkers.PARALLEL_SPIN), 2))
        .isInstanceOf(EvalResult.Interrupted.class);
    assertThat(CommonPoolWorkers.awaitNoneRunningCellCode(java.time.Duration.ofSeconds(5)))
        .isEmpty();
    assertThat(
            success(
                "java.util.concurrent.ForkJoinPool.commonPool().submit(() -> 42)"
                    + ".get(5, java.util.concurrent.TimeUnit.SECONDS)"))
        .isEqualTo(42);
    // and a worker is not left marked: the next cell's parallel stream runs to its end
    assertThat(success("java.util.stream.IntStream.range(0, 1000).parallel().map(i -> 1).sum()"))
        .isEqualTo(1000);
  }

  @Test
  void anEarlierCellsTaskOnTheCommonPoolKeepsRunning() throws Exception {
    success(
        "var poolTicks = new java.util.concurrent.atomic.AtomicLong();\n"
            + "var keepPooling = new java.util.concurrent.atomic.AtomicBoolean(true);\n"
            + "var background = java.util.concurrent.ForkJoinPool.commonPool().submit(() -> {"
            + " while (keepPooling.get()) poolTicks.incrementAndGet(); });");
    try {
      interrupted("looping.set(Thread.currentThread());\nwhile (true) {}");
      Thread.sleep(500); // longer than the pool watch's quiet time
      long before = (Long) success("poolTicks.get()");
      Thread.sleep(100);
      assertThat((Long) success("poolTicks.get()")).isGreaterThan(before);
    } finally {
      success("keepPooling.set(false);\nbackground.get(5, java.util.concurrent.TimeUnit.SECONDS);");
    }
  }

  @Test
  void aThreadTheNotebookStartedKeepsRunning() throws Exception {
    success(
        "var ticks = new java.util.concurrent.atomic.AtomicLong();\n"
            + "var keepTicking = new java.util.concurrent.atomic.AtomicBoolean(true);\n"
            + "Thread ticker = new Thread(() -> { while (keepTicking.get()) ticks.incrementAndGet(); });\n"
            + "ticker.start();");
    interrupted("looping.set(Thread.currentThread());\nwhile (true) {}");
    long before = (Long) success("ticks.get()");
    Thread.sleep(100);
    assertThat((Long) success("ticks.get()")).isGreaterThan(before);
    success("keepTicking.set(false);\nticker.join();");
  }

  @Test
  void libraryCodeThatIgnoresInterruptsCannotBeStoppedButTheEngineMovesOn() throws Exception {
    KernelSideSpin spin = new KernelSideSpin();
    assertThat(EngineCalls.interruptedWhileRunning(engine, () -> engine.call(spin), 2))
        .isInstanceOf(EvalResult.Interrupted.class);
    assertThat(success("3 + 3")).isEqualTo(6);
    Thread.sleep(500);
    assertThat(spin.thread().isAlive())
        .isTrue(); // honest: not notebook code, nothing woven into it
    spin.release();
    spin.thread().join(2_000);
    assertThat(spin.thread().isAlive()).isFalse();
  }

  @Test
  void aStoppedThreadThatEndsLateLeavesTheNextCellStoppable() throws Exception {
    KernelSideSpin spin = new KernelSideSpin();
    assertThat(EngineCalls.interruptedWhileRunning(engine, () -> engine.call(spin), 2))
        .isInstanceOf(EvalResult.Interrupted.class);
    success("looping.set(null)");
    CompletableFuture<EvalResult> next =
        CompletableFuture.supplyAsync(
            () -> engine.eval("looping.set(Thread.currentThread());\nwhile (true) {}"),
            EngineCalls.OFF_POOL);
    Thread.sleep(300);
    spin.release(); // the stuck thread finishes while the next cell runs
    Thread.sleep(200);
    engine.interrupt();
    assertThat(next.get(2, TimeUnit.SECONDS)).isInstanceOf(EvalResult.Interrupted.class);
    Thread thread = (Thread) success("looping.get()");
    thread.join(3_000);
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void loopsInAnonymousClassesAndStaticInitializersStop() throws Exception {
    assertThat(
            interrupted(
                    "new Runnable() { public void run() { looping.set(Thread.currentThread()); while (true) {} } }.run();")
                .isAlive())
        .isFalse();
    success(
        "class Forever { static { looping.set(Thread.currentThread()); while (looping.get() != null) {} } static void touch() {} }");
    assertThat(interrupted("Forever.touch();").isAlive()).isFalse();
  }

  @Test
  void aStackOverflowInsideAStopCheckShowsOnlyTheCellsFrames() {
    // A thread given up on keeps the checks on their slow path, where a deep recursion overflows.
    Thread gaveUpOn = new Thread(() -> {});
    CellStop.stopping(gaveUpOn);
    try {
      success("int down(int n) { return down(n + 1); }");
      EvalResult.Failure overflow = (EvalResult.Failure) engine.eval("down(0)");
      assertThat(overflow.traceback().get(0)).isEqualTo("java.lang.StackOverflowError");
      assertThat(overflow.traceback().get(1)).startsWith("\tat down (cell ");
      assertThat(overflow.traceback()).noneMatch(line -> line.contains("CellStop"));
    } finally {
      CellStop.stopped(gaveUpOn);
    }
  }

  @Test
  void wovenCellsComputeWhatTheyDidBefore() {
    success(
        "class Counter {\n"
            + "  int n;\n"
            + "  Counter(int to) { for (int i = 0; i < to; i++) { if (i % 3 == 0) continue; n += i; } }\n"
            + "}\n"
            + "int classify(int k) {\n"
            + "  int score = 0;\n"
            + "  do {\n"
            + "    switch (k % 4) { case 0: score += 1; break; case 1: score += 10; break; default: score += 100; }\n"
            + "    try { if (k == 5) throw new IllegalStateException(); } catch (IllegalStateException e) { score += 1000; }\n"
            + "  } while (--k > 0);\n"
            + "  return score;\n"
            + "}");
    assertThat(success("new Counter(10).n")).isEqualTo(1 + 2 + 4 + 5 + 7 + 8);
    assertThat(success("classify(6)")).isEqualTo(100 + 1010 + 1 + 100 + 100 + 10);
    assertThat(success("java.util.stream.IntStream.range(0, 5).map(i -> i * i).sum()"))
        .isEqualTo(30);
  }
}
