package dev.trackbook.magics.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A real tracking server (SQLite, local artifacts) on a chosen port, and a small REST reader for
 * assertions.
 */
final class TestServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TrackingStore store;
  private final TrackingServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  TestServer(Path dir, int port) throws IOException {
    store = StoreFactory.open("sqlite:" + dir.resolve("mlruns.db"));
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(port),
                store,
                new LocalArtifactRepository(dir.resolve("artifacts")),
                Clock.systemUTC())
            .start();
  }

  String url() {
    return server.url();
  }

  /**
   * GET an MLflow REST endpoint with query parameters as name, value pairs; fails on a non-2xx
   * answer.
   */
  JsonNode get(String endpoint, String... query) throws Exception {
    StringBuilder uri =
        new StringBuilder(url()).append("/api/2.0/mlflow/").append(endpoint).append('?');
    for (int i = 0; i < query.length; i += 2) {
      uri.append(query[i])
          .append('=')
          .append(URLEncoder.encode(query[i + 1], StandardCharsets.UTF_8))
          .append('&');
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri.toString())).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(uri + " -> " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** POST JSON to an MLflow REST endpoint. */
  JsonNode post(String endpoint, String json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url() + "/api/2.0/mlflow/" + endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(endpoint + " -> " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  @Override
  public void close() throws Exception {
    server.close();
    store.close();
  }
}
