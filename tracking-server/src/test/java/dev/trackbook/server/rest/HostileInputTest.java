package dev.trackbook.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.api.ApiEndpoint;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import io.javalin.http.HandlerType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's hostile-input corpus: over 10k seeded random requests against every row of the endpoint
 * table (malformed JSON, wrong types, bodies over the limit, NaN and infinities, control and
 * unicode characters in keys, {@code ..}/absolute/symlink artifact paths, SQL-looking filters,
 * HTML/JS values). The server must answer every one without a 5xx (501 only from rows Trackbook
 * does not implement), every error as {@code {"error_code","message"}} without a stack trace,
 * oversized bodies with 413, and write nothing outside its artifact root and database.
 */
class HostileInputTest {
  private static final long SEED = 9_2026L;
  private static final int REQUESTS = 10_500;
  private static final int LIMIT = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> FIELDS =
      List.of(
          "experiment_id",
          "experiment_ids",
          "run_id",
          "run_uuid",
          "run_ids",
          "key",
          "value",
          "timestamp",
          "step",
          "name",
          "new_name",
          "tags",
          "metrics",
          "params",
          "filter",
          "order_by",
          "max_results",
          "page_token",
          "metric_key",
          "start_step",
          "end_step",
          "status",
          "end_time",
          "start_time",
          "user_id",
          "run_name",
          "artifact_location",
          "path",
          "datasets",
          "view_type",
          "run_view_type",
          "experiment_name",
          "request_id");

  @TempDir Path base;
  private Path root;
  private Path outside;
  private TrackingStore store;
  private TrackingServer server;
  private HttpClient http;
  private String experimentId;
  private String runId;
  private Random random;

  @BeforeEach
  void start() throws Exception {
    // base/db (SQLite), base/root (artifact root), base/outside (must stay untouched); the root
    // holds a symlink to outside, so a path through it is an escape attempt
    root = Files.createDirectories(base.resolve("root"));
    outside = Files.createDirectories(base.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root.resolve("link"), outside);
    store = StoreFactory.open("sqlite:" + base.resolve("db/mlruns.db"));
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0).withLimits(LIMIT, LIMIT),
                store,
                new LocalArtifactRepository(root),
                Clock.systemUTC())
            .start();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    experimentId = store.createExperiment("hostile", null, List.of());
    runId = store.createRun(experimentId, "u", 1, "target", List.of()).info().runId();
    random = new Random(SEED);
  }

  @AfterEach
  void stop() {
    server.stop();
    store.close();
  }

  @Test
  void headAnswersAsGetDoesWithoutTheBody() throws Exception {
    Files.createDirectories(root.resolve("t"));
    Files.writeString(root.resolve("t/hi.txt"), "hi!");
    String artifacts = "/api/2.0/mlflow-artifacts/artifacts/";
    Map<String, Integer> expected =
        Map.of(
            artifacts + "t/hi.txt",
            200,
            artifacts + "t/nope",
            404,
            "/api/2.0/mlflow/runs/get?run_id=zzz",
            404,
            "/api/2.0/mlflow/runs/get?run_id=" + runId,
            200);
    for (var e : expected.entrySet()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url() + e.getKey()))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(e.getKey()).isEqualTo(e.getValue());
      assertThat(response.body()).as(e.getKey()).isEmpty();
    }
    HttpResponse<Void> file =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + artifacts + "t/hi.txt"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(file.headers().firstValue("Content-Length")).hasValue("3");
  }

  @Test
  void aPathTheHttpLayerRefusesGetsTheJsonErrorWhateverTheMethod() throws Exception {
    // Bad UTF-8 in the path is refused by Jetty, before any route: its default wrote a body for
    // GET, POST and HEAD only.
    for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(server.url() + "/api/2.0/mlflow-artifacts/artifacts/%c0%ae"))
                  .method(method, HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(method).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).path("error_code").asText())
          .as(method)
          .isEqualTo("BAD_REQUEST");
    }
  }

  @Test
  void tenThousandHostileRequestsGetNo5xxAndWriteNothingOutsideTheArtifactRoot() throws Exception {
    Map<String, String> before = snapshot();
    List<ApiEndpoint> table = server.endpoints();
    List<String> failures = new ArrayList<>();
    int tooLarge = 0;
    for (int i = 0; i < REQUESTS; i++) {
      ApiEndpoint endpoint = table.get(i % table.size());
      Attempt attempt = attempt(endpoint);
      HttpResponse<byte[]> response;
      try {
        response = http.send(attempt.request(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        // A URI Jetty refuses while parsing (e.g. %00) is answered before the body is read; with
        // a body still in flight the close can reach the client as a reset before the 400.
        // Acceptable only for a request with a body, and only if its URI alone gets a proper 4xx.
        String refused =
            hasBody(attempt.request()) ? refusedBeforeTheBody(attempt) : "a request without a body";
        if (refused != null) {
          failures.add(attempt + " -> connection error " + e + "; " + refused);
        }
        continue;
      }
      String problem = check(endpoint, attempt, response);
      if (problem != null) {
        failures.add(attempt + " -> " + problem);
      }
      if (attempt.oversized()) {
        tooLarge++;
      }
    }
    assertThat(failures).as("requests the server answered wrongly").isEmpty();
    assertThat(tooLarge).as("oversized bodies sent").isGreaterThan(200);
    assertThat(snapshot()).as("files outside the artifact root and database").isEqualTo(before);
    assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("secret");
  }

  /** One generated request and what it tried, for the failure message. */
  record Attempt(HttpRequest request, String description, boolean oversized) {
    @Override
    public String toString() {
      return request.method() + " " + abbreviate(request.uri().toString()) + " " + description;
    }
  }

  private static boolean hasBody(HttpRequest request) {
    // noBody() and an empty array declare 0; a streamed body declares -1 (unknown)
    return request.bodyPublisher().map(p -> p.contentLength() != 0).orElse(false);
  }

  /** Null when the attempt's URI, sent without a body, is refused with a 4xx JSON error. */
  private String refusedBeforeTheBody(Attempt attempt) throws InterruptedException {
    HttpRequest bare =
        HttpRequest.newBuilder(attempt.request().uri())
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(attempt.request().method(), HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<byte[]> r = http.send(bare, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() < 400 || r.statusCode() >= 500) {
        return "without its body the URI got HTTP " + r.statusCode();
      }
      JsonNode body = JSON.readTree(r.body());
      return body != null && body.path("error_code").isTextual()
          ? null
          : "without its body the URI got " + r.statusCode() + " without {error_code, message}";
    } catch (IOException e) {
      return "without its body too: " + e;
    }
  }

  private static String check(ApiEndpoint endpoint, Attempt attempt, HttpResponse<byte[]> r) {
    int status = r.statusCode();
    if (status >= 500 && !(status == 501 && !endpoint.implemented())) {
      return "HTTP " + status + " " + abbreviate(new String(r.body(), StandardCharsets.UTF_8));
    }
    if (attempt.oversized() && endpoint.implemented() && status != 413) {
      return "oversized body answered " + status + ", expected 413";
    }
    if (status >= 400) {
      JsonNode body;
      try {
        body = JSON.readTree(r.body());
      } catch (IOException e) {
        return "HTTP " + status + " with a non-JSON body";
      }
      if (body == null
          || !body.path("error_code").isTextual()
          || !body.path("message").isTextual()) {
        return "HTTP " + status + " without {error_code, message}: " + abbreviate(body + "");
      }
      String message = body.path("message").textValue();
      if (message.contains("\tat ") || message.contains("Exception") || message.contains("java.")) {
        return "a stack trace or exception in the message: " + abbreviate(message);
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ the generator

  private Attempt attempt(ApiEndpoint endpoint) {
    String path = concretePath(endpoint);
    HandlerType method = endpoint.method();
    int kind = random.nextInt(10);
    if (method == HandlerType.GET || method == HandlerType.DELETE) {
      String query = query();
      return new Attempt(
          base(path + query).method(method.name(), HttpRequest.BodyPublishers.noBody()).build(),
          "query",
          false);
    }
    if (kind == 0) {
      // over the limit: with Content-Length, or chunked (no declared length); an upload goes to a
      // valid path, so that the size is the only thing wrong with it
      if (method == HandlerType.PUT) {
        path =
            path.substring(0, path.indexOf("/artifacts/") + "/artifacts/".length()) + "ok/big.bin";
      }
      byte[] huge = new byte[LIMIT + 1 + random.nextInt(LIMIT)];
      java.util.Arrays.fill(huge, (byte) ' ');
      huge[0] = '{';
      huge[huge.length - 1] = '}';
      HttpRequest.BodyPublisher body =
          random.nextBoolean()
              ? HttpRequest.BodyPublishers.ofByteArray(huge)
              : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge));
      return new Attempt(
          base(path)
              .header("Content-Type", contentType(method))
              .method(method.name(), body)
              .build(),
          "oversized " + huge.length + " bytes",
          true);
    }
    byte[] body =
        switch (kind) {
          case 1, 2 -> malformedJson();
          case 3 -> randomBytes();
          default -> hostileObject().getBytes(StandardCharsets.UTF_8);
        };
    String type =
        kind == 9
            ? pick("text/plain", "", "multipart/form-data", "application/json; charset=latin1")
            : contentType(method);
    HttpRequest.Builder builder = base(path);
    if (!type.isEmpty()) {
      builder.header("Content-Type", type);
    }
    return new Attempt(
        builder.method(method.name(), HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        "body " + abbreviate(new String(body, StandardCharsets.UTF_8)),
        false);
  }

  private static String contentType(HandlerType method) {
    return method == HandlerType.PUT ? "application/octet-stream" : "application/json";
  }

  private HttpRequest.Builder base(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery))
        .timeout(Duration.ofSeconds(60));
  }

  private String concretePath(ApiEndpoint endpoint) {
    List<String> paths = endpoint.fullPaths();
    String path = paths.get(random.nextInt(paths.size()));
    path = path.replace("{request_id}", encodeSegment(hostileString()));
    if (path.contains("<artifact_path>")) {
      path = path.replace("<artifact_path>", artifactPath());
    }
    return path;
  }

  /** Artifact paths that try to leave the root, raw or percent-encoded. */
  private String artifactPath() {
    String target = outside.toString();
    String path =
        pick(
            "../outside/pwn.txt",
            "../../outside/pwn.txt",
            "a/../../outside/pwn.txt",
            "link/pwn.txt",
            "link/secret.txt",
            "link",
            "./link/../link/x",
            target.substring(1) + "/pwn.txt",
            "%2e%2e/outside/pwn.txt",
            "%2E%2E%2Foutside%2Fpwn.txt",
            "..%2f..%2foutside%2fpwn.txt",
            "..%5C..%5Coutside%5Cpwn.txt",
            "%2F" + URLEncoder.encode(target, StandardCharsets.UTF_8) + "%2Fpwn.txt",
            "a%00b",
            "ok/" + encodeSegment(hostileString()),
            experimentId + "/" + runId + "/artifacts/model.txt",
            "",
            "x/" + "y/".repeat(300));
    return path;
  }

  private String query() {
    StringBuilder q = new StringBuilder();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      q.append(i == 0 ? "?" : "&");
      String name = random.nextInt(4) == 0 ? hostileString() : pick(FIELDS);
      String value = random.nextInt(3) == 0 ? idLike() : hostileString();
      q.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    if (random.nextInt(4) == 0) {
      q.append(n == 0 ? "?" : "&").append("path=").append(artifactPath());
    }
    return q.toString();
  }

  private byte[] malformedJson() {
    String valid = hostileObject();
    return switch (random.nextInt(8)) {
      case 0 ->
          valid
              .substring(0, random.nextInt(Math.max(1, valid.length())))
              .getBytes(StandardCharsets.UTF_8);
      case 1 -> "[".repeat(5000).getBytes(StandardCharsets.UTF_8);
      case 2 ->
          ("{\"a\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001))
              .getBytes(StandardCharsets.UTF_8);
      case 3 -> "{\"run_id\": }".getBytes(StandardCharsets.UTF_8);
      case 4 -> "{'single': 'quotes'}".getBytes(StandardCharsets.UTF_8);
      case 5 -> (valid + valid).getBytes(StandardCharsets.UTF_8);
      case 6 -> new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
      default ->
          pick("[]", "null", "42", "\"str\"", "true", "{\"a\":1,}", "{\"a\" 1}")
              .getBytes(StandardCharsets.UTF_8);
    };
  }

  private byte[] randomBytes() {
    byte[] b = new byte[random.nextInt(200)];
    random.nextBytes(b);
    return b;
  }

  /** A JSON object of known field names with values of random (often wrong) types. */
  private String hostileObject() {
    StringBuilder o = new StringBuilder("{");
    int n = 1 + random.nextInt(6);
    boolean first = true;
    if (random.nextBoolean()) {
      o.append("\"run_id\":\"")
          .append(runId)
          .append("\",\"experiment_id\":\"")
          .append(experimentId)
          .append('"');
      first = false;
    }
    for (int i = 0; i < n; i++) {
      if (!first) {
        o.append(',');
      }
      first = false;
      String name = random.nextInt(5) == 0 ? hostileString() : pick(FIELDS);
      o.append(quote(name)).append(':').append(value(2));
    }
    return o.append('}').toString();
  }

  private String value(int depth) {
    int kind = random.nextInt(depth > 0 ? 12 : 9);
    return switch (kind) {
      case 0 -> quote(hostileString());
      case 1 -> pick("NaN", "Infinity", "-Infinity", "\"NaN\"", "\"-Infinity\"", "1e999", "-0");
      case 2 ->
          pick(
              "9223372036854775808",
              "-9223372036854775809",
              "1.5",
              "-1",
              "0",
              "2147483648",
              "1e308");
      case 3 -> pick("true", "false", "null");
      case 4 -> quote(idLike());
      case 5 -> quote(filter());
      case 6 ->
          quote(
              pick(
                  "<script>alert(1)</script>",
                  "<img src=x onerror=alert(1)>",
                  "javascript:alert(1)",
                  "\"><svg/onload=alert(1)>"));
      case 7 -> quote("x".repeat(random.nextInt(20_000)));
      case 8 -> String.valueOf(random.nextLong());
      case 9 -> "[" + value(depth - 1) + "," + value(depth - 1) + "]";
      case 10 ->
          "[{\"key\":"
              + value(depth - 1)
              + ",\"value\":"
              + value(depth - 1)
              + ",\"timestamp\":"
              + value(depth - 1)
              + ",\"step\":"
              + value(depth - 1)
              + "}]";
      default -> "{" + quote(pick(FIELDS)) + ":" + value(depth - 1) + "}";
    };
  }

  private String filter() {
    return pick(
        "metrics.acc > 0.5 OR 1=1",
        "attributes.run_id = '' OR ''=''",
        "params.`a` = 'x'; DROP TABLE runs; --",
        "tags.\"x\" LIKE '%' UNION SELECT * FROM experiments",
        "metrics.m > NaN",
        "metrics.m > 1e999",
        "metrics.`\u0000` = 1",
        "attributes.start_time < 9223372036854775808",
        "tags.a IN ('x', (SELECT 1))",
        "params.a ILIKE '%\\'",
        "))))((((",
        "metrics.acc DESC",
        "attributes.status = 'FINISHED' AND AND",
        "datasets.name = 'x'",
        "metrics." + "a".repeat(1000) + " > 1");
  }

  private String idLike() {
    return pick(
        runId,
        experimentId,
        "0",
        "-1",
        "99999999999999999999",
        "' OR '1'='1",
        "1; DROP TABLE runs",
        runId + "'",
        "");
  }

  private String hostileString() {
    return switch (random.nextInt(8)) {
      case 0 -> "\u0000\u0001\u001f\u007f";
      case 1 -> "ключ-键-🔑-\u202e-\u200b";
      case 2 -> "\ud800"; // a lone surrogate
      case 3 -> "../../etc/passwd";
      case 4 -> "<b onmouseover=alert(1)>x</b>";
      case 5 -> "' OR 1=1 --";
      case 6 -> "a".repeat(random.nextInt(600));
      default -> "k" + random.nextInt(100) + "\n\t\r/\\.";
    };
  }

  private String pick(String... options) {
    return options[random.nextInt(options.length)];
  }

  private String pick(List<String> options) {
    return options.get(random.nextInt(options.size()));
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encodeSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** Every file and directory under base except the artifact root and the database directory. */
  private Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(base)) {
      walk.filter(p -> !p.startsWith(root) || p.equals(root.resolve("link")))
          .filter(p -> !p.startsWith(base.resolve("db")))
          .forEach(
              p -> {
                try {
                  BasicFileAttributes a =
                      Files.readAttributes(
                          p, BasicFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                  files.put(base.relativize(p).toString(), a.size() + "@" + a.lastModifiedTime());
                } catch (IOException e) {
                  files.put(base.relativize(p).toString(), "unreadable");
                }
              });
    }
    return files;
  }
}
