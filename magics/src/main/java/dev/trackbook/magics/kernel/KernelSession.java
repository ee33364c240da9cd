package dev.trackbook.magics.kernel;

import dev.trackbook.magics.Magic;
import dev.trackbook.magics.NotebookSession;
import dev.trackbook.magics.args.MagicTokenizer;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.provenance.Provenance;
import dev.trackbook.magics.provenance.SourceHash;
import dev.trackbook.magics.tracking.RunMagic;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * The magics' view of one kernel: code runs in the user's JShell through {@link
 * BaseKernel#evalRaw}, output goes to the executing cell. Also the per-session state: which runs
 * already carry provenance tags, and whether the server answers.
 */
final class KernelSession implements NotebookSession {

  private final BaseKernel kernel;
  private final ServerWatch serverWatch = new ServerWatch();
  private final Set<String> runsWithProvenance = ConcurrentHashMap.newKeySet();
  private volatile String trackingUri;

  // Our own evaluations in progress: the kernel reports them as cells too, but they are not the
  // user's.
  private final AtomicInteger ownEvals = new AtomicInteger();
  // Cells executed in this session whose hashes no run has yet; logged after the next cell that
  // logs.
  private final List<Map.Entry<String, String>> pendingCellTags = new ArrayList<>();

  // Lambdas evaluated once (see compiled); bounded for a notebook that logs many differently named
  // metrics.
  private final Map<String, Compiled> compiledLambdas =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
              return size() > 256;
            }
          });
  private int cellCount;
  private volatile boolean loggedInThisCell;
  // A magic logged from a thread of the cell's own: its afterLogging waits for the cell's end.
  private volatile boolean bookkeepingAfterCell;
  private volatile boolean kernelShowsCellMagicValues;

  KernelSession(BaseKernel kernel) {
    this.kernel = kernel;
  }

  /** Runs a line magic: parse with its schema, run, then the bookkeeping of a logging call. */
  Object runLine(Magic magic, List<String> args) {
    return run(magic, asWritten(args), null);
  }

  /**
   * The arguments split by {@link MagicTokenizer}, as a converted pipeline reads them, from the
   * text as written, which the Trackbook kernel hands over with jjava's split (the list is a {@code
   * Supplier} of it); other kernels' split as it is.
   */
  static List<String> asWritten(List<String> args) {
    return args instanceof Supplier<?> written && written.get() instanceof String text
        ? MagicTokenizer.split(text)
        : args;
  }

  /**
   * Runs a cell magic on {@code body}. The Trackbook kernel shows the value the magic returns (the
   * {@code %%track} body's last expression) as the cell's result; a stock JJava kernel turns a cell
   * magic into a statement, so the value is displayed here, where it would otherwise be lost.
   */
  Object runCell(Magic magic, List<String> args, String body) {
    Object value = run(magic, args, body);
    if (value != null && !kernelShowsCellMagicValues) {
      kernel.display(kernel.getRenderer().render(value));
    }
    return value;
  }

  /** The kernel shows a cell magic's value as the cell's result (the Trackbook kernel does). */
  void kernelShowsCellMagicValues() {
    kernelShowsCellMagicValues = true;
  }

  /**
   * {@code %name?}: prints the help generated from the schemas of the magics called {@code name}.
   */
  Object help(List<Magic> magics) {
    StringBuilder sb = new StringBuilder();
    for (Magic m : magics) {
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      sb.append(m.schema().help());
    }
    System.out.print(sb);
    System.out.flush();
    return null;
  }

  /**
   * Called by the Trackbook kernel after each cell with its source as written. Records the cell's
   * sha256; when the cell logged to a run, the hashes of the cells executed so far that no run has
   * yet are tagged on that run ({@code trackbook.cell.N.sha256}, N counting this session's cells),
   * so a run says what code produced it.
   */
  void cellExecuted(String source) {
    if (ownEvals.get() > 0) {
      return;
    }
    if (bookkeepingAfterCell) {
      bookkeepingAfterCell = false;
      afterLogging();
    }
    List<Map.Entry<String, String>> toLog;
    synchronized (pendingCellTags) {
      cellCount++;
      pendingCellTags.add(
          Map.entry("trackbook.cell." + cellCount + ".sha256", SourceHash.sha256(source)));
      if (!loggedInThisCell) {
        return;
      }
      loggedInThisCell = false;
      toLog = new ArrayList<>(pendingCellTags);
      pendingCellTags.clear();
    }
    BiConsumer<String, String> tag = notebookTag();
    toLog.forEach(t -> tag.accept(t.getKey(), t.getValue()));
  }

  /** {@code Tracking.tag} as the notebook's code sees it ({@link #compiled}). */
  @SuppressWarnings("unchecked")
  private BiConsumer<String, String> notebookTag() {
    return (BiConsumer<String, String>)
        compiled(
            "(java.util.function.BiConsumer<String, String>) (k, v) -> " + TRACKING + ".tag(k, v)",
            false);
  }

  /** The active run's local key, as the notebook's code sees it ({@link #compiled}). */
  @SuppressWarnings("unchecked")
  private Object activeRunKey() {
    return ((Supplier<Object>)
            compiled(
                "(java.util.function.Supplier<Object>) () -> "
                    + TRACKING
                    + ".activeRun().localKey()",
                false))
        .get();
  }

  /**
   * The value of a lambda expression evaluated in the notebook's JShell once and then called
   * directly: the magics' bookkeeping and a {@code %metric} in a loop compiled a JShell snippet per
   * call (7-40 ms, against microseconds for the logging itself), and they must reach the tracking
   * client the user's code uses. A lambda that reads the notebook's own variables ({@code
   * readsNotebookNames}) is evaluated again when the kernel's {@code declarationsVersion} changed,
   * since a redeclared variable is another field; one that names only {@code Tracking} is kept.
   */
  private Object compiled(String lambda, boolean readsNotebookNames) {
    long version =
        readsNotebookNames ? TrackbookKernelHooks.declarationsVersion(kernel) : Long.MIN_VALUE;
    Compiled c = compiledLambdas.get(lambda);
    if (c == null || c.version() != version) {
      // Evaluating the lambda declares nothing: the version it was made under is still current.
      c = new Compiled(eval(lambda), version);
      compiledLambdas.put(lambda, c);
    }
    return c.fn();
  }

  private record Compiled(Object fn, long version) {}

  /** {@code %run end} ran: the cell's hashes wait for the next run. */
  void runEnded() {
    loggedInThisCell = false;
  }

  private Object run(Magic magic, List<String> args, String body) {
    ParsedArgs parsed = magic.schema().parse(args);
    Object value;
    try {
      value = magic.run(this, parsed, body);
    } catch (RuntimeException e) {
      // The Java a line magic wrote; a cell magic's body is the user's code, its errors as is.
      String why = body == null ? MagicCompileErrors.oneLine(e) : null;
      if (why == null) {
        throw e;
      }
      throw parsed.usageError(why);
    }
    ran(magic, parsed);
    return value;
  }

  /**
   * The bookkeeping after a magic logged: also called for a magic whose Java ran inlined in a block
   * ({@link InlinedMagics}).
   */
  void ran(Magic magic, ParsedArgs parsed) {
    if (magic instanceof RunMagic && !magic.logsToRun(parsed)) {
      runEnded();
    }
    if (magic.logsToRun(parsed)) {
      loggedInThisCell = true;
      if (wouldWaitForTheRunningCell()) {
        // A thread the cell started (a parallel stream's): evaluating from it would wait for the
        // cell, which may be waiting for this very thread. Done after the cell instead.
        bookkeepingAfterCell = true;
        return;
      }
      afterLogging();
    }
  }

  /** The server check and the active run's provenance, after a magic logged. */
  private void afterLogging() {
    String warning = serverWatch.warningFor(trackingUri());
    if (warning != null) {
      warn(warning);
    }
    ensureProvenance();
  }

  /** Tags the active run with where it came from, once per run. */
  private void ensureProvenance() {
    Object key = activeRunKey();
    if (key == null || !runsWithProvenance.add(key.toString())) {
      return;
    }
    List<String> classpath = new ArrayList<>(List.of(System.getProperty("java.class.path", "")));
    if (TrackbookKernelHooks.isTrackbookKernel(kernel)) {
      classpath.addAll(TrackbookKernelHooks.addedClasspath(kernel));
    }
    // Through the compiled tag lambda: as statements, each of the ~9 tags was a JShell snippet of
    // its own (~30 ms each in a fresh kernel) on the first logging call of every run.
    Provenance.tags(
            Path.of("").toAbsolutePath(),
            System.getenv(),
            String.join(File.pathSeparator, classpath))
        .forEach(notebookTag());
  }

  private boolean wouldWaitForTheRunningCell() {
    return TrackbookKernelHooks.isTrackbookKernel(kernel)
        && TrackbookKernelHooks.wouldWaitForTheRunningCell(kernel);
  }

  @Override
  public Object eval(String javaSource) {
    if (wouldWaitForTheRunningCell()) {
      // It would wait for the cell, which may be waiting for this thread (a parallel stream's):
      // refused at once instead of hanging the kernel.
      throw new IllegalStateException(
          "this magic cannot run in a thread the cell started while the cell runs;"
              + " call it in the cell itself");
    }
    ownEvals.incrementAndGet();
    try {
      return kernel.evalRaw(javaSource);
    } finally {
      ownEvals.decrementAndGet();
    }
  }

  /**
   * In the Trackbook kernel, statements are compiled once as a lambda and rerun ({@link
   * #compiled}); a {@code %metric loss=loss} in a loop reads the variable as it is at each step.
   * Other kernels evaluate them each time: they have no declarations version to know when a
   * compiled form goes stale.
   */
  @Override
  public void run(String statements) {
    if (!TrackbookKernelHooks.isTrackbookKernel(kernel)) {
      eval(statements);
      return;
    }
    ((Runnable) compiled("(java.lang.Runnable) () -> {\n" + statements + "\n}", true)).run();
  }

  @Override
  public void displayHtml(String html) {
    DisplayData data = new DisplayData();
    data.putHTML(html);
    kernel.display(data);
  }

  @Override
  public void displayPng(byte[] png) {
    DisplayData data = new DisplayData();
    data.putData(MIMEType.IMAGE_PNG, Base64.getEncoder().encodeToString(png));
    kernel.display(data);
  }

  @Override
  public void print(String line) {
    System.out.println(line);
    System.out.flush();
  }

  @Override
  public void warn(String line) {
    System.err.println(line);
    System.err.flush();
  }

  @Override
  public String trackingUri() {
    String uri = trackingUri;
    if (uri == null) {
      // Ask the client the user's code uses: it resolved the environment variables already.
      uri = String.valueOf(eval(TRACKING + ".client().trackingUri()"));
      trackingUri = uri;
    }
    return uri;
  }

  @Override
  public void trackingUriChanged(String uri) {
    trackingUri = uri;
  }
}
