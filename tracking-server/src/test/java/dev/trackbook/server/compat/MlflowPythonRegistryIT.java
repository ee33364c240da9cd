package dev.trackbook.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.testsupport.MlflowPython;
import dev.trackbook.server.testsupport.SqliteTestServer;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Python {@code mlflow} client's model registry API (2.17.2) against a Trackbook server: every
 * response must parse into MLflow's entities, lineage tags included, and errors must arrive as
 * MlflowException with MLflow's error codes.
 */
class MlflowPythonRegistryIT {
  private static final String SCRIPT =
      """
      import json, warnings
      import mlflow
      from mlflow import MlflowClient
      from mlflow.exceptions import MlflowException

      warnings.simplefilter("ignore")  # stages are deprecated in MLflow 2.x; still supported
      c = MlflowClient()
      exp = c.create_experiment("registry-py")
      run = c.create_run(exp, tags={"mlflow.source.git.commit": "cafe01",
                                    "mlflow.source.name": "notebooks/train.ipynb"})
      c.set_terminated(run.info.run_id)
      run_id = run.info.run_id

      def code(call):
          try:
              call()
              return None
          except MlflowException as e:
              return e.error_code

      rm = c.create_registered_model("py-model", tags={"team": "ml"}, description="from python")
      mv1 = c.create_model_version("py-model", f"runs:/{run_id}/model", run_id=run_id,
                                   tags={"k": "v"}, description="first")
      mv2 = c.create_model_version("py-model", "file:///tmp/m2")
      c.set_registered_model_alias("py-model", "champion", mv1.version)
      by_alias = c.get_model_version_by_alias("py-model", "champion")
      found = c.search_registered_models(filter_string="name LIKE 'py-%'")
      made_from_run = c.search_model_versions(f"run_id = '{run_id}'")
      moved = c.transition_model_version_stage("py-model", mv2.version, "Production",
                                               archive_existing_versions=True)
      latest = c.get_latest_versions("py-model", stages=["Production"])
      uri = c.get_model_version_download_uri("py-model", mv1.version)
      c.set_model_version_tag("py-model", mv1.version, "trackbook.validation.status", "passed")
      c.update_model_version("py-model", mv1.version, description="updated")
      gated = code(lambda: c.set_registered_model_alias("py-model", "prod", mv2.version))
      c.set_registered_model_alias("py-model", "prod", mv1.version)
      got = c.get_model_version("py-model", mv1.version)
      model = c.get_registered_model("py-model")
      missing_alias = code(lambda: c.set_registered_model_alias("py-model", "x", "99"))
      duplicate = code(lambda: c.create_registered_model("py-model"))
      lineage_write = code(lambda: c.set_model_version_tag(
          "py-model", mv1.version, "trackbook.lineage.git_commit", "forged"))
      c.delete_registered_model_alias("py-model", "champion")
      alias_gone = code(lambda: c.get_model_version_by_alias("py-model", "champion"))
      c.delete_model_version("py-model", mv2.version)
      version_gone = code(lambda: c.get_model_version("py-model", mv2.version))
      c.rename_registered_model("py-model", "py-model-renamed")
      # sends the source's tags back, the server's lineage among them
      copied = c.copy_model_version(f"models:/py-model-renamed/{mv1.version}", "py-copy")
      c.delete_registered_model("py-model-renamed")
      model_gone = code(lambda: c.get_registered_model("py-model-renamed"))
      copied_uri = c.get_model_version_download_uri("py-copy", copied.version)
      c.delete_registered_model("py-copy")

      print(json.dumps({
          "run_id": run_id,
          "versions": [mv1.version, mv2.version],
          "mv1_status": mv1.status,
          "mv1_run_id": mv1.run_id,
          "by_alias": [by_alias.version, list(by_alias.aliases)],
          "lineage": {k: v for k, v in by_alias.tags.items() if k.startswith("trackbook.lineage.")},
          "found": [m.name for m in found],
          "found_tags": found[0].tags,
          "found_description": found[0].description,
          "made_from_run": [m.name + "/" + m.version for m in made_from_run],
          "moved": moved.current_stage,
          "latest": [m.version for m in latest],
          "uri": uri,
          "got": [got.description, got.tags.get("trackbook.validation.status")],
          "model_aliases": dict(model.aliases),
          "model_latest": sorted(v.version for v in model.latest_versions),
          "copied": [copied.name, copied.version, copied.source, copied.tags.get("k"),
                     copied.tags.get("trackbook.lineage.git_commit"), copied_uri],
          "errors": [gated, missing_alias, duplicate, lineage_write, alias_gone, version_gone, model_gone],
      }))
      """;

  private SqliteTestServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        SqliteTestServer.start(
            "trackbook-mlflow-registry-",
            ServerConfig.defaults().withRequireValidation(Set.of("prod")));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pythonClientRegistersVersionsSetsAliasesTransitionsAndDeletes() throws Exception {
    JsonNode r = new MlflowPython(server.dir(), server.url()).run("registry", SCRIPT);
    String runId = r.get("run_id").asText();
    assertThat(r.get("versions").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(r.get("mv1_status").asText()).isEqualTo("READY");
    assertThat(r.get("mv1_run_id").asText()).isEqualTo(runId);
    assertThat(r.get("by_alias").toString()).isEqualTo("[\"1\",[\"champion\"]]");
    assertThat(r.at("/lineage/trackbook.lineage.run_id").asText()).isEqualTo(runId);
    assertThat(r.at("/lineage/trackbook.lineage.git_commit").asText()).isEqualTo("cafe01");
    assertThat(r.at("/lineage/trackbook.lineage.notebook").asText())
        .isEqualTo("notebooks/train.ipynb");
    assertThat(r.get("found").toString()).isEqualTo("[\"py-model\"]");
    assertThat(r.at("/found_tags/team").asText()).isEqualTo("ml");
    assertThat(r.get("found_description").asText()).isEqualTo("from python");
    assertThat(r.get("made_from_run").toString()).isEqualTo("[\"py-model/1\"]");
    assertThat(r.get("moved").asText()).isEqualTo("Production");
    assertThat(r.get("latest").toString()).isEqualTo("[\"2\"]");
    assertThat(r.get("uri").asText()).isEqualTo("runs:/" + runId + "/model");
    assertThat(r.get("got").toString()).isEqualTo("[\"updated\",\"passed\"]");
    assertThat(r.at("/model_aliases/champion").asText()).isEqualTo("1");
    assertThat(r.at("/model_aliases/prod").asText()).isEqualTo("1");
    assertThat(r.get("model_latest").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(r.get("copied").toString())
        .isEqualTo(
            "[\"py-copy\",\"1\",\"models:/py-model-renamed/1\",\"v\",\"cafe01\","
                + "\"runs:/"
                + runId
                + "/model\"]");
    assertThat(r.get("errors").toString())
        .isEqualTo(
            "[\"INVALID_STATE\",\"RESOURCE_DOES_NOT_EXIST\",\"RESOURCE_ALREADY_EXISTS\",\"INVALID_PARAMETER_VALUE\","
                // an alias the model lacks: INVALID_PARAMETER_VALUE, as from an MLflow server
                + "\"INVALID_PARAMETER_VALUE\",\"RESOURCE_DOES_NOT_EXIST\",\"RESOURCE_DOES_NOT_EXIST\"]");
    assertThat(server.store().registry().searchRegisteredModels(null, null, 10, null).items())
        .isEmpty();
  }
}
