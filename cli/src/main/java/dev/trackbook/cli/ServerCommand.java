package dev.trackbook.cli;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.auth.AccessControl;
import dev.trackbook.server.auth.JdbcTokenStore;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./trackbook server}: the MLflow-compatible tracking server on a store and an artifact
 * directory. Runs until SIGTERM or Ctrl-C, then stops listening and closes the store.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the tracking server (MLflow REST API under /api/2.0/mlflow/, web UI at /).",
      "<data> below is $TRACKBOOK_DATA (as for up), else .trackbook/data in $TRACKBOOK_HOME"
          + " (which the launcher sets to its checkout), else in the working directory.",
      "Runs until Ctrl-C or SIGTERM: requests in flight finish, then the store is closed."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "1:could not start (a store it cannot open, a taken port)",
      "2:a command-line mistake",
      "130:stopped by Ctrl-C (SIGINT)",
      "143:stopped by SIGTERM"
    })
final class ServerCommand implements Callable<Integer> {
  @Option(
      paramLabel = "PORT",
      names = "--port",
      converter = OptionTypes.Port.class,
      description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port = ServerConfig.DEFAULT_PORT;

  @Option(
      paramLabel = "HOST",
      names = "--host",
      converter = OptionTypes.Host.class,
      description = "Interface to bind; 0.0.0.0 exposes the server (default: ${DEFAULT-VALUE})")
  String host = ServerConfig.DEFAULT_HOST;

  @Option(
      names = "--store",
      paramLabel = "URI",
      description =
          "sqlite:PATH or postgresql://user:pw@host:port/db (default: sqlite:<data>/mlruns.db)")
  String store;

  @Option(
      names = "--artifacts",
      paramLabel = "DIR",
      description = "Artifact root directory (default: <data>/artifacts)")
  Path artifacts;

  @Option(
      names = "--auth",
      description =
          "Require a bearer token on every API request (create one with `trackbook token create`)")
  boolean auth;

  @Option(
      names = "--require-validation",
      paramLabel = "ALIAS",
      split = ",",
      // Two lines, so the tag's name starts one: wrapped mid-line it broke at a '.'.
      description = {
        "Model aliases (e.g. champion,prod) that may only point at a version whose",
        "trackbook.validation.status tag is passed (set by `trackbook validate`)"
      })
  List<String> requireValidation = new ArrayList<>();

  @Option(
      names = "--max-artifact-mb",
      paramLabel = "MB",
      description =
          "The largest artifact upload, in MiB: larger ones are refused with 413 (default: 10240)")
  long maxArtifactMb = ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES / (1024 * 1024);

  /** The server configuration the options describe. */
  ServerConfig config() {
    if (maxArtifactMb < 1 || maxArtifactMb > Long.MAX_VALUE / (1024 * 1024)) {
      throw new IllegalArgumentException(
          "--max-artifact-mb must be a number of MiB from 1, got " + maxArtifactMb);
    }
    return ServerConfig.defaults()
        .withHost(host)
        .withPort(port)
        .withLimits(ServerConfig.DEFAULT_MAX_JSON_BODY_BYTES, maxArtifactMb * 1024 * 1024)
        .withRequireValidation(Set.copyOf(requireValidation));
  }

  @Override
  public Integer call() throws Exception {
    Path data = dataDir();
    String storeUri = store != null ? store : "sqlite:" + data.resolve("mlruns.db");
    Path artifactRoot = artifacts != null ? artifacts : data.resolve("artifacts");
    ServerConfig config = config();

    BindFailure.checkListenable(host, port);
    TrackingStore trackingStore = StoreFactory.open(storeUri);
    TrackingServer server;
    try {
      AccessControl access = AccessControl.disabled();
      if (auth) {
        JdbcTokenStore tokens = JdbcTokenStore.on(trackingStore, Clock.systemUTC());
        if (tokens.list().stream().noneMatch(t -> !t.revoked())) {
          System.err.println(
              "trackbook: --auth is on but the store has no valid token yet; create the first"
                  + " admin with: trackbook token create --store "
                  + redactPassword(storeUri)
                  + " --name admin --scope admin");
        }
        access = AccessControl.bearerTokens(tokens);
      }
      server =
          TrackingServer.create(
                  config,
                  trackingStore,
                  new LocalArtifactRepository(artifactRoot),
                  Clock.systemUTC(),
                  access)
              .start();
    } catch (RuntimeException e) {
      trackingStore.close();
      throw BindFailure.explained(host, port, e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C run shutdown hooks: finish in-flight requests, then close the store.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop();
                  trackingStore.close();
                  stopped.countDown();
                },
                "trackbook-server-shutdown"));
    System.out.println("Trackbook tracking server: " + server.url());
    System.out.println("  store:     " + redactPassword(storeUri));
    System.out.println("  artifacts: " + artifactRoot.toAbsolutePath());
    if (!config.requireValidationAliases().isEmpty()) {
      System.out.println(
          "  aliases needing a passed validation: "
              + String.join(", ", new TreeSet<>(config.requireValidationAliases())));
    }
    System.out.println("  MLflow clients: export MLFLOW_TRACKING_URI=" + server.url());
    if (auth) {
      System.out.println(
          "  auth:      bearer tokens required (export MLFLOW_TRACKING_TOKEN=...; create one with"
              + " `trackbook token create --name NAME --scope admin|write|read`)");
    }
    System.out.flush();
    stopped.await();
    return 0;
  }

  /**
   * $TRACKBOOK_DATA, where {@code ./trackbook up} keeps the store it starts the server on (a {@code
   * server} or {@code token create} after {@code TRACKBOOK_DATA=... up} used another store); else
   * .trackbook/data in $TRACKBOOK_HOME, which the launcher sets; else in the working directory.
   */
  static Path dataDir() {
    String data = System.getenv("TRACKBOOK_DATA");
    if (data != null && !data.isBlank()) {
      return Path.of(data).toAbsolutePath();
    }
    return ProjectHome.root().resolve(".trackbook").resolve("data");
  }

  /** Keeps a PostgreSQL password out of the console and logs. */
  static String redactPassword(String uri) {
    return uri.replaceAll("(://[^:/@]+):[^@/]*@", "$1:***@");
  }
}
