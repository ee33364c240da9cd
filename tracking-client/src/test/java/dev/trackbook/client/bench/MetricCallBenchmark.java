package dev.trackbook.client.bench;

import dev.trackbook.client.Tracking;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * How long {@code metric(key, value)} keeps the caller (target: median at most 20 µs), next to a
 * baseline measured in the same run: a plain {@link FileChannel} append of a record-sized buffer,
 * the least any durable-on-JVM-crash journal can cost. Not a unit test: timings depend on the
 * machine. Run with {@code tracking-client/bench/run-metric-bench}.
 *
 * <p>The client points at an unreachable server by default (the flusher backs off), so the figure
 * is the caller's cost alone; pass a URI to measure while the flusher sends to a live server (then
 * the flusher competes for the same cores).
 */
public final class MetricCallBenchmark {
  private static final int WARMUP = 200_000;
  private static final int MEASURED = 200_000;

  public static void main(String[] args) throws IOException {
    String uri = args.length > 0 ? args[0] : "http://127.0.0.1:9";
    Path dir = Files.createTempDirectory("trackbook-bench");
    long[] baseline = baseline(dir.resolve("baseline.log"));
    long[] client = new long[MEASURED];
    // The static facade, as notebook cells call it; its journal goes to TRACKBOOK_JOURNAL_DIR.
    Tracking.setTrackingUri(uri);
    try {
      Tracking.startRun("bench");
      for (int i = 0; i < WARMUP; i++) {
        Tracking.metric("loss", i * 0.001);
      }
      for (int i = 0; i < MEASURED; i++) {
        long start = System.nanoTime();
        Tracking.metric("loss", i * 0.001);
        client[i] = System.nanoTime() - start;
      }
      Tracking.endRun();
    } finally {
      Tracking.setTrackingUri("http://localhost:5000"); // closes the client (bounded flush)
    }
    System.out.println("server: " + uri + "   calls measured: " + MEASURED);
    print("baseline FileChannel append (64 B)", baseline);
    print("Tracking.metric(key, value)", client);
  }

  private static long[] baseline(Path file) throws IOException {
    long[] times = new long[MEASURED];
    ByteBuffer record = ByteBuffer.allocate(64);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int i = 0; i < WARMUP + MEASURED; i++) {
        record.clear();
        record.putLong(0, i);
        long start = System.nanoTime();
        channel.write(record);
        long elapsed = System.nanoTime() - start;
        if (i >= WARMUP) {
          times[i - WARMUP] = elapsed;
        }
      }
    }
    return times;
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%-36s median %6.2f µs   p90 %6.2f µs   p99 %7.2f µs%n",
        what,
        sorted[sorted.length / 2] / 1000.0,
        sorted[sorted.length * 9 / 10] / 1000.0,
        sorted[sorted.length * 99 / 100] / 1000.0);
  }
}
