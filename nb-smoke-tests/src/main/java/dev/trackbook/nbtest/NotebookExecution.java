package dev.trackbook.nbtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.nbtest.kernel.ExecutionResult;
import dev.trackbook.nbtest.kernel.KernelSession;
import dev.trackbook.nbtest.kernel.KernelSpec;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one notebook cell by cell in its own kernel, started from the kernelspec over the Jupyter
 * protocol. The kernel starts on the first cell and stops on {@link #close()}. After a failing cell
 * the rest are not run, as Jupyter's "run all" stops.
 *
 * <p>Tags: {@code skip-execution} (not run), {@code raises-exception} (may fail), {@code
 * parameters} (smoke parameters are injected right after it), {@code check-output} (its text output
 * must equal the saved one after sanitizers: the notebook's {@link Sanitizers metadata} ones, then
 * the options').
 */
public final class NotebookExecution implements AutoCloseable {
  // nbclient's and papermill's tags, named once for notebooks and pipelines alike (Cell).
  public static final String TAG_SKIP = Cell.SKIP_EXECUTION_TAG;
  public static final String TAG_RAISES = Cell.RAISES_EXCEPTION_TAG;
  public static final String TAG_PARAMETERS = Cell.PARAMETERS_TAG;
  public static final String TAG_CHECK_OUTPUT = "check-output";

  private final NotebookFile notebook;
  private final List<NotebookFile.Cell> codeCells;
  private final NotebookOptions options;
  private final ObjectMapper json;
  private int visited; // code cells run or passed over so far, in order
  private long deadline;
  private KernelSession kernel;
  private CellOutcome firstFailure;
  private final List<CellOutcome> outcomes = new ArrayList<>();
  private long startedAtMillis;
  private final String journalName = java.util.UUID.randomUUID().toString();
  // The kernel names a stack frame by the execution count of the cell it is in ("cell 7, line 2");
  // a failure names it by the notebook's cell instead, as the test does.
  private final Map<Integer, String> cellByExecutionCount = new HashMap<>();
  private List<NotebookOptions.Sanitizer> sanitizers; // from sanitizers()
  private SmokeParameters parameterDeclarations; // read at the first cell
  private static final int OUTPUT_LINES = 20;
  // What a failure shows of the cell's output and error: enough to see what happened, not the
  // megabytes a cell may print or throw.
  private static final int OUTPUT_CHARS = 4_000;
  private static final int ERROR_LINE_CHARS = 1_000;
  private static final int ERROR_CHARS = 8_000;
  private static final Pattern KERNEL_FRAME = Pattern.compile("\\(cell (\\d+), line (\\d+)\\)");

  public NotebookExecution(NotebookFile notebook, NotebookOptions options, ObjectMapper json) {
    this.notebook = notebook;
    this.codeCells = notebook.cells().stream().filter(c -> "code".equals(c.type())).toList();
    this.options = options;
    this.json = json;
  }

  public NotebookFile notebook() {
    return notebook;
  }

  public List<CellOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** The first failed cell, if any. */
  public java.util.Optional<CellOutcome> firstFailure() {
    return java.util.Optional.ofNullable(firstFailure);
  }

  /** When the kernel was started (epoch millis; runs it logged started after this), or 0. */
  public long startedAtMillis() {
    return startedAtMillis;
  }

  /** Where the notebook's runs are logged: the configured server, else the ephemeral one. */
  public String trackingUri() {
    return trackingUri(options);
  }

  private static String trackingUri(NotebookOptions options) {
    return options.trackingUri() != null ? options.trackingUri() : EphemeralTracking.uri();
  }

  /**
   * The environment the kernel gets beyond the inherited one: the options' variables and the
   * tracking server (with a journal of its own when that server is the ephemeral one).
   */
  public Map<String, String> trackingEnvironment() {
    return trackingEnvironment(options, journalName);
  }

  /**
   * @param journalName a journal of its own per execution under the ephemeral server's, so
   *     notebooks running at once never share one
   */
  static Map<String, String> trackingEnvironment(NotebookOptions options, String journalName) {
    Map<String, String> env = new HashMap<>(options.env());
    env.put("TRACKBOOK_TRACKING_URI", trackingUri(options));
    if (options.trackingUri() == null) {
      env.putIfAbsent(
          "TRACKBOOK_JOURNAL_DIR", EphemeralTracking.journalDir().resolve(journalName).toString());
    }
    return env;
  }

  /** The code cells this execution will visit, in order. */
  public List<NotebookFile.Cell> codeCells() {
    return codeCells;
  }

  /**
   * Runs one code cell, after the code cells before it that have not run yet: a cell's test run
   * alone (an IDE's "run this test" or "rerun failed tests", which select it by its unique id) sees
   * what the cells above define, as after Jupyter's "run all above", instead of failing on a fresh
   * kernel. An earlier cell's failure leaves this one not run.
   */
  public synchronized CellOutcome run(NotebookFile.Cell cell) {
    int at = codeCells.indexOf(cell);
    while (visited < at) {
      runOne(codeCells.get(visited));
    }
    return runOne(cell);
  }

  /** Runs the code cells that have not run yet, e.g. before checking what the notebook logged. */
  public synchronized void runRemaining() {
    while (visited < codeCells.size()) {
      runOne(codeCells.get(visited));
    }
  }

  private CellOutcome runOne(NotebookFile.Cell cell) {
    visited = Math.max(visited, codeCells.indexOf(cell) + 1);
    if (deadline == 0) {
      // The notebook's time starts with its first cell, not when it was queued.
      deadline = System.nanoTime() + notebookLimit().toNanos();
    }
    CellOutcome outcome = execute(cell);
    outcomes.add(outcome);
    if (outcome.status() == CellOutcome.Status.FAILED && firstFailure == null) {
      firstFailure = outcome;
    }
    return outcome;
  }

  private CellOutcome execute(NotebookFile.Cell cell) {
    if (firstFailure != null) {
      return new CellOutcome(
          cell,
          CellOutcome.Status.NOT_RUN,
          "not run: " + firstFailure.cell().label() + " failed",
          Duration.ZERO,
          null);
    }
    if (parameterDeclarations == null) {
      // Checked before any cell runs, as the pipeline runner checks -p before its first cell.
      try {
        parameterDeclarations = SmokeParameters.of(notebook, smokeParameters());
      } catch (ConversionException e) {
        return fail(cell, e.getMessage(), Duration.ZERO, null);
      }
    }
    if (cell.tags().contains(TAG_SKIP)) {
      return new CellOutcome(
          cell, CellOutcome.Status.NOT_RUN, "tagged " + TAG_SKIP, Duration.ZERO, null);
    }
    long start = System.nanoTime();
    try {
      ensureKernel();
      Limit limit = timeoutFor(cell);
      ExecutionResult r = kernel.execute(cell.source(), limit.duration());
      ran(r, cell.name());
      CellOutcome out = judge(cell, r, limit, Duration.ofNanos(System.nanoTime() - start));
      if (out.status() == CellOutcome.Status.PASSED && cell.tags().contains(TAG_PARAMETERS)) {
        return injectParameters(cell, out);
      }
      return out;
    } catch (IOException e) {
      return fail(cell, e.getMessage(), Duration.ofNanos(System.nanoTime() - start), null);
    }
  }

  private CellOutcome judge(NotebookFile.Cell cell, ExecutionResult r, Limit limit, Duration took) {
    if ("timeout".equals(r.status())) {
      return fail(cell, exceeded(limit) + outputTail(r), took, r);
    }
    if (cell.tags().contains(TAG_RAISES)) {
      // The tag allows an error, as nbclient (nbmake, papermill) reads it, and the pipeline runner
      // too; it does not demand one.
      return new CellOutcome(cell, CellOutcome.Status.PASSED, null, took, r);
    }
    if (!r.ok()) {
      String trace =
          notebookFrames(String.join("\n", r.traceback()).replaceAll("\u001B\\[[;\\d]*m", ""));
      return fail(cell, error(r, trace) + outputTail(r), took, r);
    }
    if (cell.tags().contains(TAG_CHECK_OUTPUT)) {
      List<NotebookOptions.Sanitizer> sanitizers;
      try {
        sanitizers = sanitizers();
      } catch (IllegalArgumentException e) {
        return fail(cell, "cannot check the output: " + e.getMessage(), took, r);
      }
      String expected = sanitize(savedText(cell), sanitizers);
      String actual = sanitize(r.text(), sanitizers);
      if (!expected.equals(actual)) {
        return fail(
            cell,
            "output differs from the saved one\n--- saved\n" + expected + "\n+++ now\n" + actual,
            took,
            r);
      }
    }
    return new CellOutcome(cell, CellOutcome.Status.PASSED, null, took, r);
  }

  /** Runs the smoke parameters the parameters cell declares right after it. */
  private CellOutcome injectParameters(NotebookFile.Cell cell, CellOutcome passed)
      throws IOException {
    String code = parameterDeclarations.after(cell);
    if (code.isEmpty()) {
      return passed;
    }
    ExecutionResult r = kernel.execute(code, timeoutFor(cell).duration());
    ran(r, "the smoke parameters after " + cell.name());
    if (!r.ok()) {
      return fail(
          cell,
          "injecting smoke parameters "
              + smokeParameters()
              + " failed: "
              + r.ename()
              + ": "
              + r.evalue(),
          passed.duration(),
          r);
    }
    return passed;
  }

  /**
   * The smoke parameters: the notebook's metadata {@code trackbook.smoke_parameters}, then options.
   * Options given for a whole run ({@code -p}) pass over a notebook with no cell tagged {@code
   * parameters}, as papermill runs such a notebook as it is, so one {@code -p epochs=1} can smoke a
   * directory; its own metadata must name parameters it declares. Its pipeline gets the same.
   */
  public Map<String, Object> smokeParameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    JsonNode fromNotebook = notebook.metadata().path("trackbook").path("smoke_parameters");
    fromNotebook.fields().forEachRemaining(e -> p.put(e.getKey(), value(e.getValue())));
    if (notebook.cells().stream().anyMatch(c -> c.tags().contains(TAG_PARAMETERS))) {
      p.putAll(options.smokeParameters());
    }
    return p;
  }

  private static Object value(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    return n.asText();
  }

  private String savedText(NotebookFile.Cell cell) {
    JsonNode raw = rawCell(cell);
    StringBuilder sb = new StringBuilder();
    for (JsonNode o : raw.path("outputs")) {
      switch (o.path("output_type").asText()) {
        case "stream" -> sb.append(NotebookFile.source(o.path("text")));
        case "execute_result", "display_data" ->
            sb.append(NotebookFile.source(o.path("data").path("text/plain"))).append('\n');
        default -> {}
      }
    }
    return sb.toString();
  }

  private JsonNode rawCell(NotebookFile.Cell cell) {
    try {
      return json.readTree(notebook.path().toFile()).path("cells").path(cell.index());
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }

  /** A failed cell's error and its frames ({@code trace}), cut to a size a failure can show. */
  static String error(ExecutionResult r, String trace) {
    // The kernel's traceback says the message again: once is enough. It opens with it (a compile
    // error), or its first line names the error and its message ("java.lang.X: boom", a magic's
    // "UsageError: %metric: ...").
    String evalue = r.evalue() == null ? "" : r.evalue();
    int at = evalue.isBlank() ? -1 : trace.indexOf(evalue);
    String error =
        at == 0
            ? r.ename() + ": " + trace
            : at > 0 && trace.lastIndexOf('\n', at) < 0
                ? trace
                : r.ename() + ": " + evalue + (trace.isBlank() ? "" : "\n" + trace);
    // A huge message (the traceback repeats it) is cut on its line, so the frames after it stay.
    return Excerpt.head(Excerpt.headOfEachLine(error, ERROR_LINE_CHARS), ERROR_CHARS);
  }

  /**
   * What the cell printed before it failed, its last lines: in CI, where nobody sees the notebook,
   * often the only clue to what it was doing.
   */
  static String outputTail(ExecutionResult r) {
    List<String> lines = r.text().strip().lines().toList();
    if (lines.isEmpty()) {
      return "";
    }
    int from = Math.max(0, lines.size() - OUTPUT_LINES);
    String last = String.join("\n", lines.subList(from, lines.size()));
    List<String> cut = new ArrayList<>();
    if (from > 0) {
      cut.add("the last " + OUTPUT_LINES + " of " + lines.size() + " lines");
    }
    if (last.length() > OUTPUT_CHARS) {
      cut.add(
          (from > 0 ? "of them " : "")
              + "the last "
              + OUTPUT_CHARS
              + " of "
              + last.length()
              + " characters");
    }
    return "\n--- its output"
        + (cut.isEmpty() ? "" : " (" + String.join(", ", cut) + ")")
        + ":\n"
        + Excerpt.tail(last, OUTPUT_CHARS);
  }

  private void ran(ExecutionResult r, String cellName) {
    if (r.executionCount() != null) {
      cellByExecutionCount.put(r.executionCount(), cellName);
    }
  }

  /** The kernel's frames "(cell 7, line 2)" as "(cell 5 [a1b2], line 2)". */
  private String notebookFrames(String traceback) {
    Matcher m = KERNEL_FRAME.matcher(traceback);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String cell = cellByExecutionCount.get(Integer.parseInt(m.group(1)));
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              cell == null ? m.group() : "(" + cell + ", line " + m.group(2) + ")"));
    }
    return m.appendTail(out).toString();
  }

  /** The notebook's own sanitizers (metadata), then those of the options; read once. */
  private List<NotebookOptions.Sanitizer> sanitizers() {
    if (sanitizers == null) {
      List<NotebookOptions.Sanitizer> all =
          new ArrayList<>(Sanitizers.fromMetadata(notebook.metadata()));
      all.addAll(options.sanitizers());
      sanitizers = List.copyOf(all);
    }
    return sanitizers;
  }

  private static String sanitize(String s, List<NotebookOptions.Sanitizer> sanitizers) {
    String out = s.replace("\r\n", "\n").strip();
    for (NotebookOptions.Sanitizer z : sanitizers) {
      out = z.apply(out);
    }
    return out;
  }

  /** How long a cell may run, and whether that is what is left of the notebook's limit. */
  private record Limit(Duration duration, boolean notebookLimit) {}

  private String exceeded(Limit limit) {
    return limit.notebookLimit()
        ? "timed out: the notebook's limit of "
            + seconds(notebookLimit())
            + " s ran out in this cell, after "
            + seconds(limit.duration())
            + " s (interrupted)"
        : "timed out after " + seconds(limit.duration()) + " s (interrupted)";
  }

  /** Seconds as a limit is written, to the millisecond: 2, 0.5 (nbclient's timeout is a float). */
  static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  /** The cell's limit, capped by what is left of the notebook's. */
  private Limit timeoutFor(NotebookFile.Cell cell) throws IOException {
    Duration d = cellLimit(options, notebook.metadata(), cell.metadata());
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new IOException(
          "notebook time limit of " + seconds(notebookLimit()) + " s used up before this cell");
    }
    return d.toNanos() < left ? new Limit(d, false) : new Limit(Duration.ofNanos(left), true);
  }

  /**
   * A cell's own {@code metadata.execution.timeout}, else a limit set in the options, else the
   * notebook's {@code metadata.execution.timeout}, else the options' default. A metadata value of 0
   * or less means no limit (nbclient's -1), though the notebook's limit still applies.
   */
  static Duration cellLimit(NotebookOptions options, JsonNode notebookMeta, JsonNode cellMeta) {
    Duration own = seconds(cellMeta.path("execution").path("timeout"));
    if (own != null) {
      return own;
    }
    Duration fromNotebook = seconds(notebookMeta.path("execution").path("timeout"));
    return fromNotebook != null && !options.cellTimeoutSet() ? fromNotebook : options.cellTimeout();
  }

  /** How long the whole notebook may take, by {@link #notebookLimit(NotebookOptions, JsonNode)}. */
  public Duration notebookLimit() {
    return notebookLimit(options, notebook.metadata());
  }

  /**
   * The notebook's own {@code metadata.trackbook.notebook_timeout} (seconds, 0 or less for none)
   * unless the options set a limit; else the options' default.
   */
  static Duration notebookLimit(NotebookOptions options, JsonNode notebookMeta) {
    Duration own = seconds(notebookMeta.path("trackbook").path("notebook_timeout"));
    return own != null && !options.notebookTimeoutSet() ? own : options.notebookTimeout();
  }

  /** A metadata timeout in seconds; none (null) when absent, {@code MAX} for 0 or less. */
  private static Duration seconds(JsonNode value) {
    if (!value.isNumber()) {
      return null;
    }
    double s = value.asDouble();
    return s > 0 ? Duration.ofMillis((long) (s * 1000)) : MAX;
  }

  // "No limit" for a cell: the notebook's limit still applies.
  private static final Duration MAX = Duration.ofDays(365);

  private CellOutcome fail(NotebookFile.Cell cell, String why, Duration took, ExecutionResult r) {
    return new CellOutcome(
        cell,
        CellOutcome.Status.FAILED,
        notebook.name() + ", " + cell.label() + "\n" + why,
        took,
        r);
  }

  private void ensureKernel() throws IOException {
    if (kernel != null) {
      return;
    }
    boolean notebooksOwn = !options.forceKernel() && notebook.kernelName() != null;
    String name = notebooksOwn ? notebook.kernelName() : options.kernelName();
    KernelSpec spec;
    try {
      spec = KernelSpec.find(name, options.kernelPath(), json);
    } catch (KernelSpec.NotFound e) {
      // Installing Trackbook's kernel gives only Trackbook's kernel (not a python3 one).
      throw new IOException(
          e.getMessage()
              + (name.equals(NotebookOptions.TRACKBOOK_KERNEL)
                  ? " (install it: ./trackbook kernel install --user)"
                  : notebooksOwn
                      ? " (the notebook's metadata.kernelspec; run it on another kernelspec with"
                          + " --kernel NAME, or trackbook.kernel in JUnit)"
                      : ""),
          e);
    }
    Map<String, String> env = trackingEnvironment();
    // Jupyter tells kernels which notebook they serve; provenance tags read it.
    env.put("JPY_SESSION_NAME", notebook.path().toAbsolutePath().toString());
    Path dir =
        options.workDir() != null
            ? options.workDir()
            : notebook.path().toAbsolutePath().getParent();
    startedAtMillis = System.currentTimeMillis();
    // Generous: a JVM kernel on a loaded 2-core CI machine can take a minute to answer.
    kernel = KernelSession.start(spec, dir, env, Duration.ofMinutes(3));
    awaitTracking(options); // the ephemeral server started meanwhile; cells may call it at once
  }

  /** Waits for the ephemeral tracking server when that is where runs go. */
  static void awaitTracking(NotebookOptions options) throws IOException {
    if (options.trackingUri() == null) {
      EphemeralTracking.awaitReady();
    }
  }

  /**
   * Starts the ephemeral tracking server in the background when runs go there, so it is up by the
   * time the first kernel is.
   */
  static void prepareTracking(NotebookOptions options) {
    if (options.trackingUri() == null) {
      EphemeralTracking.uri();
    }
  }

  /** Stops the kernel (which ends its tracked run). */
  @Override
  public synchronized void close() {
    if (kernel != null) {
      kernel.close();
      kernel = null;
    }
  }
}
