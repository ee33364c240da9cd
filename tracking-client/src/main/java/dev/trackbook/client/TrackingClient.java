package dev.trackbook.client;

import dev.trackbook.client.flush.Flusher;
import dev.trackbook.client.journal.Journal;
import dev.trackbook.client.journal.JournalEntry;
import dev.trackbook.client.journal.JournalPosition;
import dev.trackbook.client.journal.JournalWriteException;
import dev.trackbook.client.journal.ResolvedRun;
import dev.trackbook.client.model.ModelDescriptor;
import dev.trackbook.client.model.ModelFiles;
import dev.trackbook.client.model.ModelFlavor;
import dev.trackbook.client.model.ModelRegistry;
import dev.trackbook.client.model.ModelUri;
import dev.trackbook.client.model.ServableModel;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.client.transport.RequestRejectedException;
import dev.trackbook.client.transport.ServerUnreachableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A tracking client: every call appends to an on-disk journal and returns without touching the
 * network; a background thread sends the journal to an MLflow-compatible server with runs/log-batch
 * calls. If the server is down, calls still succeed and everything arrives exactly once when it is
 * back, also after this process restarts (a new client on the same journal directory resumes).
 *
 * <p>Mistakes in a call (an invalid key, a too-long value) are reported as one line to the reporter
 * (stderr by default) and the call is dropped; no method throws into the caller's code.
 *
 * <p>Most code uses the process-wide {@link Tracking} facade; build an instance with {@link
 * #builder()} to choose the tracking URI, journal directory, flush interval or clock.
 */
public final class TrackingClient implements AutoCloseable {
  /** MLflow keeps a run's description in this tag. */
  public static final String NOTE_TAG = "mlflow.note.content";

  private static final int MAX_CACHED_KEYS = 10_000;
  private static final Duration INTERACTIVE_TIMEOUT = Duration.ofSeconds(5);
  // endRun() and close(): how long they wait without a word, and without progress; close() also
  // how long for its flushers to stop.
  private static final Duration QUIET_WAIT = Duration.ofSeconds(1);
  private static final Duration STALLED_WAIT = Duration.ofSeconds(4);
  private static final Duration STOP_WAIT = Duration.ofMillis(500);

  private final String trackingUri;
  private final Clock clock;
  private final Duration flushTimeout;
  private final Consumer<String> reporter;
  private final Consumer<String> notices;
  private final MlflowRestApi api;
  private final MlflowRestApi interactiveApi;
  private final Journal journal;
  private final Flusher flusher;
  // Slots an earlier process left with unsent entries (see Journal.openAbandoned), drained too.
  private final List<Journal> adoptedJournals;
  private final List<Flusher> adoptedFlushers = new ArrayList<>();
  private final Thread shutdownHook;
  private final Map<String, String> sourceTags;

  private final Deque<Run> activeRuns = new ArrayDeque<>();
  private final Set<String> validKeys = new HashSet<>();
  private String experimentName;
  private String experimentId;
  private boolean journalBroken; // calls are kept in memory: said once
  // Calls are not logged at all (memory holds as many as it may too): said once, apart from the
  // line above, which said they were kept.
  private boolean callsDropped;
  // Set first thing in close(): calls after it are dropped, so none can auto-start a run behind
  // the runs close() ended (at JVM exit, a loop still logging would leave a phantom run).
  private boolean closed;
  private boolean closedReported;
  // What had reached the server when the "waiting for the server" line was last shown: endRun()
  // then close() on a server that stalled meanwhile say it once, not twice.
  private volatile List<Object> waitReportedAt;
  private volatile String endStatusAtExit = "FINISHED";
  private final CountDownLatch closeDone = new CountDownLatch(1);

  /**
   * @param onDisk false for a client whose journal is in memory only (the caller said why, once),
   *     for a process that can write no journal directory anywhere
   */
  private TrackingClient(Builder b, boolean onDisk) throws IOException {
    this.trackingUri = b.trackingUri;
    this.clock = b.clock;
    this.flushTimeout = b.flushTimeout;
    this.reporter = b.reporter;
    this.notices = b.notices;
    this.sourceTags = Map.copyOf(b.sourceTags);
    this.api = new MlflowRestApi(trackingUri, b.authorization, b.requestTimeout);
    // experiment(name) runs on the caller's thread: a hung server must not hold a cell for long.
    this.interactiveApi =
        new MlflowRestApi(
            trackingUri,
            b.authorization,
            b.requestTimeout.compareTo(INTERACTIVE_TIMEOUT) < 0
                ? b.requestTimeout
                : INTERACTIVE_TIMEOUT);
    Path root = b.journalDir.resolve(Journal.directoryName(trackingUri));
    this.journal = onDisk ? Journal.open(root, b.segmentBytes) : Journal.inMemory();
    // In memory from the start: the caller said so, and calls must not say it again.
    this.journalBroken = !onDisk;
    this.flusher = new Flusher(journal, api, b.flushInterval, reporter, clock);
    flusher.start();
    List<Journal> abandoned = List.of();
    try {
      if (onDisk) {
        abandoned = Journal.openAbandoned(root, b.segmentBytes);
      }
    } catch (IOException e) {
      // Our own slot works; another one we cannot open stays for a later client to send.
      reporter.accept("trackbook: cannot check other journal slots in " + root + ": " + e);
    }
    this.adoptedJournals = abandoned;
    endRunsLeftOpen(journal);
    adoptedJournals.forEach(this::endRunsLeftOpen);
    for (Journal adopted : adoptedJournals) {
      Flusher drain = new Flusher(adopted, api, b.flushInterval, reporter, clock);
      drain.start();
      adoptedFlushers.add(drain);
    }
    if (b.shutdownHook) {
      shutdownHook = new Thread(this::close, "trackbook-shutdown-flush");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    } else {
      shutdownHook = null;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  // A process that died with runs active (kill -9, a crash, a smoke test's timeout) left them
  // RUNNING on the server for good; MLflow's clients do the same. They end KILLED, at about the
  // time that process last wrote to its journal (never before the run's start: file times may be
  // whole seconds).
  private void endRunsLeftOpen(Journal j) {
    Map<String, Long> left = j.runsLeftOpen();
    if (left.isEmpty()) {
      return;
    }
    try {
      for (Map.Entry<String, Long> run : left.entrySet()) {
        long end = Math.max(j.lastWriteBefore(), run.getValue());
        j.append(new JournalEntry.RunEnded(run.getKey(), "KILLED", end));
      }
      reporter.accept(
          "trackbook: "
              + left.size()
              + (left.size() == 1 ? " run" : " runs")
              + " of a process that ended without ending them marked KILLED");
    } catch (IOException e) {
      reporter.accept("trackbook: cannot end the runs left open in " + j.directory() + ": " + e);
    }
  }

  /** The server this client sends to, e.g. {@code http://localhost:5000}. */
  public String trackingUri() {
    return trackingUri;
  }

  /**
   * The server's MLflow REST API with this client's credentials, for calls the journal does not
   * carry (searches, dataset inputs). Calls run on the caller's thread, with the short timeout of
   * {@link #experiment} (a hung server must not hold a cell for long), and fail when the server is
   * unreachable: nothing is journaled.
   */
  public MlflowRestApi restApi() {
    return interactiveApi;
  }

  /** The journal directory this client owns; null when it has none (calls are kept in memory). */
  public Path journalDirectory() {
    return journal.directory();
  }

  /**
   * Sets the active experiment by name, creating it when missing. Returns its id, or null when the
   * server is unreachable: the name is then resolved when the next run is created.
   */
  public String experiment(String name) {
    // Refused here, not by the server when the flusher creates the run (which drops the whole run).
    if (report(CallValidation.checkExperimentName(name))) {
      return null;
    }
    String id = null;
    try {
      id = interactiveApi.resolveExperiment(name);
    } catch (ServerUnreachableException e) {
      // Not an error: runs record the name and the flusher resolves it later.
    } catch (RequestRejectedException e) {
      reporter.accept("trackbook: experiment '" + name + "': " + e.getMessage());
      return null;
    }
    synchronized (this) {
      experimentName = name;
      experimentId = id;
    }
    return id;
  }

  /**
   * Starts a run, nested under the active run if there is one (tag {@code mlflow.parentRunId}). A
   * run without a parent gets the {@link Builder#sourceTags source tags}.
   */
  public synchronized ActiveRun startRun(String runName) {
    if (closed) {
      reportClosed();
      return new Run(UUID.randomUUID().toString(), runName, experimentName); // never journaled
    }
    if (runName != null && runName.length() > CallValidation.MAX_RUN_NAME_LENGTH) {
      reporter.accept(
          "trackbook: run name '"
              + CallValidation.abbreviate(runName)
              + "' is longer than "
              + CallValidation.MAX_RUN_NAME_LENGTH
              + " characters; the run starts without a name");
      runName = null;
    }
    Run parent = activeRuns.peek();
    Run run = new Run(UUID.randomUUID().toString(), runName, experimentName);
    append(
        new JournalEntry.RunStarted(
            run.key,
            clock.millis(),
            experimentName,
            experimentId,
            runName,
            parent == null ? null : parent.key));
    if (parent == null) {
      // A nested run belongs to its parent's source; the parent (e.g. a pipeline's run) may have
      // set its own.
      sourceTags.forEach(
          (k, v) -> {
            if (!report(
                CallValidation.checkValue("tag", k, v, CallValidation.MAX_TAG_VALUE_LENGTH))) {
              append(new JournalEntry.TagSet(run.key, k, v));
            }
          });
    }
    activeRuns.push(run);
    return run;
  }

  /** The active run; starts one when none is active. */
  public synchronized ActiveRun activeRun() {
    Run run = activeRuns.peek();
    return run != null ? run : startRun(null);
  }

  /** Whether a run is active now (never starts one); for samplers that log only during a run. */
  public synchronized boolean hasActiveRun() {
    return !activeRuns.isEmpty();
  }

  /**
   * Logs each value as a metric of the active run, or nothing when no run is active: one check and
   * write under the client's lock, so a sampler never starts a run the user has just ended.
   *
   * @return whether a run was active
   */
  public synchronized boolean metricsIfActive(Map<String, Double> values) {
    if (activeRuns.isEmpty()) {
      return false;
    }
    values.forEach(this::metric);
    return true;
  }

  /** Ends the active run as FINISHED. */
  public void endRun() {
    endRun("FINISHED");
  }

  /** Ends the active run with FINISHED, FAILED or KILLED, then flushes (bounded wait). */
  public void endRun(String status) {
    Run run;
    synchronized (this) {
      run = activeRuns.peek();
      if (run == null && closed) {
        reportClosed(); // close() ended the runs: not the caller's mistake
        return;
      }
    }
    if (run == null) {
      reporter.accept("trackbook: endRun: no run is active");
      return;
    }
    run.end(status);
  }

  public synchronized void param(String key, Object value) {
    String text = String.valueOf(value);
    if (rejectKey("param", key)
        || report(
            CallValidation.checkValue("param", key, text, CallValidation.MAX_PARAM_VALUE_LENGTH))) {
      return;
    }
    Run run = currentRun();
    // The server refuses the change much later, from the flusher, when the cell that made it has
    // finished; MLflow's log_param raises at the call. The same value again is fine.
    String earlier = run.params.putIfAbsent(key, text);
    if (report(CallValidation.checkParamUnchanged(key, earlier, text))) {
      return;
    }
    append(new JournalEntry.ParamLogged(run.key, key, text));
  }

  public synchronized void params(Map<String, ?> params) {
    if (params == null) {
      reporter.accept("trackbook: params: the map is null");
      return;
    }
    params.forEach(this::param);
  }

  /** Logs a metric at the next step of this key in the active run (0, 1, 2, ...). */
  public synchronized void metric(String key, double value) {
    if (rejectKey("metric", key)) {
      return;
    }
    Run run = currentRun();
    long step = run.nextSteps.getOrDefault(key, 0L);
    run.nextSteps.put(key, step + 1);
    run.latest.put(key, value);
    append(new JournalEntry.MetricLogged(run.key, key, value, clock.millis(), step));
  }

  public synchronized void metric(String key, double value, long step) {
    if (rejectKey("metric", key)) {
      return;
    }
    Run run = currentRun();
    if (step + 1 >= run.nextSteps.getOrDefault(key, 0L)) {
      run.latest.put(key, value);
    }
    run.nextSteps.merge(key, step + 1, Math::max);
    append(new JournalEntry.MetricLogged(run.key, key, value, clock.millis(), step));
  }

  public synchronized void tag(String key, String value) {
    if (rejectKey("tag", key)
        || report(
            CallValidation.checkValue("tag", key, value, CallValidation.MAX_TAG_VALUE_LENGTH))) {
      return;
    }
    append(new JournalEntry.TagSet(currentRun().key, key, value));
  }

  /** Sets the run's description (MLflow's tag {@code mlflow.note.content}, shown as markdown). */
  public synchronized void note(String markdown) {
    if (report(
        CallValidation.checkValue(
            "note", NOTE_TAG, markdown, CallValidation.MAX_TAG_VALUE_LENGTH))) {
      return;
    }
    append(new JournalEntry.TagSet(currentRun().key, NOTE_TAG, markdown));
  }

  /** Uploads a file (or a directory's files) into the run's artifact root. */
  public void artifact(Path file) {
    artifact(file, null);
  }

  /**
   * Uploads a file (or a directory's files) under {@code artifactDir} of the run's artifact root.
   * The file is copied into the journal now, so later edits do not change what is uploaded.
   */
  public synchronized void artifact(Path file, String artifactDir) {
    if (closed) {
      reportClosed(); // before copying the file into a journal that takes nothing more
      return;
    }
    if (file == null || !Files.exists(file)) {
      reporter.accept("trackbook: artifact " + file + " does not exist");
      return;
    }
    String dir = CallValidation.artifactDirectory(artifactDir);
    if (!dir.isEmpty() && report(CallValidation.checkKey("artifact directory", dir))) {
      return;
    }
    String prefix = dir.isEmpty() ? "" : dir + "/";
    Run run = currentRun();
    try {
      Map<Path, String> files = new java.util.LinkedHashMap<>();
      if (Files.isDirectory(file)) {
        try (Stream<Path> walk = Files.walk(file)) {
          walk.filter(Files::isRegularFile)
              .sorted()
              .forEach(f -> files.put(f, file.relativize(f).toString().replace('\\', '/')));
        }
      } else {
        files.put(file, file.getFileName().toString());
      }
      for (Map.Entry<Path, String> f : files.entrySet()) {
        String stored = journal.storeCopy(f.getKey());
        append(new JournalEntry.ArtifactQueued(run.key, stored, prefix + f.getValue()));
      }
    } catch (JournalWriteException e) {
      reporter.accept(
          "trackbook: "
              + e.getMessage()
              + (Files.isDirectory(file)
                  ? " (it and the files of " + file + " after it are not logged)"
                  : " (not logged)"));
    } catch (IOException e) {
      reporter.accept("trackbook: cannot read artifact " + file + ": " + e.getMessage());
    }
  }

  /**
   * Records a dataset the active run used (MLflow's log-inputs; shown as the run's datasets).
   *
   * @param name the dataset's name, e.g. {@code "iris"}
   * @param digest a short fingerprint of its content (at most 36 characters, MLflow's limit)
   * @param sourceType where it comes from, e.g. {@code "local"}, {@code "http"}, {@code "s3"} (at
   *     most 36 characters)
   * @param source the location, e.g. a path or URL (MLflow expects JSON here, e.g. {@code
   *     {"uri":"data/iris.csv"}}; a plain string is sent as given)
   * @param context its use in the run, e.g. {@code "training"} (tag {@code mlflow.data.context}, at
   *     most 500 characters); may be null
   */
  public synchronized void inputs(
      String name, String digest, String sourceType, String source, String context) {
    if (report(
            CallValidation.checkDatasetField("name", name, CallValidation.MAX_DATASET_NAME_LENGTH))
        || report(
            CallValidation.checkDatasetField(
                "digest", digest, CallValidation.MAX_DATASET_DIGEST_LENGTH))
        || report(
            CallValidation.checkDatasetField(
                "source type", sourceType, CallValidation.MAX_DATASET_SOURCE_TYPE_LENGTH))
        || report(
            CallValidation.checkDatasetField(
                "source", source, CallValidation.MAX_DATASET_SOURCE_LENGTH))
        || report(
            context == null
                ? null
                : CallValidation.checkValue(
                    "dataset context", name, context, CallValidation.MAX_INPUT_TAG_VALUE_LENGTH))) {
      return;
    }
    append(
        new JournalEntry.InputLogged(currentRun().key, name, digest, sourceType, source, context));
  }

  /**
   * Logs {@code model} as artifacts under {@code name} of the active run: the framework's files
   * (saved by a {@link ModelFlavor} found on the classpath, e.g. tracking-djl's), a {@link
   * ModelDescriptor} with its signature, example input, the run's latest metrics and a content
   * hash, and MLflow's {@code MLmodel} file for MLflow's own tools. The files are copied into the
   * journal now and uploaded in the background.
   *
   * @param options flavor options, e.g. {@code example} (an input batch), {@code postprocess}
   * @return {@code runs:/RUN_ID/NAME}, or null when the model could not be saved (reported) or the
   *     server is unreachable (the files are still uploaded later)
   */
  public String logModel(Object model, String name, Map<String, ?> options) {
    if (report(CallValidation.checkKey("model name", name))) {
      return null;
    }
    Path dir = null;
    try {
      Map<String, Double> metrics;
      Run run;
      synchronized (this) {
        run = currentRun();
        // A sorted copy: Map.copyOf's order would change the descriptor between JVMs.
        metrics = new java.util.TreeMap<>(run.latest);
      }
      // For MLflow's MLmodel file; null while the server has not got the run (e.g. unreachable).
      String runId = run.runId();
      dir = Files.createTempDirectory("trackbook-model-");
      ModelFiles.save(model, name, options, metrics, runId, name, dir.resolve(name));
      artifact(dir.resolve(name), name);
      return runId == null ? null : "runs:/" + runId + "/" + name;
    } catch (IllegalArgumentException e) {
      reporter.accept("trackbook: cannot log model '" + name + "': " + e.getMessage());
      return null;
    } catch (IOException e) {
      reporter.accept("trackbook: cannot save model '" + name + "': " + e.getMessage());
      return null;
    } finally {
      dev.trackbook.client.model.FilesBoundModel.deleteTree(dir);
    }
  }

  /**
   * Registers the model the active run logged under {@code name} as a new version of registered
   * model {@code name}, after flushing so its files are on the server; then points {@code alias} at
   * it, when given.
   *
   * @return the new version number, or null when it failed (reported)
   */
  public String registerModel(String name, String alias) {
    ActiveRun run;
    synchronized (this) {
      run = activeRuns.peek();
    }
    if (run == null) {
      reporter.accept("trackbook: register: no run is active; log the model first");
      return null;
    }
    if (!flush(flushTimeout) || run.runId() == null) {
      reporter.accept(
          "trackbook: register: the run has not reached " + trackingUri + " yet; try again");
      return null;
    }
    try {
      return new ModelRegistry(api).register(name, run.runId(), name, alias).version();
    } catch (IOException e) {
      reporter.accept("trackbook: " + e.getMessage());
      return null;
    }
  }

  /**
   * Points {@code alias} (e.g. {@code champion}) of registered model {@code name} at {@code
   * version}, moving it if it pointed elsewhere. The server may refuse (e.g. an alias that needs a
   * passed validation); that is reported in one line.
   *
   * @return whether the alias now points at the version
   */
  public boolean setModelAlias(String name, String alias, String version) {
    try {
      api.setModelAlias(name, alias, version);
      return true;
    } catch (ServerUnreachableException | RequestRejectedException | RuntimeException e) {
      reporter.accept("trackbook: alias " + alias + " of " + name + ": " + e.getMessage());
      return false;
    }
  }

  /**
   * Loads a logged model: {@code models:/NAME/3}, {@code models:/NAME@champion} or {@code
   * runs:/RUN_ID/PATH}. Its files are downloaded into the temp directory and checked against the
   * descriptor's hash.
   *
   * @throws IllegalArgumentException when the URI is malformed
   * @throws IllegalStateException when the model cannot be found, downloaded or loaded (one line)
   */
  public ServableModel loadModel(String uri) {
    ModelUri parsed = ModelUri.parse(uri);
    flush(flushTimeout); // a runs:/ URI of this client's own run needs its files uploaded
    try {
      return new ModelRegistry(api)
          .load(parsed, Path.of(System.getProperty("java.io.tmpdir"), "trackbook-models"));
    } catch (IOException e) {
      throw new IllegalStateException("trackbook: " + e.getMessage(), e);
    }
  }

  /** Waits (bounded by the builder's flush timeout) until everything so far reached the server. */
  public void flush() {
    flush(flushTimeout);
  }

  /**
   * Waits until everything journaled so far reached the server. Returns false on timeout, or soon
   * when the server is unreachable (the journal keeps everything; it is sent when the server is
   * back).
   */
  public boolean flush(Duration timeout) {
    if (flusher == null) {
      return false;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean done = flusher.awaitCommitted(journal.end(), timeout);
    for (int i = 0; i < adoptedFlushers.size(); i++) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      done &= adoptedFlushers.get(i).awaitCommitted(adoptedJournals.get(i).end(), left);
    }
    return done;
  }

  /**
   * The status the runs still active get when the JVM exits (default FINISHED, as MLflow's clients
   * do). A program for which exiting midway means it was stopped sets KILLED while it works: the
   * pipeline runner does, so a pipeline stopped with Ctrl-C is not recorded as finished.
   */
  public void endRunsAtExitAs(String status) {
    String normalized = status == null ? "" : status.toUpperCase(Locale.ROOT);
    if (!CallValidation.END_STATUSES.contains(normalized)) {
      throw new IllegalArgumentException(
          "run status '" + status + "' is invalid: use FINISHED, FAILED or KILLED");
    }
    endStatusAtExit = normalized;
  }

  /**
   * Ends the runs still active as FINISHED (at JVM exit: as {@link #endRunsAtExitAs} says), flushes
   * with a bounded wait and stops the background thread. What did not reach the server stays in the
   * journal and is sent by the next client on the same journal directory.
   */
  @Override
  public void close() {
    try {
      closeNow();
    } finally {
      closeDone.countDown();
    }
  }

  /**
   * Waits, at most {@code max}, until this client is closed (at JVM exit: until its exit hook has
   * ended the active runs and flushed them), for another shutdown hook that must halt the JVM but
   * not before the runs are ended. True when it is closed.
   */
  public boolean awaitClosed(Duration max) throws InterruptedException {
    return closeDone.await(max.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void closeNow() {
    String status = Thread.currentThread() == shutdownHook ? endStatusAtExit : "FINISHED";
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      // Innermost first, as ending a parent ends its children.
      for (Run run : activeRuns) {
        run.ended = true;
        journalEnd(run, status);
      }
      activeRuns.clear();
    }
    if (!awaitDelivery() && flusher.serverDown() && journal.directory() != null) {
      // The flusher's first line said "sent when it is back", which holds while this process
      // lives; a pipeline run or a kernel ending now leaves it to the next client, so say so, or
      // a user who starts the server afterwards finds nothing and thinks the runs are lost.
      reporter.accept(
          "trackbook: not delivered yet: what this process logged stays in the journal "
              + journal.directory().getParent()
              + "; the next Trackbook client started with it (a kernel, ./trackbook run) sends it"
              + " once "
              + trackingUri
              + " takes it");
    }
    // All at once, then one short wait for all: a flusher stuck on a hung server is a daemon.
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    flusher.stop();
    adoptedFlushers.forEach(Flusher::stop);
    flusher.awaitStopped(STOP_WAIT);
    for (Flusher drain : adoptedFlushers) {
      drain.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
    List<Journal> journals = new ArrayList<>(adoptedJournals);
    journals.add(journal);
    for (Journal j : journals) {
      try {
        j.close();
      } catch (IOException e) {
        reporter.accept(
            "trackbook: "
                + (j.directory() == null ? "" : "closing the journal " + j.directory() + ": ")
                + e.getMessage());
      }
    }
    if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
  }

  /**
   * The flush of endRun() and close() (at JVM exit too): silent when the server answers within a
   * second or is down (the flusher said so); otherwise one line, and it waits only while the server
   * makes progress (one that takes connections but never answers holds the caller ~5 s, not the
   * whole flush timeout), at most the flush timeout in all.
   *
   * @return whether everything journaled reached the server
   */
  private boolean awaitDelivery() {
    long start = System.nanoTime();
    long deadline = start + flushTimeout.toNanos();
    Duration quiet = flushTimeout.compareTo(QUIET_WAIT) < 0 ? flushTimeout : QUIET_WAIT;
    if (flush(quiet)) {
      return true;
    }
    if (System.nanoTime() - start < quiet.toNanos()) {
      return false;
    }
    List<Object> reached = committedPositions();
    if (!reached.equals(waitReportedAt)) {
      waitReportedAt = reached;
      reporter.accept(
          "trackbook: waiting up to "
              + Math.max(1, (deadline - System.nanoTime()) / 1_000_000_000L)
              + " s for the tracking server "
              + trackingUri
              + "; what it has not acknowledged "
              + (journal.directory() == null
                  ? "is kept in memory only and lost if this process ends first"
                  : "stays in the journal "
                      + journal.directory().getParent()
                      + " and is sent later, by this process or the next one on that journal"));
    }
    while (true) {
      List<Object> before = committedPositions();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long waitNanos = Math.min(left, STALLED_WAIT.toNanos());
      long asked = System.nanoTime();
      if (flush(Duration.ofNanos(waitNanos))) {
        return true;
      }
      // Back before its time: an attempt failed (the flusher said so). Its bytes (a batch sent
      // again around a record the server fails on) are no progress.
      if (System.nanoTime() - asked < waitNanos || committedPositions().equals(before)) {
        return false;
      }
    }
  }

  // Progress: a record acknowledged, or request bytes going out (a large artifact on a slow link
  // acknowledges nothing until its last byte).
  private List<Object> committedPositions() {
    List<Object> positions = new ArrayList<>();
    positions.add(api.bytesSent());
    positions.add(journal.committed());
    adoptedJournals.forEach(j -> positions.add(j.committed()));
    return positions;
  }

  private Run currentRun() {
    Run run = activeRuns.peek();
    return run != null ? run : (Run) startRun(null);
  }

  private JournalPosition append(JournalEntry entry) {
    if (closed) {
      reportClosed();
      return null;
    }
    return write(entry);
  }

  /** Once, not per call: a loop still logging at JVM exit would print a line per iteration. */
  private void reportClosed() {
    if (!closedReported) {
      closedReported = true;
      reporter.accept(
          "trackbook: the tracking client is closed (its runs are ended, e.g. at JVM exit);"
              + " this and later calls are not logged");
    }
  }

  /** Appends to the journal, also while closing (the runs' ends). */
  private JournalPosition write(JournalEntry entry) {
    try {
      JournalPosition end = journal.append(entry);
      callsDropped = false;
      IOException refused = journal.spillCause();
      if (refused == null) {
        journalBroken = false;
      } else if (!journalBroken) { // once per episode, not per call
        journalBroken = true;
        reporter.accept(
            "trackbook: cannot write the journal in "
                + journal.directory()
                + " ("
                + refused.getMessage()
                + "); calls are kept in memory until the server takes them, then the disk is tried"
                + " again");
      }
      return end;
    } catch (IllegalArgumentException e) {
      reporter.accept("trackbook: " + e.getMessage() + " (not logged)");
      return null;
    } catch (IOException e) {
      if (!callsDropped) { // once, not per call
        reporter.accept("trackbook: this call and the next ones are not logged: " + e.getMessage());
        callsDropped = true;
      }
      return null;
    }
  }

  private void journalEnd(Run run, String status) {
    write(new JournalEntry.RunEnded(run.key, status, clock.millis()));
  }

  private boolean rejectKey(String kind, String key) {
    if (key != null && validKeys.contains(key)) {
      return false;
    }
    if (report(CallValidation.checkKey(kind, key))) {
      return true;
    }
    if (validKeys.size() < MAX_CACHED_KEYS) {
      validKeys.add(key);
    }
    return false;
  }

  private boolean report(String problem) {
    if (problem == null) {
      return false;
    }
    reporter.accept("trackbook: " + problem + " (not logged)");
    return true;
  }

  private final class Run implements ActiveRun {
    final String key;
    final String runName;
    final String experimentName;
    final Map<String, Long> nextSteps = new HashMap<>();
    // Params are write-once per run on the server: what this run logged, to refuse a change.
    final Map<String, String> params = new HashMap<>();
    // The value at the highest step per key: a logged model's "metrics at save time".
    final Map<String, Double> latest = new java.util.TreeMap<>();
    boolean ended;

    Run(String key, String runName, String experimentName) {
      this.key = key;
      this.runName = runName;
      this.experimentName = experimentName;
    }

    @Override
    public String localKey() {
      return key;
    }

    @Override
    public String runId() {
      ResolvedRun run = resolved();
      return run == null ? null : run.runId();
    }

    @Override
    public String url() {
      return url(resolved());
    }

    // As long as flush() waits: MLflow's start_run answers with the id, so a slow but reachable
    // server must not turn `var id = %run start` into null (an unreachable one returns at once).
    private ResolvedRun resolved() {
      return flusher == null ? null : flusher.awaitRun(key, flushTimeout);
    }

    private String url(ResolvedRun run) {
      return run == null ? null : RunPages.run(trackingUri, run.experimentId(), run.runId());
    }

    @Override
    public String experimentName() {
      return experimentName;
    }

    @Override
    public void end(String status) {
      if (endWithoutFlush(status) && awaitDelivery()) {
        ResolvedRun run = resolved();
        if (run != null) {
          notices.accept(
              "View run " + (runName == null ? run.runId() : runName) + " at: " + url(run));
        }
      }
    }

    /** Journals the end of the run; false when there was nothing to do. */
    boolean endWithoutFlush(String status) {
      String normalized = status == null ? "" : status.toUpperCase(Locale.ROOT);
      if (!CallValidation.END_STATUSES.contains(normalized)) {
        reporter.accept(
            "trackbook: run status '" + status + "' is invalid: use FINISHED, FAILED or KILLED");
        return false;
      }
      synchronized (TrackingClient.this) {
        if (closed) {
          reportClosed(); // close() ended the runs it had; one started after it was never logged
          return false;
        }
        if (ended) {
          return false;
        }
        ended = true;
        // Ending a parent ends its children first (like MLflow's end_run on a nested run).
        while (!activeRuns.isEmpty() && activeRuns.peek() != this && activeRuns.contains(this)) {
          Run child = activeRuns.pop();
          child.ended = true;
          journalEnd(child, normalized);
        }
        activeRuns.remove(this);
        journalEnd(this, normalized);
      }
      return true;
    }

    @Override
    public void close() {
      end("FINISHED");
    }

    @Override
    public String toString() {
      return "run " + (runName == null ? key : runName);
    }
  }

  /** Settings of a {@link TrackingClient}; every one has a default. */
  public static final class Builder {
    private String trackingUri = Tracking.defaultTrackingUri();
    private Path journalDir = Tracking.defaultJournalDir();
    private Duration flushInterval = Duration.ofMillis(500);
    private Duration flushTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private Consumer<String> reporter = System.err::println;
    private Consumer<String> notices = System.out::println;
    private String authorization = Tracking.authorizationFromEnvironment();
    private long segmentBytes = 8L << 20;
    private boolean shutdownHook = true;
    private Map<String, String> sourceTags = RunSource.tags(System.getenv());

    private Builder() {}

    /** The server, e.g. {@code http://localhost:5000} (MLflow's REST API is under it). */
    public Builder trackingUri(String uri) {
      this.trackingUri = Tracking.checkTrackingUri(uri);
      return this;
    }

    /** The journal root; each server gets its own directory below it. */
    public Builder journalDir(Path dir) {
      this.journalDir = Objects.requireNonNull(dir);
      return this;
    }

    /** How long the background thread waits between sends while calls keep coming. */
    public Builder flushInterval(Duration interval) {
      this.flushInterval = Objects.requireNonNull(interval);
      return this;
    }

    /**
     * The longest {@code flush()}, {@code endRun()}, {@code close()} and a new run's {@code
     * runId()} wait for the server.
     */
    public Builder flushTimeout(Duration timeout) {
      this.flushTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * The clock that timestamps metrics and runs, and times how long the server has failed on one
     * record before it is set aside.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Receives one-line problem reports (default: stderr). */
    public Builder reporter(Consumer<String> reporter) {
      this.reporter = Objects.requireNonNull(reporter);
      return this;
    }

    /** Receives one-line notices, such as the link to a run that ended (default: stdout). */
    public Builder notices(Consumer<String> notices) {
      this.notices = Objects.requireNonNull(notices);
      return this;
    }

    /** An {@code Authorization} header value (default: from MLflow's environment variables). */
    public Builder authorization(String header) {
      this.authorization = header;
      return this;
    }

    /** The size at which journal segments are rotated. */
    public Builder segmentBytes(long bytes) {
      this.segmentBytes = bytes;
      return this;
    }

    /** Whether to flush and close at JVM exit (default true). */
    public Builder shutdownHook(boolean install) {
      this.shutdownHook = install;
      return this;
    }

    /**
     * Tags every run started without a parent gets, before any of its own (default: {@link
     * RunSource#tags} of this process's environment, i.e. its notebook in a Jupyter kernel).
     */
    public Builder sourceTags(Map<String, String> tags) {
      this.sourceTags = Map.copyOf(tags);
      return this;
    }

    /** Opens the journal and starts the background flusher. */
    public TrackingClient build() throws IOException {
      return new TrackingClient(this, true);
    }

    /**
     * A client whose journal is in memory only (up to {@link Journal#MAX_SPILLED_ENTRIES} calls
     * waiting for the server): for a process that cannot journal anywhere, once it has said so.
     */
    TrackingClient buildInMemory() {
      try {
        return new TrackingClient(this, false);
      } catch (IOException e) {
        throw new IllegalStateException("a journal in memory opens no file", e);
      }
    }
  }

  static String basicAuthorization(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
