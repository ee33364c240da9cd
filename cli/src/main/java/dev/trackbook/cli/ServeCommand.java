package dev.trackbook.cli;

import dev.trackbook.cli.serving.ModelServing;
import dev.trackbook.cli.serving.Workspace;
import dev.trackbook.client.model.ModelNotFoundException;
import dev.trackbook.client.model.ModelUri;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./trackbook serve models:/NAME@champion --port 8080}: a scoring server that follows the
 * alias with blue/green switches. Exit code 2 when the model, version or alias does not exist.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a registered model: POST /invocations, GET /health (or /ping), GET /metrics.",
      "/invocations takes MLflow's JSON forms ({\"inputs\": [[...]]}, instances,"
          + " dataframe_split, dataframe_records) or text/csv with a header row.",
      "With an alias (models:/NAME@ALIAS) it follows the alias: a new version is loaded and"
          + " checked, then takes the traffic while the old one drains; a version that fails is"
          + " tagged failed and the old one stays.",
      "The tracking server's token comes from $TRACKBOOK_TRACKING_TOKEN, else"
          + " $MLFLOW_TRACKING_TOKEN."
          + " Runs until Ctrl-C or SIGTERM."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "1:could not start (an unreachable server, a version that fails its check, a taken port)",
      "2:no such model, version or alias; or a command-line mistake",
      "130:stopped by Ctrl-C (SIGINT)",
      "143:stopped by SIGTERM"
    })
final class ServeCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "MODEL_URI",
      converter = OptionTypes.RegisteredModel.class,
      description = {"models:/NAME@ALIAS, models:/NAME/VERSION or", "models:/NAME/latest"})
  ModelUri uri;

  @Option(
      paramLabel = "PORT",
      names = "--port",
      converter = OptionTypes.Port.class,
      description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port = 8080;

  @Option(
      paramLabel = "HOST",
      names = "--host",
      converter = OptionTypes.Host.class,
      description = "Interface to bind (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Mixin TrackingServerOption trackingServer;

  @Option(
      names = "--canary",
      paramLabel = "MODEL_URI",
      converter = OptionTypes.RegisteredModel.class,
      description = "A second version that takes --canary-percent of the requests")
  ModelUri canary;

  @Option(
      paramLabel = "PERCENT",
      names = "--canary-percent",
      converter = OptionTypes.Percent.class,
      description = "Share of requests for the canary, 0-100 (default: ${DEFAULT-VALUE})")
  int canaryPercent = 10;

  @Option(
      paramLabel = "MILLIS",
      names = "--poll-ms",
      converter = OptionTypes.AtLeastOne.class,
      description = "How often to check the alias (default: ${DEFAULT-VALUE})")
  long pollMillis = 2000;

  @Option(
      paramLabel = "MILLIS",
      names = "--latency-ms",
      converter = OptionTypes.LatencyBound.class,
      description = "Largest median latency a new version may show (default: ${DEFAULT-VALUE})")
  double latencyMillis = 100;

  @Override
  public Integer call() throws Exception {
    BindFailure.checkListenable(host, port);
    ModelServing.Options options =
        new ModelServing.Options(
            host,
            port,
            canary,
            canaryPercent,
            Duration.ofMillis(pollMillis),
            latencyMillis,
            Workspace.root());
    ModelServing serving;
    try {
      serving = ModelServing.start(trackingServer.registry(), uri, options);
    } catch (ModelNotFoundException e) {
      System.err.println("trackbook serve: " + uri + " not found: " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      throw BindFailure.explained(host, port, e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  serving.close();
                  stopped.countDown();
                },
                "trackbook-serve-shutdown"));
    System.out.println(
        "Serving "
            + uri
            + " (version "
            + serving.primaryVersion()
            + ") on http://"
            + host
            + ":"
            + serving.port()
            + "/invocations");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
