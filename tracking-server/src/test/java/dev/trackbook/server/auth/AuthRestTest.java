package dev.trackbook.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.api.ApiEndpoint;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.model.ViewType;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import dev.trackbook.server.testsupport.SqliteTestServer;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The server in {@code --auth} mode on SQLite: every row of the endpoint table, under every prefix,
 * refuses a request without a valid token, and every write refuses a read token; nothing is written
 * by refused requests. Then the allowed paths work end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthRestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SqliteTestServer local;
  private Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private TrackingStore store;
  private TokenStore tokens;
  private TrackingServer server;
  private String readToken;
  private String writeToken;
  private String adminToken;

  @BeforeAll
  void start() throws Exception {
    local = SqliteTestServer.startWithAuth("trackbook-auth-");
    dir = local.dir();
    store = local.store();
    tokens = local.tokens();
    server = local.server();
    readToken = tokens.create("reader", Scope.READ).secret();
    writeToken = tokens.create("writer", Scope.WRITE).secret();
    adminToken = tokens.create("admin", Scope.ADMIN).secret();
  }

  @AfterAll
  void stop() {
    local.close();
  }

  record Call(ApiEndpoint endpoint, String path, Scope required) {
    @Override
    public String toString() {
      return endpoint.method() + " " + path;
    }
  }

  /** Every concrete path of every row, with path parameters filled in. */
  private List<Call> everyEndpoint() {
    List<Call> calls = new ArrayList<>();
    for (ApiEndpoint e : server.endpoints()) {
      for (String route : e.fullPaths()) {
        String path =
            route
                .replace("{request_id}", "tr-1")
                .replace("<artifact_path>", "0/run/artifacts/f.txt");
        calls.add(new Call(e, path, AccessPolicy.required(e.method(), route).orElse(null)));
      }
    }
    return calls;
  }

  @Test
  void theTableIncludesTheTokenEndpointsAndEveryWriteNeedsMoreThanRead() {
    List<Call> calls = everyEndpoint();
    assertThat(calls).extracting(c -> c.endpoint().rpc()).contains("createToken", "logBatch");
    for (Call c : calls) {
      String rpc = c.endpoint().rpc();
      boolean reads =
          Stream.of("get", "search", "list", "download").anyMatch(rpc::startsWith)
              && !rpc.equals("listTokens");
      if (c.endpoint().versioned()) {
        assertThat(c.required()).as(c.toString()).isNotNull();
      }
      if (rpc.equals("health") || rpc.equals("version")) {
        assertThat(c.required()).as(c.toString()).isNull();
      } else if (reads) {
        assertThat(c.required()).as(c.toString()).isEqualTo(Scope.READ);
      } else {
        assertThat(c.required()).as(c.toString()).isIn(Scope.WRITE, Scope.ADMIN);
      }
    }
  }

  @Test
  void everyEndpointRefusesARequestWithoutAValidToken() throws Exception {
    int checked = 0;
    for (Call c : everyEndpoint()) {
      if (c.required() == null) {
        continue;
      }
      for (String authorization :
          new String[] {
            null,
            "Bearer",
            "Bearer tbk_" + "A".repeat(43),
            "Basic " + java.util.Base64.getEncoder().encodeToString(("x:" + writeToken).getBytes()),
            writeToken,
            "Bearer " + writeToken + "x"
          }) {
        Res r = send(c.endpoint().method(), c.path(), authorization);
        assertThat(r.status)
            .as(c + " with " + describe(authorization) + ": " + r.body)
            .isEqualTo(401);
        assertThat(r.json().path("error_code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(r.wwwAuthenticate).as(c.toString()).startsWith("Bearer");
        assertThat(r.body).doesNotContain(writeToken);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(6 * 80);
    assertNothingWritten();
  }

  @Test
  void everyWriteRefusesAReadTokenAndEveryAdminEndpointAWriteToken() throws Exception {
    int writes = 0;
    for (Call c : everyEndpoint()) {
      if (c.required() == null) {
        continue;
      }
      Res asReader = send(c.endpoint().method(), c.path(), "Bearer " + readToken);
      if (c.required() == Scope.READ) {
        assertThat(asReader.status).as(c + ": " + asReader.body).isNotIn(401, 403);
      } else {
        assertThat(asReader.status).as(c + ": " + asReader.body).isEqualTo(403);
        assertThat(asReader.json().path("error_code").asText()).isEqualTo("PERMISSION_DENIED");
        writes++;
      }
      if (c.required() == Scope.ADMIN) {
        Res asWriter = send(c.endpoint().method(), c.path(), "Bearer " + writeToken);
        assertThat(asWriter.status).as(c + ": " + asWriter.body).isEqualTo(403);
        assertThat(asWriter.wwwAuthenticate).contains("insufficient_scope");
      }
    }
    assertThat(writes).isGreaterThan(40);
    assertNothingWritten();
  }

  @Test
  void unmatchedRoutesAre404AndPublicRoutesNeedNothing() throws Exception {
    // no route, no handler: 404 whoever asks (AccessPolicyTest: a route without a rule needs admin)
    assertThat(send(HandlerType.POST, "/api/2.0/mlflow/runs/no-such-thing", null).status)
        .isEqualTo(404);
    assertThat(send(HandlerType.POST, "/invocations", "Bearer " + readToken).status).isEqualTo(404);
    for (String open : new String[] {"/", "/ui/js/app.js", "/health", "/version"}) {
      assertThat(send(HandlerType.GET, open, null).status).as(open).isEqualTo(200);
    }
  }

  @Test
  void aWriteTokenLogsAReadTokenReadsAndAnAdminManagesTokens() throws Exception {
    String w = "Bearer " + writeToken;
    Res created =
        send(HandlerType.POST, "/api/2.0/mlflow/experiments/create", w, "{\"name\":\"authed\"}");
    assertThat(created.status).as(created.body).isEqualTo(200);
    String experimentId = created.json().path("experiment_id").asText();
    Res run =
        send(
            HandlerType.POST,
            "/api/2.0/mlflow/runs/create",
            w,
            "{\"experiment_id\":\"" + experimentId + "\"}");
    String runId = run.json().at("/run/info/run_id").asText();
    assertThat(
            send(
                    HandlerType.POST,
                    "/ajax-api/2.0/mlflow/runs/log-metric",
                    w,
                    "{\"run_id\":\"" + runId + "\",\"key\":\"loss\",\"value\":0.5,\"timestamp\":1}")
                .status)
        .isEqualTo(200);
    Res read =
        send(HandlerType.GET, "/api/2.0/mlflow/runs/get?run_id=" + runId, "bearer " + readToken);
    assertThat(read.status).isEqualTo(200);
    assertThat(read.json().at("/run/data/metrics/0/value").asDouble()).isEqualTo(0.5);
    Res search =
        send(
            HandlerType.POST,
            "/api/2.0/mlflow/runs/search",
            "Bearer " + readToken,
            "{\"experiment_ids\":[\"" + experimentId + "\"]}");
    assertThat(search.json().path("runs")).hasSize(1);

    String a = "Bearer " + adminToken;
    Res issued =
        send(
            HandlerType.POST,
            "/api/2.0/trackbook/tokens/create",
            a,
            "{\"name\":\"new reader\",\"scope\":\"read\"}");
    assertThat(issued.status).as(issued.body).isEqualTo(200);
    assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
    String secret = issued.json().path("secret").asText();
    String id = issued.json().at("/token/id").asText();
    assertThat(
            send(
                    HandlerType.GET,
                    "/api/2.0/mlflow/experiments/get?experiment_id=0",
                    "Bearer " + secret)
                .status)
        .isEqualTo(200);
    Res list = send(HandlerType.GET, "/api/2.0/trackbook/tokens", a);
    assertThat(list.body).contains("new reader").doesNotContain(secret).doesNotContain(writeToken);
    assertThat(list.json().path("tokens").findValuesAsText("scope"))
        .contains("read", "write", "admin");
    Res revoked =
        send(HandlerType.POST, "/api/2.0/trackbook/tokens/revoke", a, "{\"id\":\"" + id + "\"}");
    assertThat(revoked.json().at("/token/revoked_time").isNumber()).isTrue();
    assertThat(
            send(
                    HandlerType.GET,
                    "/api/2.0/mlflow/experiments/get?experiment_id=0",
                    "Bearer " + secret)
                .status)
        .isEqualTo(401);
    Res badScope =
        send(
            HandlerType.POST,
            "/api/2.0/trackbook/tokens/create",
            a,
            "{\"name\":\"x\",\"scope\":\"root\"}");
    assertThat(badScope.status).isEqualTo(400);
    assertThat(badScope.json().path("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    // PostgreSQL text holds no U+0000: refused as by every other endpoint, not a 500 there
    Res nul =
        send(
            HandlerType.POST,
            "/api/2.0/trackbook/tokens/create",
            a,
            "{\"name\":\"a\\u0000b\",\"scope\":\"read\"}");
    assertThat(nul.status).as(nul.body).isEqualTo(400);
    assertThat(nul.json().path("message").asText()).contains("NUL character");
  }

  @Test
  void tokensNeverReachTheLog() throws Exception {
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    IssuedToken revoked = tokens.create("to revoke", Scope.WRITE);
    try {
      // proves the capture sees the server's logger: opening a store logs its pool start
      StoreFactory.open("sqlite:" + dir.resolve("log-probe.db")).close();
      tokens.revoke(revoked.token().id());
      send(
          HandlerType.GET,
          "/api/2.0/mlflow/experiments/get?experiment_id=0",
          "Bearer " + readToken);
      send(HandlerType.POST, "/api/2.0/mlflow/runs/create", "Bearer " + readToken);
      send(HandlerType.POST, "/api/2.0/mlflow/runs/create", "Bearer " + revoked.secret());
      send(HandlerType.GET, "/api/2.0/trackbook/tokens", "Bearer " + adminToken);
      send(
          HandlerType.GET, "/api/2.0/mlflow/runs/get?run_id=" + writeToken, "Bearer " + writeToken);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("HikariDataSource");
    for (String secret : List.of(readToken, writeToken, adminToken, revoked.secret())) {
      assertThat(log).doesNotContain(secret).doesNotContain(secret.substring(4));
    }
  }

  @Test
  void withoutAuthTheServerIsOpenAndHasNoTokenEndpoints() throws Exception {
    try (TrackingServer open =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                store,
                new LocalArtifactRepository(dir.resolve("artifacts-open")),
                Clock.systemUTC())
            .start()) {
      assertThat(open.endpoints()).extracting(ApiEndpoint::rpc).doesNotContain("createToken");
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(open.url() + "/api/2.0/mlflow/experiments/get?experiment_id=0"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  /** Refused requests left no trace: only Default and this class's own experiment, no files. */
  private void assertNothingWritten() throws IOException {
    assertThat(store.searchExperiments(ViewType.ALL, null, List.of(), 1000, null).items())
        .extracting(e -> e.name())
        .allMatch(n -> n.equals("Default") || n.equals("authed"));
    Path artifacts = dir.resolve("artifacts");
    if (Files.exists(artifacts)) {
      try (Stream<Path> files = Files.walk(artifacts)) {
        assertThat(files.filter(Files::isRegularFile)).isEmpty();
      }
    }
  }

  private static String describe(String authorization) {
    return authorization == null ? "no header" : authorization.split(" ")[0] + " ...";
  }

  record Res(int status, String body, String wwwAuthenticate, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private Res send(HandlerType method, String path, String authorization) throws Exception {
    return send(method, path, authorization, method == HandlerType.PUT ? "bytes" : "{}");
  }

  private Res send(HandlerType method, String path, String authorization, String body)
      throws Exception {
    boolean hasBody = method != HandlerType.GET && method != HandlerType.HEAD;
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .method(
                method.name().toUpperCase(Locale.ROOT),
                hasBody
                    ? HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)
                    : HttpRequest.BodyPublishers.noBody());
    if (hasBody) {
      b.header(
          "Content-Type",
          method == HandlerType.PUT ? "application/octet-stream" : "application/json");
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Res(
        r.statusCode(),
        r.body(),
        r.headers().firstValue("WWW-Authenticate").orElse(null),
        r.headers());
  }
}
