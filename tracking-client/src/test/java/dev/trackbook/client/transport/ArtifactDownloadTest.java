package dev.trackbook.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads through MLflow's artifact proxy, against a stand-in that lists two files. */
class ArtifactDownloadTest {
  @TempDir Path dir;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/2.0/mlflow-artifacts/artifacts",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String answer;
          int status;
          if (path.endsWith("/artifacts")) { // the listing
            answer =
                "{\"files\":[{\"path\":\"good.bin\",\"is_dir\":false,\"file_size\":2},"
                    + "{\"path\":\"gone.bin\",\"is_dir\":false,\"file_size\":2}]}";
            status = 200;
          } else if (path.endsWith("/good.bin")) {
            answer = "ok";
            status = 200;
          } else {
            answer = "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no such file\"}";
            status = 404;
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aFileTheServerCannotSendLeavesNoFileBehindOnlyAnError() throws Exception {
    MlflowRestApi api =
        new MlflowRestApi(
            "http://127.0.0.1:" + server.getAddress().getPort(), null, Duration.ofSeconds(10));
    Path target = dir.resolve("model");

    assertThatThrownBy(() -> api.downloadArtifacts("mlflow-artifacts:/1/run/artifacts/m", target))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessageContaining("gone.bin")
        .hasMessageContaining("404");
    assertThat(Files.readString(target.resolve("good.bin"))).isEqualTo("ok");
    assertThat(target.resolve("gone.bin")).doesNotExist();
  }
}
