package dev.trackbook.cli;

import dev.trackbook.cli.serving.ModelServing;
import dev.trackbook.cli.serving.RegistryConnection;
import dev.trackbook.cli.serving.Workspace;
import dev.trackbook.client.model.ModelNotFoundException;
import dev.trackbook.client.model.ModelUri;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
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
      "Serve a registered model: POST /invocations {\"inputs\": [[...]]}, GET /health, GET /metrics.",
      "With an alias, follows it: a new version is loaded and checked, then takes the traffic",
      "while the old one drains; a version that fails is tagged failed and the old one stays."
    })
final class ServeCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "MODEL_URI",
      converter = OptionTypes.RegisteredModel.class,
      description = "models:/NAME@ALIAS, models:/NAME/VERSION or models:/NAME/latest")
  ModelUri uri;

  @Option(
      paramLabel = "PORT",
      names = "--port",
      converter = OptionTypes.Port.class,
      description = "TCP port (default: ${DEFAULT-VALUE})")
  int port = 8080;

  @Option(
      paramLabel = "HOST",
      names = "--host",
      description = "Interface to bind (default: ${DEFAULT-VALUE})")
  String host = "127.0.0.1";

  @Option(
      paramLabel = "URI",
      names = "--tracking-uri",
      description = "Tracking server (default: $TRACKBOOK_TRACKING_URI, $MLFLOW_TRACKING_URI)")
  String trackingUri;

  @Option(
      names = "--canary",
      paramLabel = "MODEL_URI",
      converter = OptionTypes.RegisteredModel.class,
      description = "A second version to try")
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
      description = "How often to check the alias, in ms (default: ${DEFAULT-VALUE})")
  long pollMillis = 2000;

  @Option(
      paramLabel = "MILLIS",
      names = "--latency-ms",
      description = "Largest median latency a new version may show (default: ${DEFAULT-VALUE})")
  double latencyMillis = 100;

  @Override
  public Integer call() throws Exception {
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
      serving = ModelServing.start(RegistryConnection.open(trackingUri), uri, options);
    } catch (ModelNotFoundException e) {
      System.err.println("trackbook serve: " + uri + " not found (404): " + e.getMessage());
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
