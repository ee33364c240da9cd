package dev.trackbook.kernel.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.zip.ZipFile;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell evaluation in this JVM, without Jupyter: the Trackbook kernel and the pipeline runner both
 * use it, so a pipeline runs with the same semantics as its notebook.
 *
 * <p>Values come back as live objects. Compile errors carry the line in the cell. Exceptions carry
 * the user's stack frames only. {@link #interrupt()} really stops a runaway cell. One cell is
 * evaluated at a time; {@link #interrupt()}, {@link #addToClasspath(String)} and the analysis
 * methods may be called from other threads (including from code the cell runs).
 *
 * <pre>{@code
 * try (JShellEngine engine = JShellEngine.builder().build()) {
 *   EvalResult r = engine.eval("var x = 20;\nx + 22");
 *   if (r instanceof EvalResult.Success s && s.hasValue()) System.out.println(s.value()); // 42
 * }
 * }</pre>
 */
public final class JShellEngine implements AutoCloseable {

  /** Imports every engine starts with, the same as the jshell tool's default start-up. */
  public static final List<String> DEFAULT_IMPORTS =
      List.of(
          "java.io.*",
          "java.math.*",
          "java.net.*",
          "java.nio.file.*",
          "java.util.*",
          "java.util.concurrent.*",
          "java.util.function.*",
          "java.util.regex.*",
          "java.util.stream.*",
          "java.time.*");

  private final JShell jshell;
  private final InProcessExecutionControl control;
  private final IdleIndexing indexing;
  private final Object evalLock = new Object();
  private final AtomicInteger cellCounter = new AtomicInteger();

  /** Bumped whenever what a name means may have changed: see {@link #declarationsVersion()}. */
  private final AtomicLong declarations = new AtomicLong();

  /** Where each snippet came from, to turn JShell's "#12:3" frames into cell lines. */
  private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();

  private final Set<String> classpath = ConcurrentHashMap.newKeySet();

  /**
   * How many of the latest expression values stay reachable as {@code $N}. JShell keeps every
   * expression's value as a variable {@code $N} that each later snippet's compile imports, so a
   * cell's compile time grows with the session: a trivial expression took 17 ms at the start and 84
   * ms after 1,000 of them (JDK 17 and 25 alike). Older ones are dropped after each cell unless a
   * snippet refers to them; the cell's value was shown already and stays a live object.
   */
  static final int KEPT_VALUES = 20;

  /** Expression values JShell keeps as {@code $N}, oldest first. */
  private final java.util.Deque<VarSnippet> valueVariables =
      new java.util.concurrent.ConcurrentLinkedDeque<>();

  private volatile boolean interruptRequested;
  private volatile Function<String, Callable<?>> statementsRunDirectly = source -> null;

  private record SnippetOrigin(int cell, int firstLine) {}

  private JShellEngine(Builder builder) {
    InProcessExecutionControl created =
        InProcessExecutionControl.create(
            builder.threadStop && InProcessExecutionControl.threadStopWorks(),
            builder.kernelApiOnly);
    this.control = created;
    ExecutionControlProvider provider =
        new ExecutionControlProvider() {
          @Override
          public String name() {
            return "trackbook-in-process";
          }

          @Override
          public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return created;
          }
        };
    this.indexing = new IdleIndexing(builder.indexingIdleMillis);
    JShell.Builder jb =
        JShell.builder().executionEngine(provider, Map.of()).fileManager(indexing::gate);
    if (!builder.compilerOptions.isEmpty()) {
      jb.compilerOptions(builder.compilerOptions.toArray(String[]::new));
    }
    this.jshell = builder.kernelApiOnly ? buildCompilingAgainstKernelApi(jb) : jb.build();
    for (String entry : builder.classpath) {
      addToClasspath(entry);
    }
    List<String> startup = new ArrayList<>();
    builder.imports.forEach(i -> startup.add("import " + i + ";"));
    builder.staticImports.forEach(i -> startup.add("import static " + i + ";"));
    startup.addAll(builder.startupSnippets);
    for (String snippet : startup) {
      EvalResult result = evalCell(snippet, 0);
      if (!(result instanceof EvalResult.Success)) {
        throw new IllegalStateException("start-up snippet failed: " + snippet + " -> " + result);
      }
    }
  }

  /**
   * JShell's javac takes its class path from {@code java.class.path}: read when JShell is built for
   * what {@code addToClasspath} sets, and when javac first runs otherwise. Built while the property
   * names only a copy of the kernel API's classes, and given that directory at once, javac sees
   * what the cells' class loader sees. The property is this JVM's own again right after. Without a
   * copy (no writable temp directory) javac sees the whole class path, as before.
   */
  private static JShell buildCompilingAgainstKernelApi(JShell.Builder jb) {
    String host = System.getProperty("java.class.path");
    Path api;
    try {
      api = KernelApiClassPath.copy(host, JShellEngine.class.getClassLoader());
    } catch (java.io.IOException e) {
      System.err.println(
          "trackbook: cells compile against this JVM's whole class path (" + e.getMessage() + ")");
      return jb.build();
    }
    JShell built;
    synchronized (JShellEngine.class) {
      System.setProperty("java.class.path", api.toString());
      try {
        built = jb.build();
      } finally {
        System.setProperty("java.class.path", host);
      }
    }
    // Sets javac's class path to the copy (the cells' loader gains classes its parent serves).
    built.addToClasspath(api.toString());
    return built;
  }

  /** A builder with {@link #DEFAULT_IMPORTS}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates a cell: any number of Java snippets (statements, declarations, expressions). Blocks
   * until the cell ends or is interrupted.
   */
  public EvalResult eval(String cell) {
    return evalCell(cell, cellCounter.incrementAndGet());
  }

  /**
   * Like {@link #eval(String)}, but stack frames name the cell {@code cell <cellNumber>}: a kernel
   * passes Jupyter's execution count, so an error points at the {@code In [N]} the user sees.
   */
  public EvalResult eval(String cell, int cellNumber) {
    return evalCell(cell, cellNumber);
  }

  /**
   * Compiles and runs a trivial expression so the first real cell does not pay for the compiler's
   * start-up (about a second); it does not count as a cell.
   */
  public void warmUp() {
    evalCell("0", 0);
  }

  /**
   * @param cellNumber how stack frames name this cell ("cell 3, line 2"); 0 for the engine's own
   */
  private EvalResult evalCell(String cell, int cellNumber) {
    // A magic that evaluates code while its cell runs (kernel.evalRaw on the execution thread, e.g.
    // %param declaring a variable): the outer eval holds evalLock and waits for this very thread.
    boolean nested = control.isExecutionThread();
    synchronized (nested ? new Object() : evalLock) {
      if (!nested) {
        interruptRequested = false;
        control.cellBoundary();
        indexing.cellStarted();
        cellRunning = true;
      }
      try {
        return evalSnippets(cell, cellNumber);
      } finally {
        if (!nested) {
          cellRunning = false;
          control.cellBoundary();
          dropOldValues();
          indexing.cellEnded();
        }
      }
    }
  }

  private volatile boolean cellRunning;

  /**
   * Whether code evaluated from the calling thread would wait for a running cell: the thread is not
   * the one running it (a thread the cell started, such as a parallel stream's), and the cell may
   * be waiting for that very thread.
   */
  public boolean wouldWaitForTheRunningCell() {
    return cellRunning && !control.isExecutionThread();
  }

  private EvalResult evalSnippets(String cell, int cellNumber) {
    SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
    EvalResult last = new EvalResult.Success(false, null, null);
    int offset = 0;
    while (offset < cell.length()) {
      String rest = cell.substring(offset);
      CompletionInfo info = analysis.analyzeCompletion(rest);
      if (info.completeness() == Completeness.EMPTY) {
        break;
      }
      int consumed = rest.length() - info.remaining().length();
      String source = info.completeness().isComplete() ? info.source() : rest;
      if (!info.completeness().isComplete()) {
        consumed = rest.length();
      }
      // The snippet's leading blank lines (those after an earlier snippet's line, too) go: with
      // them, JShell numbers every line of a method's body 1 in stack traces. Its positions and
      // trace lines then count from the snippet's first non-blank character and line.
      int lead = leadingWhitespace(source);
      source = source.substring(lead);
      int snippetStart = offset + lead;
      if (interruptRequested) {
        return new EvalResult.Interrupted();
      }
      int firstLine = lineOf(cell, snippetStart);
      Callable<?> instead = statementsRunDirectly.apply(source);
      last =
          instead != null
              ? asStatement(call(instead))
              : evalSnippet(cell, source, snippetStart, firstLine, cellNumber);
      if (!(last instanceof EvalResult.Success)) {
        return last;
      }
      offset += consumed;
    }
    return last;
  }

  private EvalResult evalSnippet(
      String cell, String source, int snippetStart, int firstLine, int cellNumber) {
    control.resetLast();
    List<SnippetEvent> events = jshell.eval(source);
    if (events.stream().anyMatch(event -> declares(event.snippet()))) {
      declarations.incrementAndGet();
    }
    for (SnippetEvent event : events) {
      if (event.causeSnippet() != null) {
        continue; // a dependent snippet changed status; not this cell's outcome
      }
      Snippet snippet = event.snippet();
      origins.put(snippet.id(), new SnippetOrigin(cellNumber, firstLine));
      if (snippet instanceof VarSnippet value
          && value.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
          && event.status().isActive()) {
        valueVariables.add(value);
      }
      if (control.lastStopped()) {
        return new EvalResult.Interrupted();
      }
      if (event.status() == Snippet.Status.REJECTED) {
        return compileError(cell, snippet, snippetStart);
      }
      if (event.exception() != null) {
        return failure(event.exception());
      }
      boolean isExpression =
          snippet instanceof ExpressionSnippet
              || (snippet instanceof VarSnippet
                  && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND);
      if (isExpression) {
        String type =
            snippet instanceof VarSnippet v
                ? v.typeName()
                : ((ExpressionSnippet) snippet).typeName();
        if (!"void".equals(type)) {
          return new EvalResult.Success(true, control.lastValue(), type);
        }
      }
      return new EvalResult.Success(false, null, null);
    }
    if (control.lastStopped()) {
      return new EvalResult.Interrupted();
    }
    return new EvalResult.Success(false, null, null);
  }

  // Called with evalLock held, between cells.
  private void dropOldValues() {
    while (valueVariables.size() > KEPT_VALUES) {
      VarSnippet old = valueVariables.poll();
      try {
        if (jshell.status(old).isActive()
            && jshell.sourceCodeAnalysis().dependents(old).isEmpty()) {
          // No declarationsVersion bump: code compiled earlier that names it still reads its
          // (loaded) class, and the magics' compiled-code cache must survive value-heavy sessions.
          jshell.drop(old);
        }
      } catch (IllegalStateException | IllegalArgumentException e) {
        return; // JShell closed meanwhile, or the snippet is not its own any more
      }
    }
  }

  private EvalResult compileError(String cell, Snippet snippet, int snippetStart) {
    List<EvalResult.Diagnostic> found = new ArrayList<>();
    for (Diag diag : jshell.diagnostics(snippet).toList()) {
      if (!diag.isError()) {
        continue;
      }
      long pos = diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition();
      int at = (int) Math.min(cell.length(), snippetStart + Math.max(0, pos));
      int line = lineOf(cell, at);
      int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
      int lineEnd = cell.indexOf('\n', lineStart);
      String text = cell.substring(lineStart, lineEnd < 0 ? cell.length() : lineEnd);
      found.add(
          new EvalResult.Diagnostic(
              line, at - lineStart + 1, diag.getMessage(Locale.ROOT).strip(), text));
    }
    if (found.isEmpty()) {
      // JShell rejects some snippets without an error diagnostic (e.g. a bare modifier).
      found.add(
          new EvalResult.Diagnostic(
              lineOf(cell, snippetStart), 1, "not a valid Java snippet", snippet.source().strip()));
    }
    return new EvalResult.CompileError(found);
  }

  private EvalResult failure(jdk.jshell.JShellException reported) {
    if (reported instanceof UnresolvedReferenceException unresolved) {
      jdk.jshell.DeclarationSnippet declaration = unresolved.getSnippet();
      String message =
          declaration.name()
              + " cannot be used until these are defined: "
              + jshell.unresolvedDependencies(declaration).toList();
      IllegalStateException e = new IllegalStateException(message);
      e.setStackTrace(new StackTraceElement[0]);
      return new EvalResult.Failure(e, List.of("UnresolvedReference: " + message));
    }
    Throwable thrown = control.lastThrowable();
    if (thrown == null) {
      // Not thrown by the snippet body (e.g. a static initializer JShell ran itself).
      thrown = reported;
    }
    List<String> lines = new ArrayList<>();
    describe(thrown, reported, lines, new LinkedHashSet<>(), "");
    return new EvalResult.Failure(thrown, lines);
  }

  /**
   * Describes {@code real} (the live exception) using JShell's {@code translated} copy, whose
   * frames name snippets ("#12", line in the snippet) instead of generated wrapper classes; the
   * live exception gets those user frames as its stack trace.
   */
  private void describe(
      Throwable real,
      Throwable translated,
      List<String> lines,
      Set<Throwable> seen,
      String prefix) {
    if (!seen.add(real)) {
      return;
    }
    String className =
        translated instanceof EvalException ee
            ? ee.getExceptionClassName()
            : real.getClass().getName();
    String message = real.getMessage();
    lines.add(prefix + className + (message == null ? "" : ": " + message));
    StackTraceElement[] user = userFrames(real.getStackTrace());
    // JShell's copy holds the same user frames, each REPL one renamed to "#<snippet id>" with the
    // line inside the snippet; without it (it should not happen) the wrapper-class frames remain.
    StackTraceElement[] snippetFrames = translated == null ? null : translated.getStackTrace();
    boolean aligned = snippetFrames != null && snippetFrames.length == user.length;
    int inner = innermostCellFrames(user);
    if (inner < user.length) {
      user = java.util.Arrays.copyOf(user, inner);
      if (aligned) {
        snippetFrames = java.util.Arrays.copyOf(snippetFrames, inner);
      }
    }
    // A stop check the kernel wove into the cell (Java 20+) is not the user's code: an error
    // raised inside it (a stack overflow at a method's start) shows from the cell's frame on.
    int woven = framesOfStopCheck(user);
    if (woven > 0) {
      user = java.util.Arrays.copyOfRange(user, woven, user.length);
      if (aligned) {
        snippetFrames = java.util.Arrays.copyOfRange(snippetFrames, woven, snippetFrames.length);
      }
    }
    String previous = null;
    int repeats = 0;
    for (int i = 0; i < user.length; i++) {
      if (aligned && user[i].getClassName().startsWith("REPL.")) {
        user[i] = toCellFrame(user[i], snippetFrames[i]);
      }
      String line = "\tat " + describe(user[i]);
      // A StackOverflowError's thousand identical frames say one thing: show it once.
      if (line.equals(previous)) {
        repeats++;
        continue;
      }
      if (repeats > 0) {
        lines.add(repeated(repeats));
        repeats = 0;
      }
      lines.add(line);
      previous = line;
    }
    if (repeats > 0) {
      lines.add(repeated(repeats));
    }
    real.setStackTrace(user);
    if (real.getCause() != null) {
      describe(
          real.getCause(),
          translated == null ? null : translated.getCause(),
          lines,
          seen,
          "Caused by: ");
    }
  }

  /** JShell's wrapper classes: {@code REPL.$JShell$15}, a class A declared in it {@code $15$A}. */
  private static final String WRAPPER_PREFIX = "REPL.$JShell$";

  private static String repeated(int times) {
    return "\t... the line above repeated " + times + (times == 1 ? " more time" : " more times");
  }

  /**
   * The frames of user code: everything above the snippet wrapper's {@code do_it$} call. Below it
   * are reflection and the engine's executor, which mean nothing to the user.
   */
  private static StackTraceElement[] userFrames(StackTraceElement[] frames) {
    int cut = -1;
    for (int i = 0; i < frames.length; i++) {
      if (frames[i].getClassName().startsWith("REPL.")) {
        cut = i;
      }
    }
    if (cut < 0) {
      // Run by call() (a value's rendering, a magic line run directly): the frames above the
      // execution thread's own, which mean nothing to the user.
      for (int i = 1; i < frames.length; i++) {
        if (frames[i].getClassName().equals(InProcessExecutionControl.class.getName())) {
          return java.util.Arrays.copyOf(frames, i);
        }
      }
      return frames;
    }
    StackTraceElement[] user = new StackTraceElement[cut + 1];
    System.arraycopy(frames, 0, user, 0, cut + 1);
    return user;
  }

  /**
   * How many of the user frames belong to the innermost cell code: code a cell ran through the
   * kernel (a %%track body, a magic evaluating Java) ends at the engine's invoke of it, and below
   * that is the machinery that ran it and the cell around it.
   */
  private static int innermostCellFrames(StackTraceElement[] user) {
    for (int i = 1; i < user.length; i++) {
      if (user[i].getClassName().equals(InProcessExecutionControl.class.getName())) {
        int end = i;
        while (end > 0 && isReflection(user[end - 1])) {
          end--;
        }
        if (end > 0 && user[end - 1].getClassName().startsWith("REPL.")) {
          return end;
        }
      }
    }
    return user.length;
  }

  private static boolean isReflection(StackTraceElement frame) {
    String c = frame.getClassName();
    return c.startsWith("jdk.internal.reflect.") || c.equals("java.lang.reflect.Method");
  }

  /** How many top frames belong to a woven {@link CellStop#check()}: it and what it called. */
  private static int framesOfStopCheck(StackTraceElement[] frames) {
    for (int i = frames.length - 1; i >= 0; i--) {
      if (frames[i].getClassName().equals(CellStop.class.getName())) {
        return i + 1;
      }
    }
    return 0;
  }

  /** A frame of cell code: class {@code REPL}, file {@code "cell N"}, line in that cell. */
  private StackTraceElement toCellFrame(
      StackTraceElement wrapperFrame, StackTraceElement snippetFrame) {
    String file = snippetFrame.getFileName();
    SnippetOrigin origin =
        file != null && file.startsWith("#") ? origins.get(file.substring(1)) : null;
    if (origin == null) {
      return wrapperFrame;
    }
    String method = wrapperFrame.getMethodName();
    return new StackTraceElement(
        "REPL",
        method.startsWith("do_it$") ? "cell" : method,
        "cell " + origin.cell(),
        origin.firstLine() + snippetFrame.getLineNumber() - 1);
  }

  private static String describe(StackTraceElement frame) {
    String className = frame.getClassName();
    if (className.startsWith(WRAPPER_PREFIX)) {
      // Code of a cell that JShell did not translate (a value's toString() run while displaying
      // it): the wrapper's file and line mean nothing, the class and method the user wrote do.
      String declared = className.substring(WRAPPER_PREFIX.length()).replaceFirst("^\\d+\\$?", "");
      return (declared.isEmpty() ? "" : declared + ".") + frame.getMethodName() + " (cell code)";
    }
    if (className.equals("REPL")) {
      return frame.getMethodName()
          + " ("
          + frame.getFileName()
          + ", line "
          + frame.getLineNumber()
          + ")";
    }
    return frame.toString();
  }

  /**
   * A number that changes whenever an evaluation (re)declared an import, class, method or variable,
   * or the class path grew: code compiled against the notebook's names while it stays the same
   * still sees the same declarations (a top-level variable's current value included), so a caller
   * may keep and rerun it instead of compiling it again.
   */
  public long declarationsVersion() {
    return declarations.get();
  }

  // An expression's value kept in $N declares nothing anyone's code refers to.
  private static boolean declares(Snippet snippet) {
    return snippet instanceof PersistentSnippet
        && snippet.subKind() != Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }

  /**
   * Lets the host run some top-level statements itself instead of having JShell compile them:
   * {@code match} sees each top-level snippet's source and returns the call to make in its place,
   * or null to compile the snippet. The call runs as the snippet would have ({@link #call}), and,
   * being a statement, gives the cell no value. The kernel runs magic lines so.
   */
  public void runStatementsDirectly(Function<String, Callable<?>> match) {
    statementsRunDirectly = match;
  }

  private static EvalResult asStatement(EvalResult result) {
    return result instanceof EvalResult.Success
        ? new EvalResult.Success(false, null, null)
        : result;
  }

  /**
   * Runs notebook code that is not a snippet, such as rendering a cell's value (its {@code
   * toString()} may loop forever or overflow the stack), as a cell runs: on the execution thread,
   * stopped by {@link #interrupt()}, whatever it throws (errors too) reported with the user's
   * frames. Success carries the task's result.
   */
  public EvalResult call(Callable<?> task) {
    try {
      return new EvalResult.Success(true, control.call(task), null);
    } catch (ExecutionControl.StoppedException e) {
      return new EvalResult.Interrupted();
    } catch (ExecutionException e) {
      Throwable thrown = e.getCause() != null ? e.getCause() : e;
      List<String> lines = new ArrayList<>();
      describe(thrown, null, lines, new LinkedHashSet<>(), "");
      return new EvalResult.Failure(thrown, lines);
    }
  }

  /**
   * Stops the cell being evaluated, if any, from any thread: the blocked {@link #eval(String)}
   * returns {@link EvalResult.Interrupted} within a fraction of a second, even for a loop that
   * never checks for interruption, and the engine stays usable.
   */
  public void interrupt() {
    interruptRequested = true;
    if (cellRunning) {
      // Maybe between snippets or compiling one, past the cell's check of interruptRequested:
      // stop() finds nothing running then, and the snippet would start after all.
      control.stopBeforeNextSnippet();
    }
    control.stop();
  }

  /**
   * Adds jars or class directories (a path, or several joined with {@link File#pathSeparator}) for
   * the compiler and for running snippets. Adding the same path twice is harmless.
   *
   * @throws IllegalArgumentException naming the first entry that is a file but no jar (empty, cut
   *     short, a text file), before adding any: once on its class path, javac fails every later
   *     cell on it ("zip END header not found"), and nothing takes an entry off again
   */
  public void addToClasspath(String path) {
    List<String> entries = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isBlank() && !classpath.contains(entry)) {
        requireJarIfFile(entry);
        entries.add(entry);
      }
    }
    for (String entry : entries) {
      if (classpath.add(entry)) {
        declarations.incrementAndGet();
        jshell.addToClasspath(entry);
      }
    }
  }

  private static void requireJarIfFile(String entry) {
    File file = new File(entry);
    if (!file.isFile()) {
      return; // a class directory; a missing path javac skips
    }
    try (ZipFile jar = new ZipFile(file)) {
      // opens: its central directory is readable
    } catch (IOException e) {
      throw new IllegalArgumentException("not a jar: " + entry + " (" + e.getMessage() + ")");
    }
  }

  /**
   * The class loader that sees the classes cells defined and what {@link #addToClasspath(String)}
   * added, e.g. to look a library up by name.
   */
  public ClassLoader classLoader() {
    return control.classLoader();
  }

  /** The JShell underneath, for tests of this package. */
  JShell jshell() {
    return jshell;
  }

  /** What {@link #addToClasspath(String)} added so far, in order. */
  public List<String> classpath() {
    return List.copyOf(classpath);
  }

  /**
   * Completion candidates at {@code cursor} in a cell.
   *
   * @return the candidates and the range of {@code code} they replace
   */
  public Completions complete(String code, int cursor) {
    int start = snippetStartBefore(code, cursor);
    int[] anchor = new int[1];
    indexing.resumeNow();
    List<SourceCodeAnalysis.Suggestion> suggestions =
        jshell
            .sourceCodeAnalysis()
            .completionSuggestions(code.substring(start, cursor), cursor - start, anchor);
    List<String> options =
        suggestions.stream()
            .sorted((a, b) -> Boolean.compare(b.matchesType(), a.matchesType()))
            .map(SourceCodeAnalysis.Suggestion::continuation)
            .distinct()
            .toList();
    return new Completions(options, start + anchor[0], cursor);
  }

  /**
   * Completion result.
   *
   * @param options what may replace {@code code[start, end)}, best matches first
   * @param start first replaced index
   * @param end index after the last replaced character (the cursor)
   */
  public record Completions(List<String> options, int start, int end) {}

  /**
   * Signatures (and Javadoc where the JDK sources are installed) of what is at {@code cursor}, or
   * an empty list.
   */
  public List<String> inspect(String code, int cursor, boolean withJavadoc) {
    int start = snippetStartBefore(code, cursor);
    indexing.resumeNow();
    return jshell
        .sourceCodeAnalysis()
        .documentation(code.substring(start, cursor), cursor - start, withJavadoc)
        .stream()
        .map(
            d ->
                d.javadoc() == null || d.javadoc().isBlank()
                    ? d.signature()
                    : d.signature() + "\n" + d.javadoc())
        .toList();
  }

  /**
   * Whether a cell is ready to run, for the console's "press Enter" decision.
   *
   * @return {@code "complete"}, or {@code "incomplete"} when a statement or block is still open
   */
  public String completeness(String code) {
    String rest = code;
    while (!rest.isBlank()) {
      CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(rest);
      if (!info.completeness().isComplete()) {
        return info.completeness() == Completeness.EMPTY ? "complete" : "incomplete";
      }
      rest = info.remaining();
    }
    return "complete";
  }

  /** Index where the snippet that contains {@code cursor} starts. */
  private int snippetStartBefore(String code, int cursor) {
    String head = code.substring(0, Math.min(cursor, code.length()));
    int offset = 0;
    while (offset < head.length()) {
      String rest = head.substring(offset);
      CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(rest);
      if (!info.completeness().isComplete() || info.remaining().isBlank()) {
        return offset + leadingWhitespace(rest);
      }
      offset += rest.length() - info.remaining().length();
    }
    return offset;
  }

  private static int leadingWhitespace(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int lineOf(String text, int index) {
    int line = 1;
    for (int i = 0; i < index && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /** Ends the running cell, if any, and releases JShell. */
  @Override
  public void close() {
    interrupt();
    indexing.close(); // JShell's indexer thread is shared by every engine in this JVM: free it
    jshell.close();
  }

  /** Configures a {@link JShellEngine}. */
  public static final class Builder {
    private final List<String> imports = new ArrayList<>(DEFAULT_IMPORTS);
    private final List<String> staticImports = new ArrayList<>();
    private final List<String> startupSnippets = new ArrayList<>();
    private final List<String> classpath = new ArrayList<>();
    private final List<String> compilerOptions = new ArrayList<>();
    private boolean threadStop = true;
    private boolean kernelApiOnly;
    private long indexingIdleMillis = IdleIndexing.IDLE_MILLIS;

    private Builder() {}

    /**
     * Cells see what they see in the kernel: the JDK, the kernel's and the magics' API (with the
     * tracking client), and what {@code %maven} / {@code %classpath} add; not the other libraries
     * on this JVM's class path. For running a notebook's cells elsewhere than in the kernel (a
     * pipeline), so a library the host also holds comes in the version the cells asked for.
     */
    public Builder kernelApiOnly() {
      kernelApiOnly = true;
      return this;
    }

    /** Interrupts stop cells as on Java 20+, without Thread.stop (for tests on older JVMs). */
    Builder withoutThreadStop() {
      threadStop = false;
      return this;
    }

    /** How long the engine waits idle before JShell indexes the class path (for tests). */
    Builder indexingIdleMillis(long millis) {
      indexingIdleMillis = millis;
      return this;
    }

    /** Adds an import, e.g. {@code "java.awt.image.*"}. */
    public Builder addImport(String importName) {
      imports.add(importName);
      return this;
    }

    /** Adds a static import, e.g. {@code "dev.trackbook.client.Tracking.*"}. */
    public Builder addStaticImport(String importName) {
      staticImports.add(importName);
      return this;
    }

    /** Drops {@link #DEFAULT_IMPORTS}. */
    public Builder noDefaultImports() {
      imports.removeAll(DEFAULT_IMPORTS);
      return this;
    }

    /** A snippet run once after the imports (e.g. helper methods). */
    public Builder startupSnippet(String snippet) {
      startupSnippets.add(snippet);
      return this;
    }

    /** Adds classpath entries beyond this JVM's own class path, which snippets always see. */
    public Builder classpath(String pathList) {
      classpath.add(pathList);
      return this;
    }

    /** Extra javac options, e.g. {@code "--enable-preview"}. */
    public Builder compilerOption(String option) {
      compilerOptions.add(option);
      return this;
    }

    public JShellEngine build() {
      return new JShellEngine(this);
    }
  }
}
