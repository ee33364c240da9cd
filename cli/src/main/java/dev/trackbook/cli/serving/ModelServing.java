package dev.trackbook.cli.serving;

import dev.trackbook.client.model.ModelNotFoundException;
import dev.trackbook.client.model.ModelRegistry;
import dev.trackbook.client.model.ModelRegistry.ResolvedModel;
import dev.trackbook.client.model.ModelUri;
import dev.trackbook.client.model.ServableModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code trackbook serve}: a {@link ScoringServer} for a registered model plus, when the model is
 * named by alias, a watcher that polls the alias. When it moves, the new version is downloaded,
 * loaded and checked ({@link ModelCheck}) next to the running one; only then does traffic switch. A
 * version that fails is tagged {@code trackbook.validation.status=failed} and never retried; the
 * old version keeps serving.
 */
public final class ModelServing implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelServing.class);

  /** Serving settings. */
  public record Options(
      String host,
      int port,
      ModelUri canary,
      int canaryPercent,
      Duration pollInterval,
      double latencyBoundMillis,
      Path workDir) {}

  private final ModelRegistry registry;
  private final ModelUri uri;
  private final Options options;
  private final Set<String> failedVersions = ConcurrentHashMap.newKeySet();
  private ScoringServer server;
  private ScheduledExecutorService watcher;

  private ModelServing(ModelRegistry registry, ModelUri uri, Options options) {
    this.registry = registry;
    this.uri = uri;
    this.options = options;
  }

  /**
   * Resolves, loads and checks the model (and the canary), then starts serving.
   *
   * @throws ModelNotFoundException when the model, version or alias does not exist
   * @throws IOException when it cannot be loaded or fails its check (one-line message)
   */
  public static ModelServing start(ModelRegistry registry, ModelUri uri, Options options)
      throws IOException {
    if (!uri.isRegistered()) {
      throw new IllegalArgumentException(
          "serve takes a registered model (models:/NAME/VERSION, models:/NAME@ALIAS or"
              + " models:/NAME/latest)");
    }
    ModelServing serving = new ModelServing(registry, uri, options);
    serving.startServer();
    return serving;
  }

  private void startServer() throws IOException {
    ResolvedModel primary = registry.resolve(uri);
    ServableModel model = loadChecked(primary);
    ServableModel canaryModel = null;
    String canaryVersion = null;
    if (options.canary() != null) {
      ResolvedModel canary = registry.resolve(options.canary());
      canaryVersion = canary.version().version();
      try {
        canaryModel = loadChecked(canary);
      } catch (IOException e) {
        model.close();
        throw e;
      }
    }
    server =
        new ScoringServer(uri.name(), uri.toString(), options.host(), options.port())
            .start(
                primary.version().version(),
                model,
                canaryVersion,
                canaryModel,
                options.canaryPercent());
    if (uri.alias() != null) {
      watcher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "trackbook-alias-watcher");
                t.setDaemon(true);
                return t;
              });
      long interval = options.pollInterval().toMillis();
      watcher.scheduleWithFixedDelay(this::pollAlias, interval, interval, TimeUnit.MILLISECONDS);
    }
  }

  /** The port the scoring server listens on. */
  public int port() {
    return server.port();
  }

  /** The version taking primary traffic now. */
  public String primaryVersion() {
    return server.primaryVersion();
  }

  /** One poll of the alias; a switch, a rejection, or nothing. */
  void pollAlias() {
    ResolvedModel next;
    try {
      next = registry.resolve(uri);
    } catch (IOException e) {
      LOG.warn(
          "cannot resolve {}: {} (keeps serving version {})",
          uri,
          e.getMessage(),
          primaryVersion());
      return;
    }
    String version = next.version().version();
    if (version.equals(primaryVersion()) || failedVersions.contains(version)) {
      return;
    }
    ServableModel model;
    try {
      model = loadChecked(next);
    } catch (IOException e) {
      failedVersions.add(version);
      server.rejected(version, e.getMessage());
      try {
        registry.recordValidation(uri.name(), version, false, e.getMessage());
      } catch (IOException tagging) {
        LOG.warn("cannot tag version {} as failed: {}", version, tagging.getMessage());
      }
      return;
    }
    try {
      server.switchPrimary(version, model);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Downloads, loads and checks a version; the loaded model, or a one-line IOException. */
  private ServableModel loadChecked(ResolvedModel resolved) throws IOException {
    ServableModel model; // closing a retired or refused version deletes its files
    try {
      model = registry.load(resolved, options.workDir(), "v" + resolved.version().version() + "-");
    } catch (ModelNotFoundException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw new IOException(resolved.pinned() + " cannot be loaded: " + ModelCheck.oneLine(e), e);
    }
    ModelCheck.Verdict verdict = ModelCheck.run(model, options.latencyBoundMillis());
    if (!verdict.passed()) {
      model.close();
      throw new IOException(resolved.pinned() + " failed its check: " + verdict.detail());
    }
    return model;
  }

  /** Stops polling and serving. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }
}
