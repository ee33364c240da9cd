package dev.trackbook.client.flush;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.trackbook.client.journal.Journal;
import dev.trackbook.client.journal.JournalChunk;
import dev.trackbook.client.journal.JournalEntry;
import dev.trackbook.client.journal.JournalPosition;
import dev.trackbook.client.journal.JournalWriteException;
import dev.trackbook.client.journal.RecordFailures;
import dev.trackbook.client.journal.ResolvedRun;
import dev.trackbook.client.journal.SetAsideRecord;
import dev.trackbook.client.transport.CredentialsRejectedException;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.client.transport.RemoteRun;
import dev.trackbook.client.transport.RequestRejectedException;
import dev.trackbook.client.transport.ServerUnreachableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The background thread that sends the journal to the server in order and commits how far the
 * server acknowledged. Metrics, params and tags of one run travel together in runs/log-batch calls
 * within MLflow's per-call limits. Resending after a lost acknowledgement is harmless: the server
 * ignores a metric point identical to a stored one, params are write-once (the same value is fine),
 * tags are last-write-wins and runs are found again by their client key before creating.
 *
 * <p>A record the server fails on every time (HTTP 500) while it serves other requests, a server
 * bug its payload triggers, would hold every later call for good: after {@link #POISON_STRIKES}
 * such failures over at least {@link #POISON_SPAN} it is set aside in the journal directory
 * (set-aside.jsonl, said in one line) and the calls after it are sent. The count is kept in the
 * journal's slot, so it goes on in the next process that sends the slot's calls.
 */
public final class Flusher implements AutoCloseable {
  // MLflow's log-batch limits: https://mlflow.org/docs/latest/rest-api.html#log-batch
  static final int MAX_METRICS = 1000;
  static final int MAX_PARAMS = 100;
  static final int MAX_TAGS = 100;
  static final int MAX_ENTRIES = 1000;
  static final int MIN_METRICS_PER_BATCH = 25;
  private static final int MAX_MESSAGE_CHARS = 500;
  // Answers that are about the run, not a record: gone for good, or deleted on a Trackbook server
  // that answered a deleted run INVALID_STATE (MLflow answers it as a bad record, see runGone).
  private static final Set<String> RUN_GONE = Set.of("RESOURCE_DOES_NOT_EXIST", "INVALID_STATE");

  private static final int READ_AHEAD = 5000;
  private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  // Only HTTP 500 counts, and only while the server answers a read of its own: a proxy answers
  // 502/503/504 for a server that is down or restarting, and the server 503 for contention.
  public static final int POISON_STRIKES = 5;
  public static final Duration POISON_SPAN = Duration.ofMinutes(1);

  private final Journal journal;
  private final MlflowRestApi api;
  private final Duration interval;
  private final Consumer<String> reporter;
  private final Clock clock;
  private final Thread thread;
  private final Object monitor = new Object();
  private final Map<String, String> experimentIds = new HashMap<>();
  private final Set<String> abandonedRuns = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final Set<String> reportedSkips = new HashSet<>();

  // The records (their ends) whose calls the server answered HTTP 500 while serving other
  // requests: how often, and since when. Kept in the slot (Journal.saveFailures), so a record
  // counts across the short processes that each try it a few times; forgotten once committed.
  private final Map<JournalPosition, RecordFailures> strikes;
  // Records of the log-batch being sent that were set aside or rejected (and reported), until the
  // batch is committed: a try that stopped at another record the server fails on sends the batch
  // again without them. Those set aside are also marked in the slot's failure counts, for the next
  // process.
  private final Set<JournalPosition> settledInBatch = new HashSet<>();
  // Records that could not be set aside (no disk for them), said once each.
  private final Set<JournalPosition> unkeptSaid = new HashSet<>();

  // Metrics per log-batch call. Halved when a call times out: MLflow's SQL store answers a resent
  // batch (duplicates) by loading the metric's history once per 100 points, which on a long
  // history can outlast the request timeout, and the same batch would time out again forever.
  private int metricsPerBatch = MAX_METRICS;
  private boolean wakeRequested;
  private volatile boolean stopping;
  private volatile boolean unreachable;
  // Whether the latest episode of unreachable was the server failing on calls, not absent.
  private boolean failing;
  private volatile boolean serverDown;
  // Send attempts begun and completed, guarded by monitor: a waiter gives up once an attempt that
  // began after its request failed to reach the server.
  private long attemptsStarted;
  private long attemptsFinished;

  /**
   * @param reporter receives one line per problem worth a user's attention (stderr in production)
   * @param clock times how long the server has failed on one record
   */
  public Flusher(
      Journal journal,
      MlflowRestApi api,
      Duration interval,
      Consumer<String> reporter,
      Clock clock) {
    this.journal = journal;
    this.api = api;
    this.interval = interval;
    this.reporter = reporter;
    this.clock = clock;
    this.strikes = journal.readFailures();
    // Set aside by an earlier process while their batch still waited: not sent (or set aside)
    // again.
    strikes.forEach(
        (at, f) -> {
          if (f.setAside()) {
            settledInBatch.add(at);
          }
        });
    this.thread = new Thread(this::loop, "trackbook-flusher");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Asks the flusher to send now instead of at its next interval (also cuts a retry backoff). */
  public void wake() {
    synchronized (monitor) {
      wakeRequested = true;
      monitor.notifyAll();
    }
  }

  /**
   * Waits until everything before {@code target} is acknowledged; false on timeout, or at once
   * after one more failed attempt while the server is unreachable (so a notebook does not stall on
   * every call that flushes while the server is down).
   */
  public boolean awaitCommitted(JournalPosition target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long before = startedAttempts();
    wake();
    synchronized (monitor) {
      while (journal.committed().isBefore(target)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !thread.isAlive() || failedSince(before)) {
          return false;
        }
        try {
          monitor.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  /** Waits until the run is known on the server; null on timeout. */
  public ResolvedRun awaitRun(String runKey, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long before = startedAttempts();
    wake();
    synchronized (monitor) {
      ResolvedRun run;
      while ((run = journal.resolvedRun(runKey)) == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0
            || !thread.isAlive()
            || abandonedRuns.contains(runKey)
            || failedSince(before)) {
          return null;
        }
        try {
          monitor.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
      return run;
    }
  }

  private long startedAttempts() {
    synchronized (monitor) {
      return attemptsStarted;
    }
  }

  /** Whether the latest attempt found no server (a refused token or a local error is not this). */
  public boolean serverDown() {
    return serverDown;
  }

  /** Whether an attempt begun after {@code before} was counted has ended without the server. */
  private boolean failedSince(long before) {
    return unreachable && attemptsFinished > before;
  }

  /** Stops the thread without waiting for the journal to drain (it stays on disk for later). */
  @Override
  public void close() {
    stop();
    awaitStopped(Duration.ofSeconds(5));
  }

  /**
   * Asks the thread to stop after its current call, without waiting: a client stops all its
   * flushers at once and then waits for them together.
   */
  public void stop() {
    stopping = true;
    wake();
  }

  /**
   * Waits up to {@code timeout} for the thread to stop; a call still waiting for a hung server goes
   * on in this daemon thread, and its answer is not committed (the journal is closed).
   */
  public void awaitStopped(Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    Duration backoff = MIN_BACKOFF;
    while (!stopping) {
      Duration pause = interval;
      synchronized (monitor) {
        attemptsStarted++;
      }
      try {
        boolean sentAll = sendPending();
        serverDown = false;
        if (unreachable) {
          reporter.accept(
              "trackbook: tracking server "
                  + api.trackingUri()
                  + (failing ? " takes calls again" : " is reachable again"));
          unreachable = false;
        }
        backoff = MIN_BACKOFF;
        if (!sentAll) {
          pause = Duration.ZERO; // more than one read's worth is waiting
        }
      } catch (ServerUnreachableException e) {
        serverDown = !(e instanceof CredentialsRejectedException);
        if (stopping) {
          break; // the client closed while this call waited: nothing to tell
        }
        if (!unreachable) {
          // Where the calls wait decides what a restart costs: nothing on disk, all of memory.
          boolean onDisk = journal.spillCause() == null;
          reporter.accept(
              e instanceof CredentialsRejectedException
                  ? "trackbook: the tracking server refused the token ("
                      + e.getMessage()
                      + "); set TRACKBOOK_TRACKING_TOKEN or MLFLOW_TRACKING_TOKEN to a token with"
                      + " write scope"
                      + (onDisk ? " and restart; nothing is lost" : "")
                      + ": calls are kept "
                      + journal.whereKept()
                  : failedOnCall(e)
                      ? "trackbook: the tracking server failed on a call ("
                          + e.getMessage()
                          + "); calls are kept "
                          + journal.whereKept()
                          + " and sent once it takes them"
                      : "trackbook: tracking server unreachable ("
                          + e.getMessage()
                          + "); calls are kept "
                          + journal.whereKept()
                          + " and sent when it is back");
          unreachable = true;
          failing = failedOnCall(e);
        }
        pause = backoff;
        backoff = nextBackoff(backoff);
      } catch (IOException | RuntimeException e) {
        if (stopping) {
          break; // e.g. committing into the journal its client closed meanwhile
        }
        // A local problem (disk full, a bug): keep the journal and retry later, say so once. Not
        // the server's fault: close() must not tell the user the server is down.
        serverDown = false;
        if (!unreachable) {
          reporter.accept("trackbook: cannot send the journal: " + e);
          unreachable = true;
          failing = false;
        }
        pause = backoff;
        backoff = MAX_BACKOFF;
      }
      synchronized (monitor) {
        attemptsFinished++;
        monitor.notifyAll();
      }
      pauseFor(pause);
    }
  }

  /**
   * Whether the server itself answered that it failed (HTTP 500, 501, 505...): it is up, so the
   * user is not told it is unreachable. No answer, a failed connection and a proxy's 502/503/504
   * for a server that is down or restarting are "unreachable"; so are 408 and 429 ("try later").
   */
  static boolean failedOnCall(ServerUnreachableException e) {
    int status = e.status();
    return e.answered() && status >= 500 && (status < 502 || status > 504);
  }

  private static Duration nextBackoff(Duration backoff) {
    return backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
        ? MAX_BACKOFF
        : backoff.multipliedBy(2);
  }

  private void pauseFor(Duration pause) {
    synchronized (monitor) {
      if (!wakeRequested && !stopping && !pause.isZero()) {
        try {
          monitor.wait(Math.max(1, pause.toMillis()));
        } catch (InterruptedException e) {
          stopping = true;
        }
      }
      wakeRequested = false;
    }
  }

  /** Sends one read's worth of entries; true when nothing more was waiting. */
  private boolean sendPending() throws IOException {
    JournalChunk chunk = journal.read(journal.committed(), READ_AHEAD);
    chunk.skipped().forEach(this::reportSkipped);
    List<JournalChunk.Positioned> entries = chunk.entries();
    int i = 0;
    while (i < entries.size() && !stopping) {
      JournalChunk.Positioned first = entries.get(i);
      JournalEntry entry = first.entry();
      if (entry instanceof JournalEntry.RunStarted started) {
        // Never set aside: every later record of the run would follow it, so a server whose
        // database refuses writes for a while would cost a whole run instead of one record.
        resolveRun(started);
        commit(first.end());
        i++;
      } else if (entry instanceof JournalEntry.RunEnded ended) {
        ResolvedRun run = runOf(ended);
        if (run != null) {
          sendOrSetAside(
              first,
              run.runId(),
              () -> {
                try {
                  api.updateRun(run.runId(), ended.status(), ended.endTime());
                } catch (RequestRejectedException e) {
                  report("ending run " + run.runId(), e);
                }
              });
        }
        commit(first.end());
        i++;
      } else if (entry instanceof JournalEntry.InputLogged input) {
        ResolvedRun run = runOf(input);
        if (run != null) {
          sendOrSetAside(
              first,
              run.runId(),
              () -> {
                try {
                  api.logInput(
                      run.runId(),
                      input.name(),
                      input.digest(),
                      input.sourceType(),
                      input.source(),
                      input.context());
                } catch (RequestRejectedException e) {
                  report("dataset '" + input.name() + "'", e);
                }
              });
        }
        commit(first.end());
        i++;
      } else if (entry instanceof JournalEntry.ArtifactQueued artifact) {
        ResolvedRun run = journal.resolvedRun(artifact.runKey());
        sendOrSetAside(first, run == null ? null : run.runId(), () -> upload(artifact));
        commit(first.end());
        i++;
      } else {
        int batchEnd = batchEnd(entries, i, metricsPerBatch);
        // Records of this batch set aside on an earlier try are not sent again.
        List<JournalChunk.Positioned> batch = new ArrayList<>(entries.subList(i, batchEnd));
        batch.removeIf(r -> settledInBatch.contains(r.end()));
        try {
          // A batch too large (HTTP 413) is a rejection: sendBatch halves it until it fits.
          if (!batch.isEmpty()) {
            sendBatch(batch);
          }
        } catch (ServerUnreachableException e) {
          if (e.timedOut()) {
            metricsPerBatch = Math.max(MIN_METRICS_PER_BATCH, metricsPerBatch / 2);
          }
          // The server's own failure while it serves: deliver the records around the one(s) it
          // fails on at once; each of those waits on its own until it counts as poisoned.
          if (e.status() != 500 || !takesWrites(entry.runKey())) {
            throw e;
          }
          ServerUnreachableException waiting =
              sendAround(journal.resolvedRun(entry.runKey()), batch);
          if (waiting != null) {
            throw waiting;
          }
        }
        metricsPerBatch = Math.min(MAX_METRICS, metricsPerBatch * 2);
        commit(entries.get(batchEnd - 1).end());
        i = batchEnd;
      }
    }
    if (i == entries.size()) {
      commit(chunk.next());
    }
    return entries.size() < READ_AHEAD;
  }

  /** The end (exclusive) of the log-batch that starts at {@code start}. */
  static int batchEnd(List<JournalChunk.Positioned> entries, int start, int maxMetrics) {
    String runKey = entries.get(start).entry().runKey();
    int metrics = 0;
    Set<String> params = new HashSet<>();
    Set<String> tags = new HashSet<>();
    int i = start;
    for (; i < entries.size() && i - start < MAX_ENTRIES; i++) {
      JournalEntry entry = entries.get(i).entry();
      if (!entry.runKey().equals(runKey)) {
        break;
      }
      if (entry instanceof JournalEntry.MetricLogged) {
        if (metrics == maxMetrics) {
          break;
        }
        metrics++;
      } else if (entry instanceof JournalEntry.ParamLogged p) {
        // A key twice in one call is ambiguous to the server: start a new call instead.
        if (params.size() == MAX_PARAMS || params.contains(p.key())) {
          break;
        }
        params.add(p.key());
      } else if (entry instanceof JournalEntry.TagSet t) {
        if (tags.size() == MAX_TAGS || tags.contains(t.key())) {
          break;
        }
        tags.add(t.key());
      } else {
        break;
      }
    }
    return i;
  }

  private void sendBatch(List<JournalChunk.Positioned> batch)
      throws ServerUnreachableException, IOException {
    ResolvedRun run = runOf(batch.get(0).entry());
    if (run == null) {
      return;
    }
    try {
      send(run, batch);
    } catch (RequestRejectedException e) {
      if (runGone(run, e)) {
        // About the run (deleted, say), not about a record: say it once and drop its records.
        abandonedRuns.add(batch.get(0).entry().runKey());
        report("records for run " + run.runId() + " (this run's later records are dropped)", e);
        return;
      }
      int half = batch.size() / 2;
      if (half == 0) {
        report(JournalEntry.describe(batch.get(0).entry()), e);
        return;
      }
      sendOrBisect(run, batch.subList(0, half));
      sendOrBisect(run, batch.subList(half, batch.size()));
    }
  }

  /** One record's call to the server. */
  @FunctionalInterface
  private interface Call {
    void send() throws IOException;
  }

  /**
   * Sends one record; when the server keeps failing on it while serving others (see {@link
   * #poisoned}), sets it aside instead.
   */
  private void sendOrSetAside(JournalChunk.Positioned record, String runId, Call call)
      throws IOException {
    try {
      call.send();
    } catch (ServerUnreachableException e) {
      if (!poisoned(record, e) || !setAside(record, runId, e.getMessage())) {
        throw e;
      }
    }
  }

  /**
   * Counts one more failure of the call of {@code record}; whether it is now to be set aside: HTTP
   * 500 (a server's own failure, not a proxy's word for a server that is down) {@link
   * #POISON_STRIKES} times over at least {@link #POISON_SPAN}, each time while the server took
   * another write ({@link #takesWrites}), so a server whose database refuses writes, or that is
   * failing everything, gets nothing set aside.
   */
  private boolean poisoned(JournalChunk.Positioned record, ServerUnreachableException e) {
    JournalPosition at = record.end();
    if (e.status() != 500 || !takesWrites(record.entry().runKey())) {
      if (strikes.remove(at) != null) {
        journal.saveFailures(strikes);
      }
      return false;
    }
    RecordFailures seen =
        strikes.getOrDefault(at, new RecordFailures(0, clock.millis(), false)).plusOne();
    strikes.put(at, seen);
    journal.saveFailures(strikes);
    return seen.count() >= POISON_STRIKES
        && clock.millis() - seen.sinceMillis() >= POISON_SPAN.toMillis();
  }

  /**
   * Whether the server takes writes now, not only reads: the run's client-key tag is set again to
   * the value it has (a write that changes nothing). One call, where splitting a batch against a
   * server that refuses every write would cost two per record.
   */
  private boolean takesWrites(String runKey) {
    ResolvedRun run = journal.resolvedRun(runKey);
    if (run == null) {
      return false;
    }
    try {
      api.logBatch(
          run.runId(),
          List.of(),
          List.of(),
          List.of(Map.entry(MlflowRestApi.CLIENT_RUN_KEY_TAG, runKey)));
      return true;
    } catch (ServerUnreachableException | RequestRejectedException e) {
      return false;
    }
  }

  /**
   * Sends a batch the server failed on (HTTP 500) in halves until the records it fails on are
   * alone, and the rest; such a record is set aside once {@link #poisoned}. Returns the failure of
   * one that waits (the batch is tried again later, without the records set aside), or null. A
   * rejected record is reported, as in {@link #sendOrBisect}.
   */
  private ServerUnreachableException sendAround(
      ResolvedRun run, List<JournalChunk.Positioned> batch) throws ServerUnreachableException {
    try {
      send(run, batch);
      return null;
    } catch (RequestRejectedException e) {
      if (batch.size() == 1) {
        report(JournalEntry.describe(batch.get(0).entry()), e);
        settledInBatch.add(batch.get(0).end()); // said once, not at every try of the batch
        return null;
      }
    } catch (ServerUnreachableException e) {
      if (e.status() != 500) {
        throw e;
      }
      if (batch.size() == 1) {
        // Alone now: set aside once it has failed long enough by itself; else it waits, and the
        // records after it are still sent.
        JournalChunk.Positioned record = batch.get(0);
        if (!poisoned(record, e) || !setAside(record, run.runId(), e.getMessage())) {
          return e;
        }
        settledInBatch.add(record.end());
        strikes.computeIfPresent(record.end(), (at, f) -> f.asSetAside());
        journal.saveFailures(strikes);
        return null;
      }
    }
    int half = batch.size() / 2;
    ServerUnreachableException first = sendAround(run, batch.subList(0, half));
    ServerUnreachableException second = sendAround(run, batch.subList(half, batch.size()));
    return first != null ? first : second;
  }

  /**
   * Writes a record to the journal directory's set-aside.jsonl (an artifact's copy moves to its
   * set-aside directory) and says so; whether it was kept. One the disk (or an in-memory journal)
   * cannot keep waits instead, said once: it must not be committed and lost.
   */
  private boolean setAside(JournalChunk.Positioned positioned, String runId, String error) {
    JournalEntry entry = positioned.entry();
    String failedOn =
        "trackbook: the server failed on "
            + JournalEntry.describe(entry)
            + (runId == null ? "" : " of run " + runId)
            + " every time while serving other calls ("
            + oneLine(error);
    SetAsideRecord record = new SetAsideRecord(clock.millis(), error, runId, entry, null);
    Path where;
    try {
      if (entry instanceof JournalEntry.ArtifactQueued artifact
          && Files.exists(journal.storedFile(artifact.storedFile()))) {
        record =
            new SetAsideRecord(
                record.setAsideAt(),
                error,
                runId,
                entry,
                journal.setAsideCopy(artifact.storedFile()));
      }
      where = journal.setAside(record.toLine());
    } catch (JournalWriteException | JsonProcessingException e) {
      if (unkeptSaid.add(positioned.end())) {
        reporter.accept(
            failedOn
                + "), and it cannot be set aside ("
                + oneLine(e.getMessage())
                + "): it and the calls after it wait");
      }
      return false;
    }
    reporter.accept(failedOn + "); set aside in " + where + "; the calls after it are sent");
    return true;
  }

  /**
   * Whether a rejected log-batch was about the run rather than a record. MLflow answers a write to
   * a deleted run INVALID_PARAMETER_VALUE, as it answers a changed param: only the run's lifecycle
   * stage tells them apart. Unreachable while asking: the batch is retried later, nothing is lost.
   */
  private boolean runGone(ResolvedRun run, RequestRejectedException e)
      throws ServerUnreachableException {
    if (RUN_GONE.contains(e.errorCode())) {
      return true;
    }
    if (!"INVALID_PARAMETER_VALUE".equals(e.errorCode())) {
      return false;
    }
    try {
      return api.getRun(run.runId()).deleted();
    } catch (RequestRejectedException lookup) {
      return RUN_GONE.contains(lookup.errorCode());
    }
  }

  /**
   * Sends a batch; when the server rejects it, halves it until the offending records are alone,
   * reports those and sends the rest. Halving rather than one call per record keeps this to a few
   * calls (each resent point can be costly on MLflow's SQL store, see metricsPerBatch).
   */
  private void sendOrBisect(ResolvedRun run, List<JournalChunk.Positioned> batch)
      throws ServerUnreachableException {
    try {
      send(run, batch);
    } catch (RequestRejectedException e) {
      if (batch.size() == 1) {
        report(JournalEntry.describe(batch.get(0).entry()), e);
        return;
      }
      int half = batch.size() / 2;
      sendOrBisect(run, batch.subList(0, half));
      sendOrBisect(run, batch.subList(half, batch.size()));
    }
  }

  private void send(ResolvedRun run, List<JournalChunk.Positioned> batch)
      throws ServerUnreachableException, RequestRejectedException {
    List<MlflowRestApi.MetricPoint> metrics = new ArrayList<>();
    List<Map.Entry<String, String>> params = new ArrayList<>();
    List<Map.Entry<String, String>> tags = new ArrayList<>();
    for (JournalChunk.Positioned positioned : batch) {
      JournalEntry entry = positioned.entry();
      if (entry instanceof JournalEntry.MetricLogged m) {
        metrics.add(new MlflowRestApi.MetricPoint(m.key(), m.value(), m.timestamp(), m.step()));
      } else if (entry instanceof JournalEntry.ParamLogged p) {
        params.add(Map.entry(p.key(), p.value()));
      } else if (entry instanceof JournalEntry.TagSet t) {
        tags.add(Map.entry(t.key(), t.value()));
      }
    }
    api.logBatch(run.runId(), metrics, params, tags);
  }

  private void resolveRun(JournalEntry.RunStarted started)
      throws ServerUnreachableException, IOException {
    String runKey = started.runKey();
    if (journal.resolvedRun(runKey) != null || abandonedRuns.contains(runKey)) {
      return;
    }
    try {
      String experimentId = started.experimentId();
      if (experimentId == null) {
        experimentId = experimentId(started.experimentName());
      }
      RemoteRun remote = api.findRunByClientKey(experimentId, runKey);
      if (remote == null) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(MlflowRestApi.CLIENT_RUN_KEY_TAG, runKey);
        if (started.runName() != null) {
          tags.put("mlflow.runName", started.runName());
        }
        String user = System.getProperty("user.name");
        if (user != null) {
          tags.put("mlflow.user", user);
        }
        if (started.parentRunKey() != null) {
          ResolvedRun parent = journal.resolvedRun(started.parentRunKey());
          if (parent != null) {
            tags.put("mlflow.parentRunId", parent.runId());
          }
        }
        remote = api.createRun(experimentId, started.startTime(), started.runName(), tags);
      }
      ResolvedRun resolved =
          new ResolvedRun(remote.runId(), remote.experimentId(), remote.artifactUri());
      journal.recordResolvedRun(runKey, resolved);
    } catch (RequestRejectedException e) {
      abandonedRuns.add(runKey);
      report(
          "creating run "
              + (started.runName() == null ? runKey : "'" + started.runName() + "'")
              + " (its metrics, params and tags are dropped)",
          e);
    }
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  private String experimentId(String name)
      throws ServerUnreachableException, RequestRejectedException {
    if (name == null) {
      return "0"; // MLflow's Default experiment
    }
    String id = experimentIds.get(name);
    if (id == null) {
      id = api.resolveExperiment(name);
      experimentIds.put(name, id);
    }
    return id;
  }

  private ResolvedRun runOf(JournalEntry entry) {
    if (abandonedRuns.contains(entry.runKey())) {
      return null;
    }
    ResolvedRun run = journal.resolvedRun(entry.runKey());
    if (run == null && abandonedRuns.add(entry.runKey())) {
      // Only when the journal lost the run's creation record (or its creation was rejected).
      reporter.accept(
          "trackbook: run "
              + entry.runKey()
              + " is unknown to the server; its later records are dropped");
    }
    return run;
  }

  private void upload(JournalEntry.ArtifactQueued artifact)
      throws ServerUnreachableException, IOException {
    ResolvedRun run = runOf(artifact);
    var file = journal.storedFile(artifact.storedFile());
    if (run != null) {
      // A missing copy was uploaded before a restart whose commit did not reach the disk.
      if (Files.exists(file)) {
        try {
          api.uploadArtifact(run.artifactUri(), artifact.artifactPath(), file);
        } catch (RequestRejectedException e) {
          // Also a file over the server's or a proxy's size limit (413): it would never pass, and
          // waiting for it would hold every later record and run.
          report(
              "artifact " + artifact.artifactPath() + " (" + Files.size(file) + " bytes; dropped)",
              e);
        }
      }
    }
    Files.deleteIfExists(file);
  }

  private void commit(JournalPosition position) throws IOException {
    journal.commit(position);
    if (strikes.keySet().removeIf(at -> at.compareTo(position) <= 0)) {
      journal.saveFailures(strikes);
    }
    settledInBatch.removeIf(at -> at.compareTo(position) <= 0);
    unkeptSaid.removeIf(at -> at.compareTo(position) <= 0);
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  private void report(String what, RequestRejectedException e) {
    reporter.accept(
        "trackbook: the server rejected "
            + what
            + ": "
            + (e.errorCode() == null ? "" : e.errorCode() + ": ")
            + oneLine(e.getMessage()));
  }

  /** One line, whatever the server put in its message (MLflow sometimes sends SQL errors). */
  static String oneLine(String message) {
    String line = String.valueOf(message).replaceAll("\\s+", " ").trim();
    return line.length() > MAX_MESSAGE_CHARS ? line.substring(0, MAX_MESSAGE_CHARS) + "..." : line;
  }

  // Once per place: a chunk is read again after a failed attempt.
  private void reportSkipped(JournalChunk.Skipped skipped) {
    if (!reportedSkips.add(skipped.segment() + ":" + skipped.offset())) {
      return;
    }
    reporter.accept(
        skipped.atEnd()
            ? "trackbook: skipped an unreadable last record ("
                + skipped.length()
                + " bytes) in "
                + skipped.segment()
                + ": a process was stopped while writing it; the records around it are sent"
            : "trackbook: skipped "
                + skipped.length()
                + " damaged bytes in "
                + skipped.segment()
                + "; the records after them are sent");
  }
}
