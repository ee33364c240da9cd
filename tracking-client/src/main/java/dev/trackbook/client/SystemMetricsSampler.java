package dev.trackbook.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Optional sampler of process metrics, logged to a client's active run every few seconds while a
 * run is active (it never starts one): {@code system/cpu_utilization_percentage} (this process, all
 * cores = 100), {@code system/jvm_heap_used_megabytes} and, on Linux, {@code
 * system/process_rss_megabytes}. Names follow MLflow's {@code system/} prefix for system metrics.
 *
 * <pre>{@code
 * try (var sampler = SystemMetricsSampler.start(Tracking.client(), Duration.ofSeconds(5))) { ... }
 * }</pre>
 */
public final class SystemMetricsSampler implements AutoCloseable {

  private static final Path PROC_STATUS = Path.of("/proc/self/status");

  private final TrackingClient client;
  private final ScheduledExecutorService timer;

  private SystemMetricsSampler(TrackingClient client) {
    this.client = client;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "trackbook-system-metrics");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts sampling every {@code interval} (at least 100 ms). */
  public static SystemMetricsSampler start(TrackingClient client, Duration interval) {
    long millis = Math.max(100, interval.toMillis());
    SystemMetricsSampler sampler = new SystemMetricsSampler(client);
    sampler.timer.scheduleAtFixedRate(sampler::logSample, millis, millis, TimeUnit.MILLISECONDS);
    return sampler;
  }

  private void logSample() {
    try {
      if (client.hasActiveRun()) { // cheap pre-check: no sample is read between runs
        client.metricsIfActive(sample());
      }
    } catch (RuntimeException e) {
      // A failed sample must not kill the timer; the next one may work (e.g. after a run change).
    }
  }

  /** One sample; values that cannot be read on this platform are left out. */
  static Map<String, Double> sample() {
    Map<String, Double> values = new LinkedHashMap<>();
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      double load = os.getProcessCpuLoad();
      if (load >= 0) {
        values.put("system/cpu_utilization_percentage", load * 100);
      }
    }
    values.put(
        "system/jvm_heap_used_megabytes",
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6);
    Double rss = rssMegabytes();
    if (rss != null) {
      values.put("system/process_rss_megabytes", rss);
    }
    return values;
  }

  /** VmRSS from /proc/self/status (Linux), in MB; null elsewhere. */
  static Double rssMegabytes() {
    if (!Files.isReadable(PROC_STATUS)) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(PROC_STATUS)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring(6).trim().split("\\s+")[0];
          return Long.parseLong(kb) * 1024 / 1e6;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  /** Stops sampling. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
