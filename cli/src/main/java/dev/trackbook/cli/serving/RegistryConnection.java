package dev.trackbook.cli.serving;

import dev.trackbook.client.model.ModelRegistry;
import dev.trackbook.client.transport.MlflowRestApi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The tracking server the model commands talk to: {@code --tracking-uri}, else {@code
 * TRACKBOOK_TRACKING_URI}, else {@code MLFLOW_TRACKING_URI}, else {@code http://localhost:5000};
 * credentials from MLflow's variables.
 */
public final class RegistryConnection {
  private RegistryConnection() {}

  /** The URI to use when none is given on the command line. */
  public static String defaultUri() {
    for (String variable : new String[] {"TRACKBOOK_TRACKING_URI", "MLFLOW_TRACKING_URI"}) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    return "http://localhost:5000";
  }

  /** A registry client for {@code trackingUri}. */
  public static ModelRegistry open(String trackingUri) {
    String uri = trackingUri == null ? defaultUri() : trackingUri;
    if (!uri.startsWith("http://") && !uri.startsWith("https://")) {
      throw new IllegalArgumentException(
          "tracking URI '" + uri + "' is not supported: give the server's http:// or https:// URL");
    }
    return new ModelRegistry(new MlflowRestApi(uri, authorization(), Duration.ofSeconds(30)));
  }

  private static String authorization() {
    String token = System.getenv("MLFLOW_TRACKING_TOKEN");
    if (token != null && !token.isBlank()) {
      return "Bearer " + token;
    }
    String user = System.getenv("MLFLOW_TRACKING_USERNAME");
    String password = System.getenv("MLFLOW_TRACKING_PASSWORD");
    if (user != null && password != null) {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }
}
