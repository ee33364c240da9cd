package dev.trackbook.cli.serving;

import dev.trackbook.client.Tracking;
import dev.trackbook.client.model.ModelRegistry;
import dev.trackbook.client.transport.MlflowRestApi;
import java.time.Duration;

/**
 * The tracking server the model commands talk to: {@code --tracking-uri}, else the one the client
 * finds in the environment, with the client's credentials ({@code TRACKBOOK_TRACKING_TOKEN}, then
 * MLflow's variables): the same resolution a notebook's {@code Tracking} uses.
 */
public final class RegistryConnection {
  private RegistryConnection() {}

  /**
   * A registry client for {@code trackingUri} (null: the environment's).
   *
   * @throws IllegalArgumentException when the URI is not an http(s) URL
   */
  public static ModelRegistry open(String trackingUri) {
    String uri =
        Tracking.checkTrackingUri(
            trackingUri == null ? Tracking.defaultTrackingUri() : trackingUri);
    return new ModelRegistry(
        new MlflowRestApi(uri, Tracking.authorizationFromEnvironment(), Duration.ofSeconds(30)));
  }
}
