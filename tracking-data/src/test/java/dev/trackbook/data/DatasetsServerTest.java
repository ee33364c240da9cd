package dev.trackbook.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.client.ActiveRun;
import dev.trackbook.client.Tracking;
import dev.trackbook.client.transport.MlflowRestApi;
import dev.trackbook.data.dataset.DataUsageException;
import dev.trackbook.data.dataset.DatasetProfile;
import dev.trackbook.data.dataset.DatasetProfiler;
import dev.trackbook.data.drift.DriftReport;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Datasets logged through the {@link Tracking} facade to a real server (SQLite), then read back.
 */
class DatasetsServerTest {

  @TempDir Path tmp;
  private TrackingServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                StoreFactory.open("sqlite:" + tmp.resolve("mlruns.db")),
                new LocalArtifactRepository(tmp.resolve("artifacts")),
                Clock.systemUTC())
            .start();
    Tracking.setTrackingUri(server.url());
  }

  @AfterEach
  void stop() {
    Tracking.endRun();
    Tracking.setTrackingUri("http://localhost:5000"); // closes the client of this test
    server.stop();
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/mlflow/" + pathAndQuery))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }

  private JsonNode getRun(String runId) throws Exception {
    return get("runs/get?run_id=" + runId).path("run");
  }

  @Test
  void aLoggedCsvIsARunInputThatDriftChecksReadBack() throws Exception {
    StringBuilder csv = new StringBuilder("length,label\n");
    for (int i = 0; i < 400; i++) {
      csv.append(100 + i % 50).append(',').append(i % 3 == 0 ? "spam" : "ham").append('\n');
    }
    Path file = Files.writeString(tmp.resolve("emails.csv"), csv);
    Tracking.experiment("datasets-test");
    ActiveRun run = Tracking.startRun("train");
    DatasetProfile logged = Datasets.log("emails", file);

    JsonNode inputs = getRun(run.runId()).path("inputs").path("dataset_inputs");
    assertThat(inputs).hasSize(1);
    JsonNode dataset = inputs.get(0).path("dataset");
    assertThat(dataset.path("name").asText()).isEqualTo("emails");
    assertThat(dataset.path("digest").asText()).isEqualTo(logged.digest());
    assertThat(dataset.path("source_type").asText()).isEqualTo("local");
    assertThat(inputs.get(0).path("tags").get(0).path("key").asText())
        .isEqualTo("mlflow.data.context");
    // read back from the server (not this process's memory): the same profile
    assertThat(
            new RunInputs(new MlflowRestApi(server.url(), null, java.time.Duration.ofSeconds(30)))
                .find(run.runId(), "emails"))
        .isEqualTo(logged);

    // the same content logged by a later run is the same version
    Tracking.endRun();
    ActiveRun second = Tracking.startRun("again");
    Datasets.log("emails", DatasetProfilerAccess.shuffledCopy(file, tmp.resolve("copy.csv")));
    assertThat(
            getRun(second.runId())
                .path("inputs")
                .path("dataset_inputs")
                .get(0)
                .path("dataset")
                .path("digest")
                .asText())
        .isEqualTo(logged.digest());

    Path shifted = tmp.resolve("new.csv");
    StringBuilder newCsv = new StringBuilder("length,label\n");
    for (int i = 0; i < 200; i++) {
      newCsv.append(180 + i % 50).append(',').append(i % 3 == 0 ? "spam" : "ham").append('\n');
    }
    Files.writeString(shifted, newCsv);
    DriftReport report = Datasets.drift("emails", shifted);
    assertThat(report.driftedColumns()).containsExactly("length");
    Tracking.flush();
    JsonNode metrics = getRun(second.runId()).path("data").path("metrics");
    assertThat(metrics.findValuesAsText("key"))
        .contains("drift.emails.columns", "drift.emails.length", "drift.emails.label");
  }

  @Test
  void aRunsSecondDriftCheckOfADatasetKeepsTheFirstsReportAndMetrics() throws Exception {
    StringBuilder csv = new StringBuilder("length\n");
    StringBuilder shiftedCsv = new StringBuilder("length\n");
    for (int i = 0; i < 300; i++) {
      csv.append(100 + i % 50).append('\n');
      shiftedCsv.append(180 + i % 50).append('\n');
    }
    Path file = Files.writeString(tmp.resolve("ref.csv"), csv);
    ActiveRun run = Tracking.startRun("two checks");
    Datasets.log("emails", file);
    Table same = DatasetProfiler.readCsv(file);
    Table shifted =
        DatasetProfiler.readCsv(Files.writeString(tmp.resolve("shifted.csv"), shiftedCsv));
    assertThat(Datasets.drift("emails", same).driftedColumns()).isEmpty();
    assertThat(Datasets.drift("emails", shifted).driftedColumns()).containsExactly("length");
    // A dataset whose name looks like a later check's report keeps a report of its own.
    Datasets.log("emails-2", file);
    Datasets.drift("emails-2", same);
    Tracking.flush();

    assertThat(get("artifacts/list?run_id=" + run.runId() + "&path=drift").findValuesAsText("path"))
        .containsExactlyInAnyOrder("drift/emails.csv", "drift/emails~2.csv", "drift/emails-2.csv");
    JsonNode columns =
        get("metrics/get-history?run_id=" + run.runId() + "&metric_key=drift.emails.columns")
            .path("metrics");
    assertThat(columns.findValuesAsText("step")).containsExactlyInAnyOrder("0", "1");
    JsonNode length =
        get("metrics/get-history?run_id=" + run.runId() + "&metric_key=drift.emails.length")
            .path("metrics");
    assertThat(length).hasSize(2);
    for (JsonNode point : length) { // step 0 is the unchanged data, step 1 the shifted
      assertThat(point.path("value").asDouble())
          .isEqualTo(point.path("step").asInt() == 0 ? 0.0 : 1.0);
    }
  }

  @Test
  void columnsWhoseMetricKeysWouldCollideEachKeepTheirOwnMetric() throws Exception {
    double[] low = new double[200];
    double[] high = new double[200];
    for (int i = 0; i < 200; i++) {
      low[i] = i % 20;
      high[i] = 100 + i % 20;
    }
    ActiveRun run = Tracking.startRun("odd column names");
    Datasets.log(
        "d",
        Table.create(
            "ref",
            DoubleColumn.create("price ($)", low),
            DoubleColumn.create("price (€)", low),
            DoubleColumn.create("columns", low)));
    Datasets.drift( // only the second price column and "columns" drift
        "d",
        Table.create(
            "new",
            DoubleColumn.create("price ($)", low),
            DoubleColumn.create("price (€)", high),
            DoubleColumn.create("columns", high)));
    Tracking.flush();
    JsonNode metrics = getRun(run.runId()).path("data").path("metrics");
    java.util.Map<String, Double> byKey = new java.util.HashMap<>();
    metrics.forEach(m -> byKey.put(m.path("key").asText(), m.path("value").asDouble()));
    assertThat(byKey)
        .containsOnly(
            org.assertj.core.api.Assertions.entry("drift.d.columns", 2.0),
            org.assertj.core.api.Assertions.entry("drift.d.price ___", 0.0),
            org.assertj.core.api.Assertions.entry("drift.d.price ____2", 1.0),
            org.assertj.core.api.Assertions.entry("drift.d.columns_2", 1.0));
  }

  @Test
  void driftWithoutALoggedDatasetIsAClearError() {
    Tracking.startRun("nothing logged");
    assertThatThrownBy(() -> Datasets.drift("never-logged", Table.create("t")))
        .isInstanceOf(DataUsageException.class)
        .hasMessage(
            "no dataset 'never-logged' logged yet: log the training data with %dataset first")
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
  }

  @Test
  void aDatasetTheServerRefusesIsOneClearLine() {
    Tracking.startRun("refused");
    String name = "d".repeat(501); // over MLflow's 500 characters
    assertThatThrownBy(() -> Datasets.log(name, Table.create("t")))
        .isInstanceOf(DataUsageException.class)
        .hasMessageStartingWith(
            "tracking server " + server.url() + " refused dataset '" + name + "': ")
        .hasMessageContaining("500")
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
  }
}
