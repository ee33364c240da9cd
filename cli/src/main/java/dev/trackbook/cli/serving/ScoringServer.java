package dev.trackbook.cli.serving;

import dev.trackbook.client.model.ModelInputException;
import dev.trackbook.client.model.ModelJson;
import dev.trackbook.client.model.ServableModel;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring HTTP server: {@code POST /invocations} (MLflow's JSON request forms, or {@code
 * text/csv} with a header row), {@code GET /health} (also {@code /ping}), {@code GET /metrics}.
 * Traffic goes to one primary version and, optionally, a canary share to a second; {@link
 * #switchPrimary} replaces the primary atomically and drains the old one.
 */
public final class ScoringServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScoringServer.class);
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** Who takes traffic now; replaced as a whole so a request sees one consistent routing. */
  private record Routing(Deployment primary, Deployment canary, int canaryPercent) {}

  private final String modelName;
  private final String source;
  private final AtomicReference<Routing> routing = new AtomicReference<>();
  private final Map<String, VersionStats> statsByVersion = new ConcurrentHashMap<>();
  private final List<Map<String, Object>> events = new ArrayList<>();
  private final Javalin app;
  private final String host;
  private final int port;

  /**
   * @param modelName registered model name, for /health and /metrics
   * @param source what the server follows, e.g. {@code models:/mlp@champion}
   */
  public ScoringServer(String modelName, String source, String host, int port) {
    this.modelName = modelName;
    this.source = source;
    this.host = host;
    this.port = port;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = 16L * 1024 * 1024;
              config.routes.post("/invocations", this::invocations);
              config.routes.get("/health", this::health);
              // mlflow models serve answers GET /ping as well as /health; load balancers and
              // container probes written for an MLflow scoring server (SageMaker's) ask /ping.
              config.routes.get("/ping", this::health);
              config.routes.get("/metrics", this::metrics);
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "INTERNAL_ERROR", "internal error; the server log has details");
                  });
            });
  }

  /** Starts serving {@code version} (and the canary, if any). */
  public synchronized ScoringServer start(
      String version,
      ServableModel model,
      String canaryVersion,
      ServableModel canary,
      int percent) {
    Deployment primary = new Deployment(version, model, stats(version));
    Deployment second =
        canary == null ? null : new Deployment(canaryVersion, canary, stats(canaryVersion));
    routing.set(new Routing(primary, second, second == null ? 0 : percent));
    event("start", version, "serving" + (second == null ? "" : ", canary " + canaryVersion));
    try {
      app.start(host, port);
    } catch (RuntimeException e) {
      close(); // the models are ours now: a server that cannot listen deletes their downloads
      throw e;
    }
    return this;
  }

  /** The port listened on (the chosen one for port 0). */
  public int port() {
    return app.port();
  }

  /** The primary version now. */
  public String primaryVersion() {
    return routing.get().primary().version;
  }

  /**
   * Sends all new primary traffic to {@code version} at once, then waits for the old version's
   * requests in flight and closes it.
   */
  public void switchPrimary(String version, ServableModel model) throws InterruptedException {
    Deployment next = new Deployment(version, model, stats(version));
    Routing old;
    synchronized (this) {
      old = routing.get();
      routing.set(new Routing(next, old.canary(), old.canaryPercent()));
    }
    event("switch", version, "from version " + old.primary().version);
    old.primary().retireAndDrain(DRAIN_TIMEOUT);
  }

  /** Records a version that was not switched to, for /metrics. */
  public void rejected(String version, String detail) {
    event("rejected", version, detail);
  }

  private void invocations(Context ctx) {
    long start = System.nanoTime();
    Deployment deployment = acquire();
    int status = 200;
    try {
      ctx.header("X-Model-Version", deployment.version);
      String request =
          RequestFormat.of(ctx.contentType()) == RequestFormat.CSV
              ? CsvRequest.toJson(ctx.body())
              : ctx.body();
      String answer = deployment.model.predict(request);
      ctx.contentType("application/json").result(answer);
    } catch (RequestFormat.UnsupportedException e) {
      status = 415;
      error(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", e.getMessage());
    } catch (ModelInputException e) {
      status = 400;
      error(ctx, 400, "BAD_REQUEST", e.getMessage());
    } catch (HttpResponseException e) { // e.g. 413 from Javalin's request size limit
      status = e.getStatus();
      error(ctx, status, status == 413 ? "REQUEST_TOO_LARGE" : "BAD_REQUEST", e.getMessage());
    } catch (RuntimeException e) {
      status = 500;
      LOG.error("prediction failed on version {}", deployment.version, e);
      error(ctx, 500, "INTERNAL_ERROR", "prediction failed; the server log has details");
    } finally {
      deployment.release();
      deployment.stats.record(System.nanoTime() - start, status);
    }
  }

  private Deployment acquire() {
    while (true) {
      Routing r = routing.get();
      Deployment d =
          r.canary() != null && ThreadLocalRandom.current().nextInt(100) < r.canaryPercent()
              ? r.canary()
              : r.primary();
      if (d.tryAcquire()) {
        return d;
      }
      Thread.onSpinWait(); // retired between the read and the acquire: route again
    }
  }

  private void health(Context ctx) {
    Routing r = routing.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("model", modelName);
    body.put("version", r.primary().version);
    if (r.canary() != null) {
      body.put("canary_version", r.canary().version);
    }
    ctx.contentType("application/json").result(ModelJson.writeCompact(body));
  }

  private void metrics(Context ctx) {
    Routing r = routing.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", modelName);
    body.put("source", source);
    body.put("primary_version", r.primary().version);
    body.put("canary_version", r.canary() == null ? null : r.canary().version);
    body.put("canary_percent", r.canaryPercent());
    Map<String, Object> versions = new LinkedHashMap<>();
    statsByVersion.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> versions.put(e.getKey(), e.getValue().toJson()));
    body.put("versions", versions);
    synchronized (events) {
      body.put("events", new ArrayList<>(events));
    }
    ctx.contentType("application/json").result(ModelJson.write(body));
  }

  private VersionStats stats(String version) {
    return statsByVersion.computeIfAbsent(version, v -> new VersionStats());
  }

  private void event(String kind, String version, String detail) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("at", Instant.now().toString());
    e.put("event", kind);
    e.put("version", version);
    e.put("detail", detail);
    synchronized (events) {
      events.add(e);
    }
    LOG.info("{} version {}: {}", kind, version, detail);
  }

  private static void error(Context ctx, int status, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("message", message);
    ctx.status(status).contentType("application/json").result(ModelJson.writeCompact(body));
  }

  /** Stops listening, then closes every loaded version. */
  @Override
  public synchronized void close() {
    app.stop();
    Routing r = routing.get();
    if (r != null) {
      r.primary().model.close();
      if (r.canary() != null) {
        r.canary().model.close();
      }
    }
  }
}
