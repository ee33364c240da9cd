package dev.trackbook.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.store.TrackingStore;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How failures inside the server reach the client: a store that breaks in unexpected ways must
 * produce INTERNAL_ERROR without internals, a store's TrackingException its own code and status.
 */
class ErrorMappingTest {
  private static final String SECRET = "jdbc:postgresql://db/prod?password=hunter2";
  private final HttpClient http = HttpClient.newHttpClient();
  private TrackingServer server;

  private TrackingServer serve(RuntimeException failure, long maxJson) throws Exception {
    TrackingStore broken =
        (TrackingStore)
            Proxy.newProxyInstance(
                TrackingStore.class.getClassLoader(),
                new Class<?>[] {TrackingStore.class},
                (proxy, method, args) -> {
                  throw failure;
                });
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0).withLimits(maxJson, 1024),
                broken,
                new LocalArtifactRepository(Files.createTempDirectory("trackbook-errors-")),
                Clock.systemUTC())
            .start();
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .POST(body)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unexpectedExceptionsBecomeInternalErrorWithoutInternals() throws Exception {
    serve(new IllegalStateException("connection to " + SECRET + " failed"), 1024);
    HttpResponse<String> r =
        post(
            "/api/2.0/mlflow/experiments/create",
            HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"));
    assertThat(r.statusCode()).isEqualTo(500);
    JsonNode body = JsonEndpoints.MAPPER.readTree(r.body());
    assertThat(body.get("error_code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(r.body())
        .doesNotContain("hunter2")
        .doesNotContain("IllegalStateException")
        .doesNotContain("at dev.");
  }

  @Test
  void storeErrorsKeepTheirCodeAndStatus() throws Exception {
    serve(new TrackingException(ErrorCode.TEMPORARILY_UNAVAILABLE, "database is starting"), 1024);
    HttpResponse<String> r =
        post(
            "/api/2.0/mlflow/runs/log-batch",
            HttpRequest.BodyPublishers.ofString("{\"run_id\":\"abc\"}"));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body())
        .isEqualTo(
            "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"database is starting\"}");
  }

  @Test
  void chunkedBodiesOverTheLimitAre413WithoutReachingTheStore() throws Exception {
    // Were the store reached, this failure would answer 500.
    serve(new IllegalStateException("store reached"), 64);
    byte[] big = ("{\"name\":\"" + "x".repeat(1000) + "\"}").getBytes();
    // ofInputStream has no known length, so the body goes chunked, without Content-Length.
    HttpResponse<String> r =
        post(
            "/api/2.0/mlflow/experiments/create",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(JsonEndpoints.MAPPER.readTree(r.body()).get("error_code").asText())
        .isEqualTo("REQUEST_TOO_LARGE");
  }
}
