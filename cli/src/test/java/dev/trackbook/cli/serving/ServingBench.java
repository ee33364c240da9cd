package dev.trackbook.cli.serving;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import dev.trackbook.client.TrackingClient;
import dev.trackbook.client.model.FilesBoundModel;
import dev.trackbook.client.model.ModelRegistry;
import dev.trackbook.client.model.ModelUri;
import dev.trackbook.client.model.ServableModel;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Serving benchmark (bench/serving/run): latency of {@code POST /invocations} for the example MLP
 * at one client on loopback, and throughput with several clients, next to two baselines measured in
 * the same run: the in-process predict (JSON in, JSON out, no HTTP) and an empty {@code GET
 * /health} round trip (HTTP only).
 */
public final class ServingBench {
  private ServingBench() {}

  public static void main(String[] args) throws Exception {
    int requests = Integer.getInteger("bench.requests", 20_000);
    int clients = Integer.getInteger("bench.clients", 4);
    int seconds = Integer.getInteger("bench.seconds", 10);
    Path tmp = Files.createTempDirectory("trackbook-serving-bench");
    TrackingStore store = StoreFactory.open("sqlite:" + tmp.resolve("mlruns.db"));
    TrackingServer server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                store,
                new LocalArtifactRepository(tmp.resolve("artifacts")),
                Clock.systemUTC())
            .start();
    try (TrackingClient client =
            TrackingClient.builder()
                .trackingUri(server.url())
                .journalDir(tmp.resolve("journal"))
                .shutdownHook(false)
                .build();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TrainedModels.train(manager, 1, 8)) {
      client.logModel(
          model,
          "mlp",
          Map.of("example", new float[][] {{0.5f, -0.25f}}, "postprocess", "softmax"));
      client.registerModel("mlp", null);
      ModelRegistry registry =
          new ModelRegistry(new MlflowRestApi(server.url(), null, Duration.ofSeconds(30)));
      ModelServing.Options options =
          new ModelServing.Options(
              "127.0.0.1", 0, null, 0, Duration.ofSeconds(60), 1000, tmp.resolve("serve"));
      String body = "{\"inputs\": [[0.5, -0.25]]}";
      try (ModelServing serving =
              ModelServing.start(registry, ModelUri.parse("models:/mlp/1"), options);
          ServableModel inProcess = registry.load(ModelUri.parse("models:/mlp/1"), tmp)) {
        String base = "http://127.0.0.1:" + serving.port();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest invocation =
            HttpRequest.newBuilder(URI.create(base + "/invocations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/health")).build();

        System.out.printf(
            Locale.ROOT,
            "machine: %d cores, %s; %d requests per latency series after %d warm-up%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.version"),
            requests,
            requests / 4);
        double[] predict = time(requests, () -> inProcess.predict(body));
        double[] empty = time(requests, () -> send(http, health));
        double[] served = time(requests, () -> send(http, invocation));
        report("baseline in-process predict (JSON->JSON)", predict);
        report("baseline GET /health round trip", empty);
        report("POST /invocations, 1 client", served);
        System.out.printf(
            Locale.ROOT,
            "ratios: invocations p99 / health p99 = %.2f; invocations p50 - health p50 = %.3f ms"
                + " (~ in-process predict p50 %.3f ms)%n",
            pct(served, 99) / pct(empty, 99),
            pct(served, 50) - pct(empty, 50),
            pct(predict, 50));

        double healthRate = throughput(http, health, clients, seconds);
        double invokeRate = throughput(http, invocation, clients, seconds);
        System.out.printf(
            Locale.ROOT,
            "throughput, %d clients, %d s each: POST /invocations %.0f req/s; GET /health %.0f"
                + " req/s (ratio %.2f)%n",
            clients,
            seconds,
            invokeRate,
            healthRate,
            invokeRate / healthRate);
      }
    } finally {
      server.stop();
      store.close();
      FilesBoundModel.deleteTree(tmp);
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void send(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + r.statusCode() + ": " + new String(r.body()));
    }
  }

  private static double[] time(int n, Call call) throws Exception {
    for (int i = 0; i < n / 4; i++) {
      call.run();
    }
    double[] millis = new double[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      call.run();
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(millis);
    return millis;
  }

  private static double pct(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
  }

  private static void report(String what, double[] sorted) {
    System.out.printf(
        Locale.ROOT,
        "%-42s p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms%n",
        what,
        pct(sorted, 50),
        pct(sorted, 99),
        pct(sorted, 99.9),
        sorted[sorted.length - 1]);
  }

  private static double throughput(HttpClient http, HttpRequest request, int clients, int seconds)
      throws Exception {
    LongAdder done = new LongAdder();
    AtomicLong failures = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> threads =
        java.util.stream.IntStream.range(0, clients)
            .mapToObj(
                i ->
                    new Thread(
                        () -> {
                          while (System.nanoTime() < end) {
                            try {
                              send(http, request);
                              done.increment();
                            } catch (Exception e) {
                              failures.incrementAndGet();
                            }
                          }
                        }))
            .toList();
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " requests failed");
    }
    return done.sum() / ((System.nanoTime() - start) / 1e9);
  }
}
