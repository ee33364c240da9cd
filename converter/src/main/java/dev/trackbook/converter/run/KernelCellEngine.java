package dev.trackbook.converter.run;

import dev.trackbook.kernel.dependencies.NotebookLogging;
import dev.trackbook.kernel.display.KernelDisplay;
import dev.trackbook.kernel.display.PipelineDisplay;
import dev.trackbook.kernel.engine.EvalResult;
import dev.trackbook.kernel.engine.JShellEngine;
import java.io.File;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link CellEngine} on the kernel's in-process {@link JShellEngine}. */
public final class KernelCellEngine implements CellEngine {

  // The engine names traceback frames "(cell N, line L)" by its own evaluation counter, which also
  // counts its start-up imports. A probe that throws reveals the counter, so frames can be renamed
  // after the pipeline's cells.
  private static final Pattern FRAME = Pattern.compile("\\(cell (\\d+), line (\\d+)\\)");
  private static final String PROBE = "throw new IllegalStateException(\"trackbook probe\");";

  private final JShellEngine engine;
  private final NotebookLogging notebookLogging = new NotebookLogging();
  private final Map<Integer, String> labels = new HashMap<>();
  private int next;

  /**
   * @param imports imports every cell sees (beyond JShell's defaults), e.g. {@code
   *     dev.trackbook.client.Tracking} which rewritten magics call by simple name
   */
  public KernelCellEngine(List<String> imports) {
    // A pipeline's cells see what a notebook's see, not the CLI's or a test's libraries.
    // The kernel's display API, headless: a cell that displays something runs here too.
    JShellEngine.Builder builder =
        JShellEngine.builder()
            .kernelApiOnly()
            .addStaticImport(PipelineDisplay.STATIC_IMPORT)
            .addStaticImport(KernelDisplay.STATIC_IMPORT);
    imports.forEach(builder::addImport);
    this.engine = builder.build();
    int probe = -1;
    if (engine.eval(PROBE) instanceof EvalResult.Failure failure) {
      for (String line : failure.traceback()) {
        Matcher m = FRAME.matcher(line);
        if (m.find()) {
          probe = Integer.parseInt(m.group(1));
          break;
        }
      }
    }
    this.next = probe < 0 ? -1 : probe + 1;
  }

  /**
   * As the kernel adds jars: when they bring slf4j-api without a logging backend, the kernel's own
   * provider comes along ({@link NotebookLogging}), so libraries log as in the notebook.
   */
  @Override
  public void addToClasspath(String path) {
    List<String> added = List.of(path.split(File.pathSeparator));
    engine.addToClasspath(
        String.join(File.pathSeparator, notebookLogging.withProvider(engine.classpath(), added)));
  }

  @Override
  public Outcome eval(String label, String source) {
    if (next >= 0) {
      labels.put(next++, label);
    }
    EvalResult result = engine.eval(source);
    if (result instanceof EvalResult.Success) {
      return Outcome.success();
    }
    if (result instanceof EvalResult.CompileError compile) {
      EvalResult.Diagnostic first = compile.diagnostics().get(0);
      return new Outcome(
          false,
          "compile error at line " + first.line() + ": " + first.message(),
          compile.traceback());
    }
    if (result instanceof EvalResult.Failure failure) {
      Throwable e = failure.exception();
      String error =
          failure.traceback().isEmpty()
              ? e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
              : failure.traceback().get(0);
      return new Outcome(false, error, failure.traceback().stream().map(this::rename).toList());
    }
    return new Outcome(false, "the cell was interrupted", List.of());
  }

  private String rename(String line) {
    Matcher m = FRAME.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String label = labels.get(Integer.parseInt(m.group(1)));
      String replacement = label == null ? m.group() : "(" + label + ", line " + m.group(2) + ")";
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }

  @Override
  public void close() {
    engine.close();
  }
}
