package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jshell.JShell;
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
    java.lang.reflect.Field f = JShellEngine.class.getDeclaredField("jshell");
    f.setAccessible(true);
    return ((JShell) f.get(engine))
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

  @Test
  void nothingIsIndexedWhileTheEngineWasNotIdleAndCompletionResumesIt(@TempDir Path dir)
      throws Exception {
    Path classes = classWithSimpleName(dir, "NotIndexedYet");
    try (JShellEngine engine = JShellEngine.builder().indexingIdleMillis(600_000).build()) {
      engine.addToClasspath(classes.toString());
      for (int i = 0; i < 5; i++) {
        assertThat(engine.eval("Thread.sleep(100); " + i)).isInstanceOf(EvalResult.Success.class);
      }
      assertThat(indexed(engine, "NotIndexedYet")).isEmpty();

      engine.complete("Math.ma", 7);
      assertThat(indexedWithin(engine, "NotIndexedYet")).isTrue();
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
    java.util.concurrent.CompletableFuture.runAsync(indexing::awaitTurnIfIndexer)
        .get(5, java.util.concurrent.TimeUnit.SECONDS);
    indexing.cellEnded(); // would let it run after ten idle minutes
    assertThat(indexing.paused()).isTrue();
    indexing.resumeNow();
    assertThat(indexing.paused()).isFalse();
    indexing.cellStarted();
    assertThat(indexing.paused()).isTrue();
  }
}
