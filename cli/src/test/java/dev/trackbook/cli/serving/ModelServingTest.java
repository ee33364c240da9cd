package dev.trackbook.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import dev.trackbook.cli.TrackbookCli;
import dev.trackbook.client.TrackingClient;
import dev.trackbook.client.model.ModelJson;
import dev.trackbook.client.model.ModelNotFoundException;
import dev.trackbook.client.model.ModelRegistry;
import dev.trackbook.client.model.ModelUri;
import dev.trackbook.client.model.ServableModel;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.client.transport.RequestRejectedException;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end on real PyTorch models trained here: logged, registered, validated in a sandboxed JVM,
 * served; the alias moves under load without a failed request; a broken version is refused and the
 * old one keeps serving. A real tracking server on a temp SQLite store, gating alias {@code prod}
 * on a passed validation.
 */
class ModelServingTest {
  @TempDir Path tmp;

  private TrackingStore store;
  private TrackingServer server;
  private TrackingClient client;
  private NDManager manager;
  private ModelRegistry registry;
  private MlflowRestApi api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startServer() throws Exception {
    store = StoreFactory.open("sqlite:" + tmp.resolve("mlruns.db"));
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0).withRequireValidation(Set.of("prod")),
                store,
                new LocalArtifactRepository(tmp.resolve("artifacts")),
                Clock.systemUTC())
            .start();
    client =
        TrackingClient.builder()
            .trackingUri(server.url())
            .journalDir(tmp.resolve("journal"))
            .shutdownHook(false)
            .build();
    manager = NDManager.newBaseManager("PyTorch");
    api = new MlflowRestApi(server.url(), null, Duration.ofSeconds(30));
    registry = new ModelRegistry(api);
  }

  @AfterEach
  void stopServer() {
    client.close();
    manager.close();
    server.stop();
    store.close();
  }

  @Test
  @SuppressWarnings("unchecked")
  void loggedRegisteredValidatedServedAndSwitchedUnderLoad() throws Exception {
    client.experiment("serving");
    Model first = TrainedModels.train(manager, 1, 8);
    Model second = TrainedModels.train(manager, 2, 16);
    client.metric("train_acc", 0.93);
    assertThat(
            client.logModel(
                first, "mlp", Map.of("example", TrainedModels.EXAMPLE, "postprocess", "softmax")))
        .startsWith("runs:/");
    assertThat(client.registerModel("mlp", null)).isEqualTo("1");

    // The gate: prod needs a passed validation; the sandboxed validation passes and is recorded.
    assertThatThrownBy(() -> api.setModelAlias("mlp", "prod", "1"))
        .isInstanceOf(RequestRejectedException.class);
    ModelCheck.Verdict verdict =
        validator()
            .validate(registry.resolve(ModelUri.parse("models:/mlp/1")), tmp.resolve("work"));
    assertThat(verdict.passed()).as(verdict.detail()).isTrue();
    assertThat(registry.version("mlp", "1").tags())
        .containsEntry(ModelRegistry.VALIDATION_STATUS_TAG, "passed")
        .containsKeys(ModelRegistry.VALIDATION_DETAIL_TAG, ModelRegistry.VALIDATION_AT_TAG);
    api.setModelAlias("mlp", "prod", "1");
    api.setModelAlias("mlp", "champion", "1");
    // a loaded model owns its download: closing it deletes the files (Tracking.loadModel's path)
    Path loads = tmp.resolve("loads");
    try (ServableModel loaded = registry.load(ModelUri.parse("models:/mlp@champion"), loads)) {
      assertThat(loaded.descriptor()).isNotNull();
      try (var inside = java.nio.file.Files.list(loads)) {
        assertThat(inside.toList()).hasSize(1);
      }
    }
    try (var inside = java.nio.file.Files.list(loads)) {
      assertThat(inside.toList()).as("files left after close").isEmpty();
    }

    try (ModelServing serving =
        ModelServing.start(registry, ModelUri.parse("models:/mlp@champion"), options(null, 0))) {
      String base = "http://127.0.0.1:" + serving.port();

      // Served predictions equal the in-process predictions of the trained model.
      HttpResponse<String> answer = post(base, ModelJson.writeCompact(Map.of("inputs", rows())));
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("X-Model-Version")).hasValue("1");
      assertThat(predictions(answer.body()))
          .isEqualTo(TrainedModels.predictInProcess(first, TrainedModels.EXAMPLE));

      // Malformed and ill-shaped requests: 400 with MLflow's error body.
      HttpResponse<String> bad = post(base, "{\"inputs\": [[1, 2, 3]]");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(object(bad.body()))
          .containsEntry("error_code", "BAD_REQUEST")
          .containsKey("message");
      HttpResponse<String> shape = post(base, "{\"inputs\": [[1, 2, 3]]}");
      assertThat(shape.statusCode()).isEqualTo(400);
      assertThat(shape.body()).contains("but the model takes [-1, 2]");
      // A number float32 cannot hold: refused by name, where it used to answer NaN predictions.
      HttpResponse<String> overflow = post(base, "{\"inputs\": [[1e400, 1]]}");
      assertThat(overflow.statusCode()).isEqualTo(400);
      assertThat(object(overflow.body()))
          .containsEntry("error_code", "BAD_REQUEST")
          .containsEntry(
              "message",
              "\"inputs\" holds 1E+400 at [0][0], outside float32's range (largest"
                  + " 3.4028235E38)");
      // text/csv as mlflow models serve reads it: a header row, the columns in signature order.
      HttpResponse<String> csv =
          post(base, "text/csv; charset=utf-8", "x0,x1\n1.5,0.5\n-2,-0.25\n0.1,-0.3\n");
      assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
      assertThat(predictions(csv.body()))
          .isEqualTo(TrainedModels.predictInProcess(first, TrainedModels.EXAMPLE));
      HttpResponse<String> badCsv = post(base, "text/csv", "x0,x1\n1.5,abc\n");
      assertThat(badCsv.statusCode()).isEqualTo(400);
      assertThat(object(badCsv.body()))
          .containsEntry("error_code", "BAD_REQUEST")
          .containsEntry("message", "CSV line 2, column 'x1': 'abc' is not a number");
      HttpResponse<String> wideCsv = post(base, "text/csv", "x0,x1,x2\n1,2,3\n");
      assertThat(wideCsv.statusCode()).isEqualTo(400);
      assertThat(wideCsv.body()).contains("but the model takes [-1, 2]");
      // A type it does not read is refused, as mlflow models serve refuses it (not guessed as
      // JSON).
      HttpResponse<String> form =
          post(base, "application/x-www-form-urlencoded", "{\"inputs\": [[1, 2]]}");
      assertThat(form.statusCode()).isEqualTo(415);
      assertThat(object(form.body()))
          .containsEntry("error_code", "UNSUPPORTED_MEDIA_TYPE")
          .extractingByKey("message")
          .asString()
          .startsWith("send Content-Type application/json or text/csv;");
      assertThat(get(base + "/health").body()).contains("\"version\":\"1\"");

      // Version 2, then move the alias while a client hammers /invocations.
      client.startRun("second");
      client.logModel(
          second, "mlp", Map.of("example", TrainedModels.EXAMPLE, "postprocess", "softmax"));
      assertThat(client.registerModel("mlp", null)).isEqualTo("2");
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      AtomicReference<String> lastFailure = new AtomicReference<>();
      Map<String, AtomicInteger> byVersion =
          Map.of("1", new AtomicInteger(), "2", new AtomicInteger());
      String body = ModelJson.writeCompact(Map.of("inputs", rows()));
      Thread hammer =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    HttpResponse<String> r = post(base, body);
                    if (r.statusCode() == 200) {
                      ok.incrementAndGet();
                      byVersion
                          .get(r.headers().firstValue("X-Model-Version").orElseThrow())
                          .incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                      lastFailure.set(r.statusCode() + " " + r.body());
                    }
                  } catch (Exception e) {
                    failed.incrementAndGet();
                    lastFailure.set(e.toString());
                  }
                }
              });
      hammer.start();
      waitUntil(() -> ok.get() > 20);
      assertThat(client.setModelAlias("mlp", "champion", "2")).isTrue();
      waitUntil(() -> "2".equals(serving.primaryVersion()));
      int atSwitch = byVersion.get("2").get();
      waitUntil(() -> byVersion.get("2").get() > atSwitch + 20);

      // A version whose files are broken: refused, tagged failed; version 2 keeps serving.
      Path broken = brokenCopyOfVersion2();
      client.artifact(broken, "broken");
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      String runId = client.activeRun().runId();
      String v3 = registry.register("mlp", runId, "broken", null).version();
      api.setModelAlias("mlp", "champion", v3);
      waitUntil(() -> "failed".equals(tag(v3)));
      int afterReject = ok.get();
      waitUntil(() -> ok.get() > afterReject + 20);
      stop.set(true);
      hammer.join();

      assertThat(failed.get()).as("failed requests; last: %s", lastFailure.get()).isZero();
      assertThat(byVersion.get("1").get()).isPositive();
      assertThat(byVersion.get("2").get()).isPositive();
      assertThat(serving.primaryVersion()).isEqualTo("2");
      assertThat(registry.version("mlp", v3).tags().get(ModelRegistry.VALIDATION_DETAIL_TAG))
          .contains("cannot be loaded")
          .contains("sha256");
      HttpResponse<String> after = post(base, body);
      assertThat(after.headers().firstValue("X-Model-Version")).hasValue("2");
      assertThat(predictions(after.body()))
          .isEqualTo(TrainedModels.predictInProcess(second, TrainedModels.EXAMPLE));

      Map<String, Object> metrics = object(get(base + "/metrics").body());
      Map<String, Object> versions = (Map<String, Object>) metrics.get("versions");
      assertThat(versions.keySet()).containsExactly("1", "2");
      Map<String, Object> v1 = (Map<String, Object>) versions.get("1");
      assertThat(((Number) v1.get("errors")).intValue()).isEqualTo(6); // the five 400s and the 415
      assertThat(((Number) v1.get("requests")).intValue()).isGreaterThan(20);
      assertThat((Map<String, Object>) v1.get("latency_ms")).containsKeys("p50", "p99", "max");
      assertThat(metrics.get("events").toString()).contains("switch").contains("rejected");
      // only the version serving keeps files: retired version 1 and refused version 3 left none
      try (var left = java.nio.file.Files.list(tmp.resolve("serve"))) {
        assertThat(left.map(p -> p.getFileName().toString()).toList())
            .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
            .startsWith("v2-");
      }
    }
    try (var left = java.nio.file.Files.list(tmp.resolve("serve"))) {
      assertThat(left.toList()).as("files left after the server closed").isEmpty();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAliasToNoVersionIsNotFoundAtStartAndACanaryGetsItsShare() throws Exception {
    client.experiment("canary");
    Model first = TrainedModels.train(manager, 1, 8);
    client.logModel(first, "mlp", Map.of("example", TrainedModels.EXAMPLE));
    assertThat(client.registerModel("mlp", "champion")).isEqualTo("1");
    client.logModel(TrainedModels.train(manager, 3, 4), "mlp", Map.of());
    assertThat(client.registerModel("mlp", null)).isEqualTo("2");

    assertThatThrownBy(
            () ->
                ModelServing.start(registry, ModelUri.parse("models:/mlp@nope"), options(null, 0)))
        .isInstanceOf(ModelNotFoundException.class);
    assertThatThrownBy(
            () -> ModelServing.start(registry, ModelUri.parse("models:/mlp/9"), options(null, 0)))
        .isInstanceOf(ModelNotFoundException.class);

    // MLflow's other registry URIs: the newest version, and the newest in a stage
    assertThat(registry.resolve(ModelUri.parse("models:/mlp/latest")).version().version())
        .isEqualTo("2");
    assertThat(registry.resolve(ModelUri.parse("models:/mlp/Latest")).pinned())
        .isEqualTo("models:/mlp/2");
    assertThatThrownBy(() -> registry.resolve(ModelUri.parse("models:/mlp/Production")))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("has no version in stage Production");
    api.postJson(
        "model-versions/transition-stage",
        "{\"name\": \"mlp\", \"version\": \"1\", \"stage\": \"Production\","
            + " \"archive_existing_versions\": false}");
    assertThat(registry.resolve(ModelUri.parse("models:/mlp/Production")).pinned())
        .isEqualTo("models:/mlp/1");

    try (ModelServing serving =
        ModelServing.start(
            registry,
            ModelUri.parse("models:/mlp@champion"),
            options(ModelUri.parse("models:/mlp/2"), 30))) {
      String base = "http://127.0.0.1:" + serving.port();
      // MLflow's scoring server health check, which probes written for it ask
      assertThat(get(base + "/ping").statusCode()).isEqualTo(200);
      String body = ModelJson.writeCompact(Map.of("inputs", rows()));
      for (int i = 0; i < 200; i++) {
        assertThat(post(base, body).statusCode()).isEqualTo(200);
      }
      Map<String, Object> metrics = object(get(base + "/metrics").body());
      assertThat(metrics.get("canary_version")).isEqualTo("2");
      Map<String, Object> versions = (Map<String, Object>) metrics.get("versions");
      int primary = ((Number) ((Map<String, Object>) versions.get("1")).get("requests")).intValue();
      int canary = ((Number) ((Map<String, Object>) versions.get("2")).get("requests")).intValue();
      assertThat(primary + canary).isEqualTo(200);
      assertThat(canary).isBetween(30, 90); // 30% of 200, with slack for chance
    }
  }

  @Test
  void serveOnATakenPortIsOneLineNamingTheAddress() throws Exception {
    client.experiment("taken");
    client.logModel(TrainedModels.train(manager, 1, 8), "mlp", Map.of());
    assertThat(client.registerModel("mlp", "champion")).isEqualTo("1");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      StringWriter err = new StringWriter();
      CommandLine cli = TrackbookCli.commandLine();
      cli.setErr(new PrintWriter(err));
      int exit =
          cli.execute(
              "serve", "models:/mlp@champion", "--tracking-uri=" + server.url(), "--port=" + port);
      assertThat(exit).as(err.toString()).isEqualTo(1);
      assertThat(err.toString())
          .hasLineCount(1)
          .startsWith("trackbook: cannot listen on 127.0.0.1:" + port + ": Address already in use");
    }
  }

  @Test
  void aServerThatCannotListenLeavesNoDownloadBehind() throws Exception {
    client.experiment("taken");
    client.logModel(TrainedModels.train(manager, 1, 8), "mlp", Map.of());
    assertThat(client.registerModel("mlp", null)).isEqualTo("1");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // The version is downloaded and loaded before the bind fails: the failed server deletes it.
      ModelServing.Options options =
          new ModelServing.Options(
              "127.0.0.1",
              taken.getLocalPort(),
              null,
              0,
              Duration.ofMillis(100),
              200,
              tmp.resolve("serve"));
      assertThatThrownBy(
              () -> ModelServing.start(registry, ModelUri.parse("models:/mlp/1"), options))
          .isInstanceOf(RuntimeException.class);
      try (var left = Files.list(tmp.resolve("serve"))) {
        assertThat(left.toList()).as("downloads left behind").isEmpty();
      }
    }
  }

  @Test
  void validateCommandPrintsAVerdictRecordsItAndExitsByIt() throws Exception {
    client.experiment("validate");
    client.logModel(TrainedModels.train(manager, 1, 8), "mlp", Map.of());
    assertThat(client.registerModel("mlp", null)).isEqualTo("1");

    assertThat(validate("models:/mlp/1")).isZero();
    assertThat(tag("1")).isEqualTo("passed");
    // An impossible latency bound fails it: recorded, exit 1, and prod may no longer point at it.
    assertThat(validate("models:/mlp/1", "--latency-ms", "0.000001")).isEqualTo(1);
    assertThat(tag("1")).isEqualTo("failed");
    assertThat(registry.version("mlp", "1").tags().get(ModelRegistry.VALIDATION_DETAIL_TAG))
        .startsWith("too slow: p50 ");
    assertThatThrownBy(() -> api.setModelAlias("mlp", "prod", "1"))
        .isInstanceOf(RequestRejectedException.class);
    assertThat(validate("models:/mlp/7")).isEqualTo(2);
    assertThat(validate("models:/nothing@champion")).isEqualTo(2);
  }

  private int validate(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "validate";
    all[1] = "--tracking-uri=" + server.url();
    all[2] = "--heap=256m";
    System.arraycopy(args, 0, all, 3, args.length);
    return new picocli.CommandLine(new dev.trackbook.cli.TrackbookCli()).execute(all);
  }

  private SandboxedValidator sandboxed() {
    return new SandboxedValidator("256m", Duration.ofSeconds(120), 200);
  }

  private VersionValidation validator() {
    return new VersionValidation(registry, sandboxed());
  }

  private ModelServing.Options options(ModelUri canary, int percent) {
    return new ModelServing.Options(
        "127.0.0.1", 0, canary, percent, Duration.ofMillis(100), 200, tmp.resolve("serve"));
  }

  private String tag(String version) {
    try {
      return registry.version("mlp", version).tags().get(ModelRegistry.VALIDATION_STATUS_TAG);
    } catch (Exception e) {
      return null;
    }
  }

  /** Version 2's files with one byte of the weights flipped: the hash check must refuse them. */
  private Path brokenCopyOfVersion2() throws Exception {
    Path dir = tmp.resolve("broken");
    registry.download(registry.resolve(ModelUri.parse("models:/mlp/2")), dir);
    try (var files = Files.list(dir)) {
      Path params = files.filter(f -> f.toString().endsWith(".params")).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(params);
      bytes[bytes.length - 1] ^= 1;
      Files.write(params, bytes);
    }
    return dir;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String json) {
    return (Map<String, Object>) ModelJson.parse(json);
  }

  private static List<List<Float>> rows() {
    return List.of(List.of(1.5f, 0.5f), List.of(-2f, -0.25f), List.of(0.1f, -0.3f));
  }

  @SuppressWarnings("unchecked")
  private static float[][] predictions(String body) {
    List<?> rows = (List<?>) (object(body)).get("predictions");
    float[][] out = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      List<?> row = (List<?>) rows.get(i);
      out[i] = new float[row.size()];
      for (int j = 0; j < row.size(); j++) {
        out[i][j] = ((Number) row.get(j)).floatValue();
      }
    }
    return out;
  }

  private HttpResponse<String> post(String base, String body) throws Exception {
    return post(base, "application/json", body);
  }

  private HttpResponse<String> post(String base, String contentType, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/invocations"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 60 s");
      }
      Thread.sleep(20);
    }
  }
}
