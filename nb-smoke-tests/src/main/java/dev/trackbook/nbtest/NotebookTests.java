package dev.trackbook.nbtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.converter.percent.PipelineHeader;
import dev.trackbook.converter.run.PipelineProcess;
import dev.trackbook.converter.run.PipelineRunner;
import dev.trackbook.nbtest.parity.PipelineExecution;
import dev.trackbook.nbtest.parity.RunParity;
import dev.trackbook.nbtest.parity.RunSets;
import dev.trackbook.nbtest.parity.TrackedRun;
import dev.trackbook.nbtest.parity.TrackingQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Notebooks as JUnit 5 tests: one container per notebook, one test per code cell, run in order
 * through the real kernel. Use it from a {@code @TestFactory}:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicNode> notebooks() {
 *   return NotebookTests.in(Path.of("notebooks")).options(NotebookOptions.defaults()).tests();
 * }
 * }</pre>
 *
 * <p>A failing cell's test fails with the notebook, cell index and id, first source line and the
 * error; the cells after it are reported as aborted (not run). Each notebook gets its own kernel
 * process and connection ports, so notebooks may run in parallel.
 *
 * <p>After its cells, each notebook has a test that every run it logged ended {@code FINISHED},
 * and, when a converted pipeline of it is among the inputs, a <b>pipeline parity</b> test: the
 * pipeline runs with the same smoke parameters and must log the same runs, param keys and values,
 * metric keys, and metric values within {@link RunParity.Settings}; differences are reported cell
 * by cell. A pipeline whose notebook is not among the inputs gets a test that it runs to the end.
 */
public final class NotebookTests {
  private static final Duration SETTLE = Duration.ofSeconds(20);

  private static final java.util.concurrent.Executor KERNEL_CLOSER =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "trackbook-kernel-close");
            t.setDaemon(true);
            return t;
          });

  private final List<Path> notebooks;
  private final List<Path> pipelines;
  private final List<String> unreadable;
  private NotebookOptions options = NotebookOptions.defaults();
  private RunParity.Settings parity = RunParity.Settings.defaults();
  private int parallelism = 1;
  private Map<String, Duration> previousDurations = Map.of();
  private Set<Integer> toStart; // null: all

  private NotebookTests(List<Path> notebooks, List<Path> pipelines, List<String> unreadable) {
    this.notebooks = notebooks;
    this.pipelines = pipelines;
    this.unreadable = unreadable;
  }

  /**
   * Every {@code *.ipynb} and every converted pipeline script ({@code *.java} with a Trackbook
   * pipeline header) under the given directories (recursively) or the given files, sorted by path.
   * A {@code .java} file named explicitly that is not a pipeline becomes a failing test.
   */
  public static NotebookTests in(Path... dirsOrFiles) {
    List<Path> found = new ArrayList<>();
    List<Path> scripts = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    for (Path p : dirsOrFiles) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(f -> !f.toString().contains(".ipynb_checkpoints"))
              .sorted()
              .forEach(
                  f -> {
                    if (f.toString().endsWith(".ipynb")) {
                      found.add(f);
                    } else if (f.toString().endsWith(".java") && pipelineHeader(f) != null) {
                      scripts.add(f);
                    }
                  });
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (p.toString().endsWith(".java")) {
        if (pipelineHeader(p) != null) {
          scripts.add(p);
        } else {
          unreadable.add(p + " is not a converted pipeline script (no Trackbook pipeline header)");
        }
      } else {
        found.add(p);
      }
    }
    // A notebook named twice (`notebooks notebooks/a.ipynb`) would run twice at once, in the same
    // directory, each taking the other's runs for its own.
    return new NotebookTests(distinct(found), distinct(scripts), unreadable);
  }

  private static List<Path> distinct(List<Path> paths) {
    Map<Path, Path> byFile = new LinkedHashMap<>();
    paths.forEach(p -> byFile.putIfAbsent(p.toAbsolutePath().normalize(), p));
    return new ArrayList<>(byFile.values());
  }

  public NotebookTests options(NotebookOptions o) {
    this.options = o;
    return this;
  }

  /** How strictly pipeline parity compares metric values. */
  public NotebookTests parity(RunParity.Settings settings) {
    this.parity = settings;
    return this;
  }

  /**
   * How many notebooks run at once (default 1). With more, every notebook starts executing when
   * {@link #tests()} is called, each on its own kernel, cells in order; the tests report the
   * outcomes as they arrive, in the same tree as a sequential run.
   */
  public NotebookTests parallel(int notebooksAtOnce) {
    if (notebooksAtOnce < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + notebooksAtOnce);
    }
    this.parallelism = notebooksAtOnce;
    return this;
  }

  /**
   * In a parallel run, starts only the notebooks at these positions (1-based, in {@link
   * #notebooks()} order, as JUnit numbers the dynamic containers) up front: what an IDE selected.
   * The tree still has every notebook; JUnit leaves out the unselected ones, which then never start
   * (were one executed after all, it would run as in a sequential run).
   */
  public NotebookTests onlyStart(Set<Integer> notebookPositions) {
    this.toStart = Set.copyOf(notebookPositions);
    return this;
  }

  /**
   * How long each notebook (by file name) took in an earlier run, e.g. from its JUnit XML. In a
   * parallel run notebooks then start longest first, so the last one to finish is a short one
   * instead of a long one started late. A notebook without a duration here is placed by the run
   * time recorded in the notebook itself ({@link NotebookFile#recordedRunTime()}: a clean CI
   * checkout has no earlier reports, but notebooks saved after a run carry their cells' timing);
   * notebooks without either start first (they may be long). Reports keep the notebooks' order.
   */
  public NotebookTests previousDurations(Map<String, Duration> byNotebookName) {
    this.previousDurations = Map.copyOf(byNotebookName);
    return this;
  }

  public List<Path> notebooks() {
    return List.copyOf(notebooks);
  }

  public List<Path> pipelines() {
    return List.copyOf(pipelines);
  }

  /** The dynamic test tree; nothing runs until JUnit executes it. */
  public Stream<DynamicNode> tests() {
    if (!notebooks.isEmpty() || !pipelines.isEmpty()) {
      NotebookExecution.prepareTracking(options);
    }
    ObjectMapper json = new ObjectMapper();
    Map<Path, List<Path>> pipelinesOf = new LinkedHashMap<>();
    List<Path> standalone = new ArrayList<>();
    Set<Path> notebookSet = new TreeSet<>();
    notebooks.forEach(n -> notebookSet.add(n.toAbsolutePath().normalize()));
    for (Path script : pipelines) {
      Path nb = notebookOf(script);
      if (nb != null && notebookSet.contains(nb)) {
        pipelinesOf.computeIfAbsent(nb, k -> new ArrayList<>()).add(script);
      } else {
        standalone.add(script);
      }
    }
    java.util.concurrent.ExecutorService pool =
        parallelism > 1
            ? java.util.concurrent.Executors.newFixedThreadPool(
                parallelism,
                r -> {
                  Thread t = new Thread(r, "trackbook-notebook");
                  t.setDaemon(true);
                  return t;
                })
            : null;
    // Built eagerly when parallel, so every notebook is queued before JUnit walks the tree.
    List<DynamicNode> nodes = new ArrayList<>();
    List<Queued> queue = new ArrayList<>();
    Map<Path, String> names = displayNames(notebooks);
    for (Path p : notebooks) {
      // One not started up front runs its cells on JUnit's thread, as in a sequential run, should
      // JUnit execute it after all.
      boolean upFront = pool != null && (toStart == null || toStart.contains(nodes.size() + 1));
      nodes.add(
          notebookContainer(
              p,
              names.get(p),
              pipelinesOf.getOrDefault(p.toAbsolutePath().normalize(), List.of()),
              json,
              upFront ? queue : null));
    }
    if (pool != null) {
      longestFirst(queue, previousDurations).forEach(q -> pool.execute(q.run()));
      pool.shutdown(); // queued notebooks still run; the threads end with the last one
    }
    Stream<DynamicNode> nbTests = nodes.stream();
    Map<Path, String> pipelineNames = displayNames(standalone);
    Stream<DynamicNode> plTests =
        standalone.stream().map(p -> pipelineContainer(p, pipelineNames.get(p)));
    Stream<DynamicNode> bad =
        unreadable.stream()
            .map(
                why ->
                    DynamicTest.dynamicTest(
                        why,
                        () -> {
                          throw failure(why);
                        }));
    return Stream.concat(Stream.concat(nbTests, plTests), bad);
  }

  /**
   * A notebook's whole run (cells, kernel shutdown, pipelines) waiting for a pool thread.
   *
   * @param recordedRunTime how long its cells took when it was saved, or null
   */
  record Queued(String notebookName, Duration recordedRunTime, Runnable run) {}

  /**
   * Longest first, by the earlier run's duration or else the notebook's recorded run time; unknown
   * ones before all (they may be long); otherwise in the given order.
   */
  static List<Queued> longestFirst(List<Queued> queue, Map<String, Duration> durations) {
    Duration unknown = Duration.ofSeconds(Long.MAX_VALUE);
    List<Queued> ordered = new ArrayList<>(queue);
    ordered.sort(
        Comparator.comparing(
                (Queued q) ->
                    durations.getOrDefault(
                        q.notebookName(),
                        q.recordedRunTime() == null ? unknown : q.recordedRunTime()))
            .reversed());
    return ordered;
  }

  private static PipelineHeader pipelineHeader(Path script) {
    try {
      return new PercentReader().read(script).header();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether {@code script} has parameters: a run's {@code -p} passes over one without any. */
  private static boolean declaresParameters(Path script) {
    PipelineHeader header = pipelineHeader(script);
    return header == null || !header.parameters().isEmpty();
  }

  /** The tag the pipeline runner puts on a run of {@code script}, by the runner's own rule. */
  private static String scriptTag(Path script) {
    PipelineHeader header = pipelineHeader(script);
    return PipelineRunner.scriptTag(script, header == null ? null : header.source());
  }

  /** The notebook a pipeline was converted from, where it would be on disk. */
  private static Path notebookOf(Path script) {
    PipelineHeader header = pipelineHeader(script);
    if (header == null || header.source() == null) {
      return null;
    }
    return PipelineProcess.workingDirectory(script)
        .resolve(Path.of(header.source()).getFileName())
        .toAbsolutePath()
        .normalize();
  }

  /**
   * Each notebook's (or standalone pipeline's) name in tests and reports: its file name, or where
   * two inputs share one, its path (relative to the working directory when under it), so neither
   * report nor failure is ambiguous.
   */
  static Map<Path, String> displayNames(List<Path> notebooks) {
    Map<String, Long> uses =
        notebooks.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    p -> p.getFileName().toString(), java.util.stream.Collectors.counting()));
    Path cwd = Path.of("").toAbsolutePath();
    Map<Path, String> names = new LinkedHashMap<>();
    for (Path p : notebooks) {
      String file = p.getFileName().toString();
      Path abs = p.toAbsolutePath().normalize();
      names.put(
          p,
          uses.get(file) == 1
              ? file
              : (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString());
    }
    return names;
  }

  /** The notebook's tests; with a {@code queue} (parallel runs) also its run, queued there. */
  private DynamicNode notebookContainer(
      Path path, String name, List<Path> scripts, ObjectMapper json, List<Queued> queue) {
    NotebookFile nb;
    try {
      nb = NotebookFile.read(path, json).withName(name);
    } catch (IOException e) {
      // A container like any notebook's, so its report and progress line carry its name.
      return DynamicContainer.dynamicContainer(
          name,
          path.toUri(),
          Stream.of(
              DynamicTest.dynamicTest(
                  name + ": readable",
                  () -> {
                    throw failure(e.getMessage());
                  })));
    }
    NotebookExecution exec = new NotebookExecution(nb, options, json);
    List<DynamicNode> children = new ArrayList<>();
    List<NotebookFile.Cell> cells = exec.codeCells();
    // Sequential: each cell's test runs it. Parallel: a pool thread runs them all in order and
    // each test waits for its cell's outcome.
    List<CompletableFuture<CellOutcome>> outcomes = new ArrayList<>();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    // Parallel: the pool thread that ran the notebook runs its pipelines next, so they run beside
    // other notebooks instead of one after another on JUnit's thread (bench/notebooks); never
    // beside their own notebook, which writes the same files in the same directory.
    Map<Path, CompletableFuture<PipelineExecution.Result>> pipelineRuns = new LinkedHashMap<>();
    boolean parallel = queue != null;
    cells.forEach(c -> ExecutionRecords.forget(cellUri(path, c)));
    scripts.forEach(sc -> ExecutionRecords.forget(parityUri(sc)));
    if (parallel) {
      cells.forEach(c -> outcomes.add(new CompletableFuture<>()));
      scripts.forEach(sc -> pipelineRuns.put(sc, new CompletableFuture<>()));
      queue.add(
          new Queued(
              nb.name(),
              nb.recordedRunTime().orElse(null),
              () -> runQueued(path, exec, cells, outcomes, finished, pipelineRuns)));
    } else {
      finished.complete(null);
    }
    for (int i = 0; i < cells.size(); i++) {
      NotebookFile.Cell cell = cells.get(i);
      boolean last = i == cells.size() - 1;
      int index = i;
      children.add(
          DynamicTest.dynamicTest(
              cell.label(),
              cellUri(path, cell),
              () -> {
                if (parallel) {
                  check(waitFor(outcomes.get(index)));
                  return;
                }
                try {
                  CellOutcome o = exec.run(cell);
                  ExecutionRecords.record(cellUri(path, cell), o.duration(), o.result());
                  check(o);
                } finally {
                  if (last) {
                    exec.close();
                  }
                }
              }));
    }
    // Sequential: a check selected without the cells' tests (an IDE's rerun) runs them first.
    org.junit.jupiter.api.function.Executable cellsDone =
        parallel ? () -> waitFor(finished) : exec::runRemaining;
    if (cells.isEmpty()) {
      // Nothing to run passes, as in nbmake and papermill.
      children.add(DynamicTest.dynamicTest("no code cells: nothing to run", () -> {}));
    } else {
      children.add(
          DynamicTest.dynamicTest(
              "tracked runs end FINISHED",
              () -> {
                cellsDone.execute();
                checkFinished(exec);
              }));
    }
    for (Path script : scripts) {
      children.add(
          DynamicTest.dynamicTest(
              "pipeline parity: " + script,
              parityUri(script),
              () -> {
                cellsDone.execute();
                checkParity(exec, script, pipelineRuns.get(script));
              }));
    }
    return DynamicContainer.dynamicContainer(nb.name(), path.toUri(), children.stream());
  }

  /**
   * A parallel notebook's run on a pool thread: its cells in order, its kernel's shutdown, then its
   * pipelines, each outcome completing the future its test waits for.
   */
  private void runQueued(
      Path path,
      NotebookExecution exec,
      List<NotebookFile.Cell> cells,
      List<CompletableFuture<CellOutcome>> outcomes,
      CompletableFuture<Void> finished,
      Map<Path, CompletableFuture<PipelineExecution.Result>> pipelineRuns) {
    try {
      for (int i = 0; i < cells.size(); i++) {
        CellOutcome o = exec.run(cells.get(i));
        ExecutionRecords.record(cellUri(path, cells.get(i)), o.duration(), o.result());
        outcomes.get(i).complete(o);
      }
    } catch (RuntimeException | Error e) {
      outcomes.forEach(f -> f.completeExceptionally(e));
    } finally {
      if (pipelineRuns.isEmpty()) {
        // The kernel's shutdown (its runs ending, its JVM exiting) needs no pool thread: the next
        // notebook starts now.
        KERNEL_CLOSER.execute(
            () -> {
              try {
                exec.close();
                finished.complete(null);
              } catch (RuntimeException | Error e) {
                finished.completeExceptionally(e);
              }
            });
      } else {
        exec.close();
        finished.complete(null);
      }
    }
    pipelineRuns.forEach(
        (script, result) -> {
          long start = System.nanoTime();
          try {
            result.complete(ranToTheEnd(exec) ? runPipeline(exec, script) : null);
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
          ExecutionRecords.record(parityUri(script), Duration.ofNanos(System.nanoTime() - start));
        });
  }

  private DynamicNode pipelineContainer(Path script, String name) {
    return DynamicContainer.dynamicContainer(
        name,
        script.toUri(),
        Stream.of(
            DynamicTest.dynamicTest(
                "runs every cell",
                () -> {
                  NotebookExecution.awaitTracking(options);
                  PipelineExecution.Result r =
                      PipelineExecution.run(
                          script,
                          declaresParameters(script) ? options.smokeParameters() : Map.of(),
                          NotebookExecution.trackingEnvironment(
                              options, script.getFileName().toString()),
                          options.notebookTimeout());
                  if (!r.ok()) {
                    throw failure(script + " failed:\n" + tail(r.output()));
                  }
                  String uri =
                      NotebookExecution.trackingEnvironment(
                              options, script.getFileName().toString())
                          .get("TRACKBOOK_TRACKING_URI");
                  String tag = scriptTag(script);
                  List<TrackedRun> runs =
                      assertFinished(
                          script.toString(),
                          () ->
                              RunSets.ofPipeline(new TrackingQuery(uri), tag, r.startedAtMillis()));
                  // The runner always logs a run: none found means none was checked.
                  if (RunSets.wrapper(runs, tag).isEmpty()) {
                    throw failure(script + " logged no run of its own (tag " + tag + ")");
                  }
                })));
  }

  private void checkFinished(NotebookExecution exec) throws Exception {
    exec.close(); // ends the kernel, which ends its runs
    if (exec.firstFailure().isPresent()) {
      throw notRun("not checked: " + exec.firstFailure().get().cell().label() + " failed");
    }
    if (exec.startedAtMillis() == 0) {
      throw notRun("not checked: no cell ran");
    }
    String nbPath = exec.notebook().path().toAbsolutePath().toString();
    TrackingQuery query = new TrackingQuery(exec.trackingUri());
    assertFinished(
        exec.notebook().name(), () -> RunSets.ofNotebook(query, nbPath, exec.startedAtMillis()));
  }

  private interface RunFetch {
    List<TrackedRun> fetch() throws IOException;
  }

  /** Waits a little for the journal to deliver the last status updates, then asserts. */
  private static List<TrackedRun> assertFinished(String what, RunFetch fetch) throws Exception {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    List<TrackedRun> runs = fetch.fetch();
    while (!allFinished(runs) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      runs = fetch.fetch();
    }
    List<String> bad = new ArrayList<>();
    for (TrackedRun r : runs) {
      if (!"FINISHED".equals(r.status())) {
        bad.add(r.name() + " (" + r.runId() + ") is " + r.status());
      }
    }
    if (!bad.isEmpty()) {
      throw failure(what + ": runs that did not end FINISHED: " + String.join("; ", bad));
    }
    return runs;
  }

  private static boolean allFinished(List<TrackedRun> runs) {
    return runs.stream().allMatch(TrackedRun::finished);
  }

  private static boolean ranToTheEnd(NotebookExecution exec) {
    return exec.firstFailure().isEmpty() && exec.startedAtMillis() != 0;
  }

  private PipelineExecution.Result runPipeline(NotebookExecution exec, Path script)
      throws IOException, InterruptedException {
    return PipelineExecution.run(
        script, exec.smokeParameters(), exec.trackingEnvironment(), exec.notebookLimit());
  }

  /**
   * Compares the runs of a notebook and of its pipeline; {@code pending} is the pipeline's run when
   * a pool thread started it already (null: run it now).
   */
  private void checkParity(
      NotebookExecution exec, Path script, CompletableFuture<PipelineExecution.Result> pending)
      throws Exception {
    exec.close();
    if (!ranToTheEnd(exec)) {
      throw notRun("not compared: the notebook did not run to the end");
    }
    String nbPath = exec.notebook().path().toAbsolutePath().toString();
    TrackingQuery query = new TrackingQuery(exec.trackingUri());
    List<TrackedRun> nbRuns =
        assertFinished(
            exec.notebook().name(),
            () -> RunSets.ofNotebook(query, nbPath, exec.startedAtMillis()));
    PipelineExecution.Result r = pending != null ? waitFor(pending) : runPipeline(exec, script);
    if (!r.ok()) {
      throw failure(
          "pipeline parity: " + script + " failed where the notebook passed:\n" + tail(r.output()));
    }
    String tag = scriptTag(script);
    List<TrackedRun> plRuns =
        assertFinished(
            script.toString(), () -> RunSets.ofPipeline(query, tag, r.startedAtMillis()));
    TrackedRun wrapper =
        RunSets.wrapper(plRuns, tag)
            .orElseThrow(() -> failure(script + " logged no run of its own"));
    Set<String> declared = new TreeSet<>();
    PipelineHeader header = pipelineHeader(script);
    if (header != null) {
      header.parameters().forEach(p -> declared.add(p.name()));
    }
    RunParity.Settings settings;
    try {
      settings = parity.forNotebook(exec.notebook().metadata());
    } catch (IllegalArgumentException e) {
      throw failure("pipeline parity: " + exec.notebook().name() + ": " + e.getMessage());
    }
    List<RunParity.Difference> diffs =
        RunParity.compare(exec.notebook(), nbRuns, plRuns, wrapper.runId(), declared, settings);
    if (!diffs.isEmpty()) {
      throw failure(
          "pipeline parity: "
              + script
              + " does not log what "
              + exec.notebook().name()
              + " logs ("
              + settings.describe()
              + "):\n"
              + RunParity.report(diffs));
    }
  }

  private static <T> T waitFor(CompletableFuture<T> future) throws Exception {
    try {
      return future.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  private static String tail(String output) {
    String[] lines = output.strip().split("\n");
    int from = Math.max(0, lines.length - 15);
    return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }

  private static URI cellUri(Path path, NotebookFile.Cell cell) {
    return URI.create(path.toUri() + "#cell=" + cell.index());
  }

  /** With a fragment, like a cell's: JUnit keeps such a URI as given (ExecutionRecords keys). */
  private static URI parityUri(Path script) {
    return URI.create(script.toUri() + "#parity");
  }

  private static void check(CellOutcome o) {
    switch (o.status()) {
      case PASSED -> {}
      case NOT_RUN -> throw notRun(o.message());
      case FAILED -> throw failure(o.message());
    }
  }

  /**
   * A test's failure, without the runner's frames: the message says what failed (a cell's with the
   * notebook's own frames); the runner's would only bury it in every report and console.
   */
  private static AssertionFailedError failure(String message) {
    AssertionFailedError failure = new AssertionFailedError(message);
    failure.setStackTrace(new StackTraceElement[0]);
    return failure;
  }

  /** A test not run (an earlier cell failed), without the runner's frames, as {@link #failure}. */
  private static TestAbortedException notRun(String why) {
    TestAbortedException notRun = new TestAbortedException(why);
    notRun.setStackTrace(new StackTraceElement[0]);
    return notRun;
  }
}
