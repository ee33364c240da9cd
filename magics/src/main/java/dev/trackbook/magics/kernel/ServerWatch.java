package dev.trackbook.magics.kernel;

import dev.trackbook.client.transport.MlflowRestApi;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Knows whether the tracking server answers, so a logging magic can add a one-line warning to its
 * cell when the data stays in the local journal for now. Probes run in the background; a magic
 * waits for a probe at most {@link #MAX_WAIT} (a refused connection answers at once), so a slow
 * network never holds a cell up. Warns once per outage.
 */
final class ServerWatch {

  static final Duration MAX_WAIT = Duration.ofMillis(300);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration RECHECK_AFTER = Duration.ofSeconds(2);

  /** Probes run here, not on the cell's thread; a daemon, so a hung probe never holds the JVM. */
  private static final java.util.concurrent.Executor PROBES =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "trackbook-server-probe");
            t.setDaemon(true);
            return t;
          });

  private String uri;
  private CompletableFuture<Boolean> probe;
  private long probedAtNanos;
  private boolean warned;

  /**
   * Checks {@code trackingUri} and returns the warning to show now, or {@code null}: when the
   * server is up, when this outage was already reported, or when no probe answered within {@link
   * #MAX_WAIT}.
   */
  synchronized String warningFor(String trackingUri) {
    if (!trackingUri.equals(uri)) {
      uri = trackingUri;
      probe = null;
      warned = false;
    }
    long now = System.nanoTime();
    if (probe == null || probe.isDone() && now - probedAtNanos > RECHECK_AFTER.toNanos()) {
      probe = probe(trackingUri);
      probedAtNanos = now;
    }
    Boolean up;
    try {
      up = probe.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      up = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      up = null;
    }
    if (Boolean.TRUE.equals(up)) {
      warned = false;
      return null;
    }
    if (Boolean.FALSE.equals(up) && !warned) {
      warned = true;
      return "Warning: tracking server "
          + trackingUri
          + " is unreachable; logged to the local journal, it will be sent when the server is back.";
    }
    return null;
  }

  private CompletableFuture<Boolean> probe(String trackingUri) {
    // Any HTTP answer means the server is there; only a failed connection means it is not.
    MlflowRestApi api = new MlflowRestApi(trackingUri, null, PROBE_TIMEOUT);
    return CompletableFuture.supplyAsync(api::answers, PROBES);
  }
}
