package dev.trackbook.client;

import dev.trackbook.client.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tracking API for notebook cells, magics and pipeline scripts: static methods over one
 * process-wide {@link TrackingClient}, created on first use from {@code TRACKBOOK_TRACKING_URI},
 * else {@code MLFLOW_TRACKING_URI}, else {@code http://localhost:5000}. The journal lives under
 * {@code TRACKBOOK_JOURNAL_DIR}, else {@code ~/.trackbook/journal}.
 *
 * <p>No call waits for the network: each appends to an on-disk journal and returns; a background
 * thread sends it. A run starts by itself on the first log call. Mistakes are reported as one line
 * on stderr, never thrown into the calling cell.
 *
 * <pre>{@code
 * Tracking.experiment("iris");
 * Tracking.param("lr", 0.01);
 * for (int epoch = 0; epoch < 10; epoch++) Tracking.metric("loss", loss(epoch));
 * Tracking.endRun();
 * }</pre>
 */
public final class Tracking {
  static final String DEFAULT_TRACKING_URI = "http://localhost:5000";

  // The facade is process-wide by design (one client per notebook kernel or pipeline JVM).
  private static volatile TrackingClient client;
  private static String trackingUri;

  private Tracking() {}

  /** The process-wide client, created on first use. */
  public static TrackingClient client() {
    TrackingClient current = client; // no lock on the hot path (Tracking.metric in a loop)
    return current != null ? current : createClient();
  }

  private static synchronized TrackingClient createClient() {
    if (client == null) {
      TrackingClient.Builder builder = TrackingClient.builder();
      if (trackingUri != null) {
        builder.trackingUri(trackingUri);
      }
      client =
          openClient(
              builder,
              defaultJournalDir(),
              Path.of(
                  System.getProperty("java.io.tmpdir"),
                  "trackbook-journal-" + System.getProperty("user.name")),
              System.err::println);
    }
    return client;
  }

  /**
   * A client journaling under {@code journalDir}, else under {@code fallback} (an unwritable home
   * directory must not break a notebook), else in memory only, as on a full disk: a cell must never
   * get an exception from a log call, so that is said once here.
   */
  static TrackingClient openClient(
      TrackingClient.Builder builder, Path journalDir, Path fallback, Consumer<String> reporter) {
    try {
      return builder.journalDir(journalDir).build();
    } catch (IOException e) {
      reporter.accept(
          "trackbook: cannot use the journal under "
              + journalDir
              + " ("
              + e.getMessage()
              + "); using "
              + fallback
              + " (set TRACKBOOK_JOURNAL_DIR to choose)");
    }
    try {
      return builder.journalDir(fallback).build();
    } catch (IOException e) {
      reporter.accept(
          "trackbook: cannot use the journal under "
              + fallback
              + " either ("
              + e.getMessage()
              + "); calls are kept in memory only (up to "
              + Journal.MAX_SPILLED_ENTRIES
              + ") until the server takes them, and lost if this process ends first: set"
              + " TRACKBOOK_JOURNAL_DIR to a writable directory");
      return builder.buildInMemory();
    }
  }

  /**
   * Switches to another server. The current client is closed first: its active runs end as FINISHED
   * and it flushes (bounded wait); what it could not send stays in its journal.
   */
  public static void setTrackingUri(String uri) {
    String checked;
    try {
      checked = checkTrackingUri(uri);
    } catch (IllegalArgumentException e) {
      System.err.println("trackbook: " + e.getMessage());
      return;
    }
    TrackingClient old;
    synchronized (Tracking.class) {
      old = client;
      client = null;
      trackingUri = checked;
    }
    if (old != null) {
      old.close();
    }
  }

  /**
   * Sets the active experiment by name (created if missing) and returns its id; null when the
   * server is unreachable, in which case the name is used when the next run is created.
   */
  public static String experiment(String name) {
    return client().experiment(name);
  }

  /** Starts a run, nested under the active run if there is one. */
  public static ActiveRun startRun(String runName) {
    return client().startRun(runName);
  }

  /** The active run, starting one if none is active. */
  public static ActiveRun activeRun() {
    return client().activeRun();
  }

  /** Ends the active run as FINISHED and flushes (bounded wait). */
  public static void endRun() {
    client().endRun();
  }

  /** Ends the active run with FINISHED, FAILED or KILLED and flushes (bounded wait). */
  public static void endRun(String status) {
    client().endRun(status);
  }

  /** Logs a param (write-once on the server); the value is rendered with String.valueOf. */
  public static void param(String key, Object value) {
    client().param(key, value);
  }

  public static void params(Map<String, ?> params) {
    client().params(params);
  }

  /** Logs a metric at the next step of this key in the active run (0, 1, 2, ...). */
  public static void metric(String key, double value) {
    client().metric(key, value);
  }

  public static void metric(String key, double value, long step) {
    client().metric(key, value, step);
  }

  public static void tag(String key, String value) {
    client().tag(key, value);
  }

  /** Sets the run's description (MLflow's tag {@code mlflow.note.content}). */
  public static void note(String markdown) {
    client().note(markdown);
  }

  /** Uploads a file, or a directory's files, into the run's artifact root. */
  public static void artifact(Path file) {
    client().artifact(file);
  }

  public static void artifact(Path file, String artifactDir) {
    client().artifact(file, artifactDir);
  }

  /**
   * Records a dataset the active run used (MLflow's log-inputs); see {@link
   * TrackingClient#inputs(String, String, String, String, String)}.
   */
  public static void inputs(
      String name, String digest, String sourceType, String source, String context) {
    client().inputs(name, digest, sourceType, source, context);
  }

  /**
   * Logs a model (a DJL {@code Model} with module tracking-djl) as artifacts {@code name} of the
   * active run, with a descriptor; see {@link TrackingClient#logModel}.
   *
   * @return {@code runs:/RUN_ID/NAME}, or null when it failed (reported on stderr)
   */
  public static String logModel(Object model, String name) {
    return client().logModel(model, name, Map.of());
  }

  /**
   * As {@link #logModel(Object, String)} with flavor options, e.g. {@code Map.of("example", new
   * float[][] {{0.1f, 0.2f}}, "postprocess", "softmax")}.
   */
  public static String logModel(Object model, String name, Map<String, ?> options) {
    return client().logModel(model, name, options);
  }

  /**
   * Registers the active run's logged model {@code name} as a new version, optionally setting an
   * alias; returns the version, or null when it failed (reported on stderr).
   */
  public static String registerModel(String name, String alias) {
    return client().registerModel(name, alias);
  }

  /**
   * Points {@code alias} of registered model {@code name} at {@code version}; see {@link
   * TrackingClient#setModelAlias}.
   */
  public static boolean setModelAlias(String name, String alias, String version) {
    return client().setModelAlias(name, alias, version);
  }

  /**
   * Loads a model: {@code models:/NAME/3}, {@code models:/NAME@champion}, {@code runs:/RUN/path}.
   * {@code predict("{\"inputs\": [[...]]}")} answers; {@code unwrap()} is the framework's model.
   * Its files are downloaded under {@code $TMPDIR/trackbook-models}; {@code close()} frees the
   * model and deletes them.
   */
  public static dev.trackbook.client.model.ServableModel loadModel(String uri) {
    return client().loadModel(uri);
  }

  /** Waits (bounded) until everything journaled so far reached the server. */
  public static void flush() {
    client().flush();
  }

  /**
   * The tracking server from the environment, as the client resolves it: {@code
   * TRACKBOOK_TRACKING_URI}, else {@code MLFLOW_TRACKING_URI}, else {@code http://localhost:5000}.
   * Tools built on the client (the model commands) use it too.
   */
  public static String defaultTrackingUri() {
    for (String variable : new String[] {"TRACKBOOK_TRACKING_URI", "MLFLOW_TRACKING_URI"}) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        try {
          return checkTrackingUri(value.trim());
        } catch (IllegalArgumentException e) {
          System.err.println(
              "trackbook: " + variable + ": " + e.getMessage() + "; using " + DEFAULT_TRACKING_URI);
          return DEFAULT_TRACKING_URI;
        }
      }
    }
    return DEFAULT_TRACKING_URI;
  }

  /**
   * The journal root: {@code TRACKBOOK_JOURNAL_DIR}, else {@code ~/.trackbook/journal}. Tools that
   * read journals ({@code trackbook journal}) use it too.
   */
  public static Path defaultJournalDir() {
    String dir = System.getenv("TRACKBOOK_JOURNAL_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    return Path.of(System.getProperty("user.home"), ".trackbook", "journal");
  }

  /**
   * The Authorization header from the process environment (see {@link #authorizationFrom}), or
   * null; for tools built on the client too.
   */
  public static String authorizationFromEnvironment() {
    return authorizationFrom(System::getenv);
  }

  /**
   * TRACKBOOK_TRACKING_TOKEN, else MLflow's own variables for authenticated servers:
   * MLFLOW_TRACKING_TOKEN (bearer), MLFLOW_TRACKING_USERNAME and _PASSWORD (basic).
   */
  static String authorizationFrom(java.util.function.UnaryOperator<String> env) {
    for (String variable : new String[] {"TRACKBOOK_TRACKING_TOKEN", "MLFLOW_TRACKING_TOKEN"}) {
      String token = env.apply(variable);
      if (token != null && !token.isBlank()) {
        return "Bearer " + token.trim();
      }
    }
    String user = env.apply("MLFLOW_TRACKING_USERNAME");
    String password = env.apply("MLFLOW_TRACKING_PASSWORD");
    if (user != null && password != null) {
      return TrackingClient.basicAuthorization(user, password);
    }
    return null;
  }

  /**
   * The URI without a trailing slash; only http(s) servers are supported by this client.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static String checkTrackingUri(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("the tracking URI is empty");
    }
    String trimmed = uri.trim();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new IllegalArgumentException(
          "tracking URI '" + uri + "' is not supported: give the server's http:// or https:// URL");
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    java.net.URI parsed;
    try {
      parsed = java.net.URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tracking URI '" + uri + "' is malformed", e);
    }
    if (parsed.getHost() == null) {
      throw new IllegalArgumentException("tracking URI '" + uri + "' has no host");
    }
    return trimmed;
  }
}
