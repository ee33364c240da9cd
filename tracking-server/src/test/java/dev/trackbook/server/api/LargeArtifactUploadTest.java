package dev.trackbook.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.model.Tag;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An upload past the 32 MiB the server once capped at, as a model's weights are. */
class LargeArtifactUploadTest {

  @Test
  void aFortyMegabyteArtifactIsTakenWithTheDefaultConfiguration() throws Exception {
    try (SqliteTestServer server = SqliteTestServer.start("trackbook-large-upload-")) {
      String experimentId = server.store().createExperiment("large", null, List.of());
      String runId =
          server.store().createRun(experimentId, "u", 1, "r", List.<Tag>of()).info().runId();
      String path = experimentId + "/" + runId + "/artifacts/model/weights.bin";
      byte[] weights = new byte[40 << 20];
      weights[weights.length - 1] = 7;
      HttpResponse<String> put =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(server.url() + "/api/2.0/mlflow-artifacts/artifacts/" + path))
                      .PUT(HttpRequest.BodyPublishers.ofByteArray(weights))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
      Path stored = server.artifactRoot().resolve(path);
      assertThat(Files.size(stored)).isEqualTo(weights.length);
    }
  }
}
