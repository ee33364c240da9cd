package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JShell indexes the class path for completion only once the engine is idle, or when completion is
 * asked for. What is indexed shows in {@code listQualifiedNames}, which answers from the index
 * alone; each test adds a directory with a class of its own, so no other engine in this JVM has
 * indexed it before (JShell caches indexes per path, JVM-wide).
 */
class IdleIndexingTest {

  private static Path classWithSimpleName(Path dir, String simpleName) throws Exception {
    return CompiledClasses.compile(
        dir, "idle." + simpleName, "package idle; public class " + simpleName + " {}");
  }

  private static List<String> indexed(JShellEngine engine, String simpleName) throws Exception {
    return engine
        .jshell()
        .sourceCodeAnalysis()
        .listQualifiedNames(simpleName, simpleName.length())
        .getNames();
  }

  /** Waits up to a minute (a loaded machine indexes slowly) for the class to be indexed. */
  private static boolean indexedWithin(JShellEngine engine, String simpleName) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      if (indexed(engine, simpleName).contains("idle." + simpleName)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** Whether JShell's indexing pass is waiting at the gate now, within a few seconds. */
  private static boolean indexerWaitsWithin(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    do {
      boolean waiting =
          Thread.getAllStackTraces().values().stream()
              .anyMatch(
                  stack ->
                      java.util.Arrays.stream(stack)
                          .anyMatch(
                              f ->
                                  f.getClassName().equals(IdleIndexing.class.getName())
                                      && f.getMethodName().equals("awaitTurnIfIndexer")));
      if (waiting) {
        return true;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    return false;
  }

  @Test
  void theIndexingPassWaitsWhileTheEngineWasNotIdleAndCompletionLetsItRun(@TempDir Path dir)
      throws Exception {
    Path classes = classWithSimpleName(dir, "NotIndexedYet");
    try (JShellEngine engine = JShellEngine.builder().indexingIdleMillis(600_000).build()) {
      engine.addToClasspath(classes.toString());
      assertThat(engine.eval("1 + 1")).isInstanceOf(EvalResult.Success.class);
      assertThat(indexerWaitsWithin(Duration.ofSeconds(30))).isTrue();
      assertThat(indexed(engine, "NotIndexedYet")).isEmpty();

      engine.complete("Math.ma", 7);
      assertThat(indexedWithin(engine, "NotIndexedYet")).isTrue();
    }
  }

  @Test
  void closingAnEngineFreesTheIndexerThreadItsWaitingPassHeld(@TempDir Path dir) throws Exception {
    Path classes = classWithSimpleName(dir, "NeverIndexed");
    JShellEngine engine = JShellEngine.builder().indexingIdleMillis(600_000).build();
    engine.addToClasspath(classes.toString());
    assertThat(indexerWaitsWithin(Duration.ofSeconds(30))).isTrue();
    engine.close();
    // the shared indexer thread is free again: another engine's pass runs
    Path other = classWithSimpleName(dir.resolve("other"), "IndexedAfterAClose");
    try (JShellEngine next = JShellEngine.builder().indexingIdleMillis(600_000).build()) {
      next.addToClasspath(other.toString());
      next.complete("Math.ma", 7);
      assertThat(indexedWithin(next, "IndexedAfterAClose")).isTrue();
    }
  }

  @Test
  void anIdleEngineIndexes(@TempDir Path dir) throws Exception {
    Path classes = classWithSimpleName(dir, "IndexedWhenIdle");
    try (JShellEngine engine = JShellEngine.builder().indexingIdleMillis(200).build()) {
      engine.addToClasspath(classes.toString());
      assertThat(engine.eval("1 + 1")).isInstanceOf(EvalResult.Success.class);
      assertThat(indexedWithin(engine, "IndexedWhenIdle")).isTrue();
    }
  }

  @Test
  void onlyJShellsIndexerWaitsNotTheCompiler() throws Exception {
    IdleIndexing indexing = new IdleIndexing(600_000);
    assertThat(indexing.paused()).isTrue();
    // not called from JShell's indexing pass: returns at once (a cell's javac must never wait)
    java.util.concurrent.CompletableFuture.runAsync(
            indexing::awaitTurnIfIndexer, EngineCalls.OFF_POOL)
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    indexing.cellEnded(); // would let it run after ten idle minutes
    assertThat(indexing.paused()).isTrue();
    indexing.resumeNow();
    assertThat(indexing.paused()).isFalse();
    indexing.cellStarted();
    assertThat(indexing.paused()).isTrue();
  }
}
