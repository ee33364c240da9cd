package dev.trackbook.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Addresses of pages in the tracking server's web UI, which routes them as MLflow's UI does ({@code
 * #/experiments/<id>/runs/<run id>}), so the same links work against an MLflow server. User
 * credentials in the tracking URI never appear in a link.
 */
public final class RunPages {
  private RunPages() {}

  /** The page of run {@code runId} of experiment {@code experimentId}. */
  public static String run(String trackingUri, String experimentId, String runId) {
    return experiment(trackingUri, experimentId) + "/runs/" + segment(runId);
  }

  /** The page of experiment {@code experimentId}. */
  public static String experiment(String trackingUri, String experimentId) {
    return base(trackingUri) + "/#/experiments/" + segment(experimentId);
  }

  private static String base(String trackingUri) {
    URI u = URI.create(Tracking.checkTrackingUri(trackingUri));
    // getHost keeps an IPv6 address's brackets; only the user info is left out.
    return u.getScheme()
        + "://"
        + u.getHost()
        + (u.getPort() < 0 ? "" : ":" + u.getPort())
        + (u.getRawPath() == null ? "" : u.getRawPath());
  }

  private static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
