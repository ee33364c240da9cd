package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine whose cells see what a notebook's cells see in the kernel, though it runs in a JVM with
 * more on its class path (this test's: AssertJ, JUnit, ...), as a pipeline does in the CLI.
 */
class KernelApiOnlyTest {

  private JShellEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private Object value(String cell) {
    EvalResult result = engine.eval(cell);
    assertThat(result).isInstanceOf(EvalResult.Success.class);
    return ((EvalResult.Success) result).value();
  }

  @Test
  void cellsSeeTheKernelsApiButNotTheHostsOtherLibraries() {
    engine = JShellEngine.builder().kernelApiOnly().build();
    assertThat(value("Class.forName(\"dev.trackbook.kernel.engine.CellStop\").getSimpleName()"))
        .isEqualTo("CellStop");
    EvalResult hidden = engine.eval("Class.forName(\"org.assertj.core.api.Assertions\")");
    assertThat(((EvalResult.Failure) hidden).exception())
        .isInstanceOf(ClassNotFoundException.class);
    // javac does not see it either: the cell fails as it would in the kernel, at compile time.
    assertThat(engine.eval("org.assertj.core.api.Assertions.assertThat(1)"))
        .isInstanceOf(EvalResult.CompileError.class);
    assertThat(value("dev.trackbook.kernel.engine.CellStop.class.getSimpleName()"))
        .isEqualTo("CellStop");
  }

  @Test
  void aLibraryTheCellsAddComesInTheirVersionNotTheHosts(@TempDir Path dir) throws Exception {
    // A jar with a class the host also has (AssertJ's entry point), in "another version".
    Path classes =
        CompiledClasses.compile(
            dir,
            "org.assertj.core.api.Assertions",
            "package org.assertj.core.api; public class Assertions {"
                + " public static String version() { return \"the cells' own\"; } }");
    String call =
        "Class.forName(\"org.assertj.core.api.Assertions\").getMethod(\"version\").invoke(null)";

    engine = JShellEngine.builder().kernelApiOnly().build();
    engine.addToClasspath(classes.toString());
    assertThat(value(call)).isEqualTo("the cells' own");

    // Without it, the host's version wins (parent first) and has no such method.
    engine.close();
    engine = JShellEngine.builder().build();
    engine.addToClasspath(classes.toString());
    assertThat(((EvalResult.Failure) engine.eval(call)).exception())
        .isInstanceOf(NoSuchMethodException.class);
  }

  @Test
  void aCellClassReadsItsOwnBytesAsAResourceAsInTheKernel() {
    engine = JShellEngine.builder().kernelApiOnly().build();
    value("class Probe {}");
    Object size =
        value(
            "Probe.class.getClassLoader().getResourceAsStream(Probe.class.getName().replace('.', '/') + \".class\").readAllBytes().length");
    assertThat((Integer) size).isGreaterThan(100);
  }

  @Test
  void cellsStillRunWithAssertionsAndInterruptsStillStopThem() throws Exception {
    engine = JShellEngine.builder().kernelApiOnly().build();
    assertThat(engine.eval("assert 1 > 2 : \"checked\";")).isInstanceOf(EvalResult.Failure.class);
    assertThat(EngineCalls.interruptedWhileRunning(engine, () -> engine.eval("while (true) {}"), 3))
        .isInstanceOf(EvalResult.Interrupted.class);
    assertThat(value("6 * 7")).isEqualTo(42);
  }
}
