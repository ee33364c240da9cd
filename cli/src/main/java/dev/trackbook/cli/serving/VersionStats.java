package dev.trackbook.cli.serving;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/** Request figures of one model version: counts and a latency histogram (microseconds). */
final class VersionStats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder clientErrors = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  // Up to one minute at 3 significant digits: HdrHistogram records in constant time, lock-free.
  private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(60_000_000L, 3);

  void record(long nanos, int status) {
    requests.increment();
    if (status >= 500) {
      serverErrors.increment();
    } else if (status >= 400) {
      clientErrors.increment();
    }
    latencyMicros.recordValue(Math.min(60_000_000L, Math.max(1, nanos / 1000)));
  }

  /** The figures as JSON-like values for {@code /metrics}. */
  Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requests", requests.sum());
    out.put("errors", clientErrors.sum() + serverErrors.sum());
    out.put("client_errors", clientErrors.sum());
    out.put("server_errors", serverErrors.sum());
    Map<String, Object> latency = new LinkedHashMap<>();
    var snapshot = latencyMicros.copy();
    boolean empty = snapshot.getTotalCount() == 0;
    latency.put("mean", empty ? 0 : snapshot.getMean() / 1000.0);
    for (double p : new double[] {50, 90, 99, 99.9}) {
      String key = "p" + (p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p));
      latency.put(key, empty ? 0 : snapshot.getValueAtPercentile(p) / 1000.0);
    }
    latency.put("max", empty ? 0 : snapshot.getMaxValue() / 1000.0);
    out.put("latency_ms", latency);
    return out;
  }
}
