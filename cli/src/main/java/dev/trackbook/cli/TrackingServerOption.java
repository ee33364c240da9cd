package dev.trackbook.cli;

import dev.trackbook.cli.serving.RegistryConnection;
import dev.trackbook.client.model.ModelRegistry;
import picocli.CommandLine.Option;

/** The {@code --tracking-uri} option the model commands ({@code validate}, {@code serve}) share. */
final class TrackingServerOption {
  // One line per default: picocli wraps a URL that ends a line at its ':' or '/'.
  @Option(
      names = "--tracking-uri",
      paramLabel = "URI",
      description = {
        "Tracking server (default: $TRACKBOOK_TRACKING_URI,",
        "else $MLFLOW_TRACKING_URI, else",
        "http://localhost:5000)"
      })
  String uri;

  /** The registry of that server, with the environment's token. */
  ModelRegistry registry() {
    return RegistryConnection.open(uri);
  }
}
