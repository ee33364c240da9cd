package dev.trackbook.cli.serving;

import dev.trackbook.client.model.ServableModel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded version taking traffic, with a count of requests in flight so a retired version is
 * closed only once its last request finished (blue/green drain).
 */
final class Deployment {
  final String version;
  final ServableModel model;
  final VersionStats stats;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean retired;

  Deployment(String version, ServableModel model, VersionStats stats) {
    this.version = version;
    this.model = model;
    this.stats = stats;
  }

  /**
   * Takes a request; false when the version was retired meanwhile (the caller routes again). The
   * count goes up before the flag is read and {@link #retireAndDrain} sets the flag before reading
   * the count, so a request either is seen by the drain or sees the flag.
   */
  boolean tryAcquire() {
    inFlight.incrementAndGet();
    if (retired) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  void release() {
    inFlight.decrementAndGet();
  }

  /** Stops new requests, waits (bounded) for those in flight, then closes the model. */
  void retireAndDrain(Duration timeout) throws InterruptedException {
    retired = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    model.close();
  }
}
