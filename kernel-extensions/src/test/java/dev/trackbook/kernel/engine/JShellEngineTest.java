package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JShellEngineTest {

  private static JShellEngine engine;

  @BeforeAll
  static void start() {
    engine = JShellEngine.builder().build();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static EvalResult.Success success(String cell) {
    EvalResult result = engine.eval(cell);
    assertThat(result).isInstanceOf(EvalResult.Success.class);
    return (EvalResult.Success) result;
  }

  @Test
  void lastExpressionIsTheCellsValueAsALiveObject() {
    EvalResult.Success s = success("var xs = new ArrayList<Integer>();\nxs.add(4);\nxs");
    assertThat(s.hasValue()).isTrue();
    assertThat(s.value()).isInstanceOf(java.util.ArrayList.class).isEqualTo(List.of(4));
    assertThat(s.typeName()).isEqualTo("ArrayList<Integer>");
  }

  @Test
  void aFileThatIsNoJarIsRefusedWithItsBatchAndLaterCellsStillCompile(@TempDir Path dir)
      throws Exception {
    Path good = java.nio.file.Files.createDirectory(dir.resolve("classes"));
    Path empty = java.nio.file.Files.createFile(dir.resolve("empty.jar"));
    String batch = good + java.io.File.pathSeparator + empty;

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.addToClasspath(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a jar: " + empty + " (zip file is empty)");

    // javac failed every later cell on it: "error reading empty.jar; zip file is empty".
    assertThat(success("1 + 1").value()).isEqualTo(2);
    assertThat(engine.classpath()).doesNotContain(good.toString(), empty.toString());
  }

  @Test
  void statementsAndDeclarationsHaveNoValue() {
    assertThat(success("int seven = 7;").hasValue()).isFalse();
    assertThat(success("System.out.print(\"\")").hasValue()).isFalse();
    assertThat(success("seven * 6").value()).isEqualTo(42);
  }

  @Test
  void nullIsAValue() {
    EvalResult.Success s = success("String nothing() { return null; }\nnothing()");
    assertThat(s.hasValue()).isTrue();
    assertThat(s.value()).isNull();
  }

  @Test
  void compileErrorPointsAtTheLineOfTheCell() {
    EvalResult result = engine.eval("int a = 1;\nint b = 2;\n\nString s = a + undefinedThing;\n");
    assertThat(result).isInstanceOf(EvalResult.CompileError.class);
    EvalResult.Diagnostic d = ((EvalResult.CompileError) result).diagnostics().get(0);
    assertThat(d.line()).isEqualTo(4);
    assertThat(d.sourceLine()).isEqualTo("String s = a + undefinedThing;");
    assertThat(d.column()).isEqualTo(16);
    assertThat(d.message()).contains("undefinedThing");
  }

  @Test
  void laterSnippetsDoNotRunAfterAFailure() {
    EvalResult result =
        engine.eval("int ran = 0;\nif (true) throw new IllegalStateException(\"boom\");\nran = 1;");
    assertThat(result).isInstanceOf(EvalResult.Failure.class);
    assertThat(success("ran").value()).isEqualTo(0);
  }

  @Test
  void aMethodAfterAnotherSnippetOrBlankLinesKeepsItsLineNumbers() {
    // With the newline before them in their source, JShell numbered every line of such methods 1.
    success("int[] xs = new int[2];\nint at(int i) {\n  int j = i;\n  return xs[j];\n}");
    success("\n\nint bt(int i) {\n  return at(i);\n}");
    EvalResult.Failure f = (EvalResult.Failure) engine.eval("bt(5)");
    assertThat(f.traceback())
        .anyMatch(l -> l.matches("\tat at \\(cell \\d+, line 4\\)"))
        .anyMatch(l -> l.matches("\tat bt \\(cell \\d+, line 4\\)"));
    // Compile errors still point at the right line and column.
    EvalResult.CompileError e =
        (EvalResult.CompileError) engine.eval("int ok = 1;\n\n  int bad = nope;");
    assertThat(e.diagnostics().get(0).line()).isEqualTo(3);
    assertThat(e.diagnostics().get(0).column()).isEqualTo(13);
  }

  @Test
  void exceptionsCarryUserFramesOnlyWithCellLines() {
    success(
        "void inner(int n) {\n  if (n == 0) throw new IllegalArgumentException(\"n is zero\");\n}");
    EvalResult result = engine.eval("int k = 0;\ninner(k);");
    assertThat(result).isInstanceOf(EvalResult.Failure.class);
    EvalResult.Failure f = (EvalResult.Failure) result;
    assertThat(f.exception()).isInstanceOf(IllegalArgumentException.class).hasMessage("n is zero");
    assertThat(f.traceback().get(0)).isEqualTo("java.lang.IllegalArgumentException: n is zero");
    assertThat(f.traceback()).anyMatch(l -> l.matches("\tat inner \\(cell \\d+, line 2\\)"));
    assertThat(f.traceback()).anyMatch(l -> l.matches("\tat cell \\(cell \\d+, line 2\\)"));
    assertThat(String.join("\n", f.traceback()))
        .doesNotContain("dev.trackbook")
        .doesNotContain("java.lang.reflect")
        .doesNotContain("ThreadPoolExecutor");
    assertThat(f.exception().getStackTrace())
        .noneMatch(e -> e.getClassName().startsWith("dev.trackbook"));
  }

  @Test
  void causesAreShown() {
    EvalResult result =
        engine.eval("throw new RuntimeException(\"outer\", new java.io.IOException(\"disk\"));");
    List<String> tb = ((EvalResult.Failure) result).traceback();
    assertThat(tb).contains("Caused by: java.io.IOException: disk");
  }

  /** Starts {@code work}, interrupts the engine once it runs, and returns what it answered. */
  private static EvalResult interruptedWhileRunning(java.util.function.Supplier<EvalResult> work)
      throws Exception {
    return EngineCalls.interruptedWhileRunning(engine, work, 2);
  }

  @Test
  void aStackOverflowShowsTheRecursingFrameOnceWithHowOftenItRepeated() {
    success("int down(int n) { return down(n + 1); }");
    List<String> tb = ((EvalResult.Failure) engine.eval("down(0)")).traceback();
    assertThat(tb.get(0)).isEqualTo("java.lang.StackOverflowError");
    assertThat(tb.get(1)).startsWith("\tat down (cell ");
    assertThat(tb.get(2)).matches("\t\\.\\.\\. the line above repeated \\d+ more times");
    assertThat(tb).hasSizeLessThan(6);
  }

  @Test
  void callRunsNotebookCodeOnTheExecutionThreadAndReportsWhatItThrows() {
    success("class Deep { public String toString() { return toString(); } }");
    Object deep = success("new Deep()").value();
    EvalResult.Success onExec = (EvalResult.Success) engine.call(() -> Thread.currentThread());
    assertThat(((Thread) onExec.value()).getName()).startsWith("trackbook-jshell-exec-");
    // The snippets' loader is the context loader, as for a cell.
    EvalResult.Success loader =
        (EvalResult.Success) engine.call(() -> Thread.currentThread().getContextClassLoader());
    assertThat(loader.value()).isSameAs(deep.getClass().getClassLoader());
    EvalResult.Failure overflow = (EvalResult.Failure) engine.call(deep::toString);
    assertThat(overflow.exception()).isInstanceOf(StackOverflowError.class);
    assertThat(overflow.traceback())
        .startsWith("java.lang.StackOverflowError", "\tat Deep.toString (cell code)");
    assertThat(overflow.traceback()).hasSizeLessThan(5);
    assertThat(success("3 + 3").value()).isEqualTo(6);
  }

  @Test
  void interruptStopsACallThatNeverReturns() throws Exception {
    // Never returns by itself; released at the end only so it does not spin on through later
    // tests on Java 20+, where nothing can stop code that is not a cell's.
    KernelSideSpin spin = new KernelSideSpin();
    try {
      EvalResult result = interruptedWhileRunning(() -> engine.call(spin));
      assertThat(result).isInstanceOf(EvalResult.Interrupted.class);
      assertThat(success("5 + 5").value()).isEqualTo(10);
    } finally {
      spin.release();
    }
  }

  @Test
  void anInterruptWhileTheCellCompilesItsNextSnippetStopsTheCellBeforeThatSnippetRuns()
      throws Exception {
    // The interrupt comes after the cell's between-snippets check, while no snippet runs (JShell
    // is about to compile the loop): the loop must not start. It did, and spun on for good.
    engine.runStatementsDirectly(
        source -> {
          if (source.startsWith("while (spin)")) {
            engine.interrupt();
          }
          return null;
        });
    try {
      CompletableFuture<EvalResult> cell =
          CompletableFuture.supplyAsync(
              () -> engine.eval("boolean spin = true;\nwhile (spin) { }"), EngineCalls.OFF_POOL);
      assertThat(cell.get(20, TimeUnit.SECONDS)).isInstanceOf(EvalResult.Interrupted.class);
    } finally {
      engine.runStatementsDirectly(source -> null);
    }
    // ...and the interrupt was that cell's: the next one runs
    assertThat(success("6 + 6").value()).isEqualTo(12);
    assertThat(engine.call(() -> "between cells")).isInstanceOf(EvalResult.Success.class);
  }

  @Test
  void interruptAlsoStopsTheCellsParallelStreamOnTheCommonPool() throws Exception {
    EvalResult result = interruptedWhileRunning(() -> engine.eval(CommonPoolWorkers.PARALLEL_SPIN));
    assertThat(result).isInstanceOf(EvalResult.Interrupted.class);
    assertThat(CommonPoolWorkers.awaitNoneRunningCellCode(Duration.ofSeconds(5))).isEmpty();
    // the pool serves later cells (with a worker spinning on, this would never run)
    assertThat(
            success(
                    "java.util.concurrent.ForkJoinPool.commonPool().submit(() -> 42)"
                        + ".get(5, java.util.concurrent.TimeUnit.SECONDS)")
                .value())
        .isEqualTo(42);
  }

  /** The names JShell keeps expression values under ($N), oldest first. */
  private static List<String> valueVariables() {
    return engine
        .jshell()
        .variables()
        .filter(v -> v.subKind() == jdk.jshell.Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND)
        .map(jdk.jshell.VarSnippet::name)
        .toList();
  }

  @Test
  void onlyTheLatestValuesStayAsDollarVariablesUnlessCodeUsesThem() {
    success("7000 + 7");
    List<String> values = valueVariables();
    String used = values.get(values.size() - 1);
    success("int usesIt() { return " + used + " + 1; }");
    success("8000 + 8");
    String unused = valueVariables().get(valueVariables().size() - 1);
    success("long copied = " + unused + ";"); // copies the value: JShell tracks no dependency
    for (int i = 0; i < 3 * JShellEngine.KEPT_VALUES; i++) {
      success(i + " * 2");
    }
    List<String> kept = valueVariables();
    assertThat(kept).hasSizeLessThanOrEqualTo(JShellEngine.KEPT_VALUES + 1).contains(used);
    assertThat(success(used).value()).isEqualTo(7007);
    assertThat(success(kept.get(kept.size() - 1)).value()).isEqualTo(118);
    assertThat(engine.eval(unused)).isInstanceOf(EvalResult.CompileError.class);
    assertThat(success("usesIt()").value()).isEqualTo(7008);
    assertThat(success("copied").value()).isEqualTo(8008L);
  }

  @Test
  void interruptStopsABusyLoopAndTheEngineStaysUsable() throws Exception {
    EvalResult result =
        interruptedWhileRunning(() -> engine.eval("int spins = 0;\nwhile (true) { spins++; }"));
    assertThat(result).isInstanceOf(EvalResult.Interrupted.class);
    assertThat(success("1 + 1").value()).isEqualTo(2);
  }

  @Test
  void interruptStopsALoopThatSwallowsInterrupts() throws Exception {
    EvalResult result =
        interruptedWhileRunning(
            () ->
                engine.eval(
                    "while (true) { try { Thread.sleep(10); } catch (InterruptedException e) {} }"));
    assertThat(result).isInstanceOf(EvalResult.Interrupted.class);
    assertThat(success("2 + 2").value()).isEqualTo(4);
  }

  @Test
  void completesMembersOfAVariable() {
    success("String greeting = \"hi\";");
    String code = "int n = 1;\ngreeting.toUpp";
    JShellEngine.Completions c = engine.complete(code, code.length());
    assertThat(c.options()).contains("toUpperCase(");
    assertThat(code.substring(c.start(), c.end())).isEqualTo("toUpp");
  }

  @Test
  void inspectsTheMethodAtTheCursor() {
    String code = "Math.max(";
    assertThat(engine.inspect(code, code.length(), false))
        .anyMatch(s -> s.contains("max(int a, int b)"));
  }

  @Test
  void tellsCompleteFromIncompleteCode() {
    assertThat(engine.completeness("for (int i = 0; i < 3; i++) {")).isEqualTo("incomplete");
    assertThat(engine.completeness("int done = 1;")).isEqualTo("complete");
  }

  @Test
  void classpathAddsCompiledClassesForCompilerAndRuntime(@TempDir Path dir) throws Exception {
    Path classes =
        CompiledClasses.compile(
            dir,
            "demo.Greeter",
            "package demo; public class Greeter { public static String hi() { return \"hi!\"; } }");
    assertThat(engine.eval("demo.Greeter.hi()")).isInstanceOf(EvalResult.CompileError.class);
    engine.addToClasspath(classes.toString());
    assertThat(success("demo.Greeter.hi()").value()).isEqualTo("hi!");
  }
}
