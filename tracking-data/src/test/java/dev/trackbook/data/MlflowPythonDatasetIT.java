package dev.trackbook.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.client.ActiveRun;
import dev.trackbook.client.Tracking;
import dev.trackbook.data.dataset.DatasetProfile;
import dev.trackbook.data.dataset.DatasetProfiler;
import dev.trackbook.server.testsupport.MlflowPython;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Datasets logged with {@link Datasets} as the official mlflow Python client (2.17.2) reads them
 * from {@code mlflow.get_run(...).inputs.dataset_inputs}, next to the same CSV logged by MLflow's
 * own {@code mlflow.data.from_pandas} + {@code mlflow.log_input}: the same fields in the same
 * forms, a source {@code mlflow.data.get_source} resolves and a schema {@code Schema.from_json}
 * reads; {@code mlflow.search_runs} returns them too.
 */
class MlflowPythonDatasetIT {
  private static final String SCRIPT =
      """
      import json, os, warnings
      warnings.simplefilter("ignore")
      import mlflow
      import pandas as pd
      from mlflow.types import Schema

      def seen(run_id):
          out = []
          for i in mlflow.get_run(run_id).inputs.dataset_inputs:
              d = i.dataset
              out.append({
                  "name": d.name, "digest": d.digest, "source_type": d.source_type,
                  "source": mlflow.data.get_source(d).to_dict(),
                  "schema": Schema.from_json(json.dumps(json.loads(d.schema)["mlflow_colspec"]))
                      .to_dict() if d.schema else None,
                  "profile": json.loads(d.profile),
                  "tags": {t.key: t.value for t in i.tags}})
          return sorted(out, key=lambda d: d["name"])

      mlflow.set_experiment("datasets")
      with mlflow.start_run() as own:
          csv = os.environ["CSV"]
          mlflow.log_input(mlflow.data.from_pandas(pd.read_csv(csv), source=csv, name="emails"),
                           context="training")
      searched = {r.info.run_id: sorted(i.dataset.name for i in r.inputs.dataset_inputs)
                  for r in mlflow.search_runs([own.info.experiment_id], output_format="list")}
      print(json.dumps({"trackbook": seen(os.environ["RUN_ID"]), "mlflow": seen(own.info.run_id),
                        "searched": searched[os.environ["RUN_ID"]]}))
      """;

  private SqliteTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = SqliteTestServer.start("trackbook-datasets-python-");
    Tracking.setTrackingUri(server.url());
  }

  @AfterEach
  void stop() {
    Tracking.endRun();
    Tracking.setTrackingUri("http://localhost:5000"); // closes the client of this test
    server.close();
  }

  @Test
  void theMlflowPythonClientReadsALoggedDatasetAsItReadsItsOwn() throws Exception {
    Path csv =
        Files.writeString(
            server.dir().resolve("emails.csv"),
            "length,label,score\n120,spam,0.5\n80,ham,\n95,ham,1.5\n");
    Tracking.experiment("datasets");
    ActiveRun run = Tracking.startRun("train");
    DatasetProfile file = Datasets.log("emails", csv, "training");
    Datasets.log("table", DatasetProfiler.readCsv(csv), "test");

    JsonNode seen =
        new MlflowPython(server.dir(), server.url())
            .run("datasets", SCRIPT, Map.of("RUN_ID", run.runId(), "CSV", csv.toString()));
    JsonNode mlflows = seen.at("/mlflow/0");
    JsonNode ours = seen.at("/trackbook/0");
    JsonNode table = seen.at("/trackbook/1");

    assertThat(ours.path("name").asText()).isEqualTo("emails");
    assertThat(ours.path("digest").asText()).isEqualTo(file.digest());
    // the same content from a table is the same version
    assertThat(table.path("digest").asText()).isEqualTo(file.digest());
    assertThat(ours.path("source_type")).isEqualTo(mlflows.path("source_type"));
    assertThat(ours.at("/source/uri").asText()).isEqualTo(csv.toUri().toString());
    assertThat(table.path("source_type").asText()).isEqualTo("code");
    assertThat(ours.path("tags")).isEqualTo(mlflows.path("tags"));
    assertThat(table.path("tags").toString()).isEqualTo("{\"mlflow.data.context\":\"test\"}");
    assertThat(ours.path("schema"))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    "[{\"type\":\"integer\",\"name\":\"length\",\"required\":true},"
                        + "{\"type\":\"string\",\"name\":\"label\",\"required\":true},"
                        + "{\"type\":\"double\",\"name\":\"score\",\"required\":false}]"));
    // MLflow's pandas profile, with our statistics beside it
    assertThat(ours.at("/profile/num_rows")).isEqualTo(mlflows.at("/profile/num_rows"));
    assertThat(ours.at("/profile/num_elements")).isEqualTo(mlflows.at("/profile/num_elements"));
    assertThat(ours.at("/profile/trackbook/columns/2/missing").asInt()).isEqualTo(1);
    // search_runs returns the inputs too
    assertThat(seen.path("searched").toString()).isEqualTo("[\"emails\",\"table\"]");
  }
}
