package dev.trackbook.djl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.client.TrackingClient;
import dev.trackbook.client.model.ServableModel;
import dev.trackbook.djl.LocalTracking;
import dev.trackbook.djl.TinyMlp;
import dev.trackbook.server.testsupport.MlflowPython;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model logged with {@code logModel} as the official mlflow Python client (2.17.2) sees it:
 * {@code mlflow.models.get_model_info("runs:/RUN/mlp")} reads its MLmodel file (artifact path, run,
 * uuid, time, the {@code djl} flavor and the tensor signature), and {@code
 * mlflow.pyfunc.load_model} refuses it by name, since Python cannot run it; {@code
 * mlflow.models.set_signature} rewrites it without making the model unloadable for us.
 */
class MlflowModelInfoIT {
  private static final String SCRIPT =
      """
      import json, os, warnings
      warnings.simplefilter("ignore")
      import mlflow
      from mlflow.exceptions import MlflowException

      uri = os.environ["MODEL_URI"]
      info = mlflow.models.get_model_info(uri)

      def specs(schema):
          return [[s.name, str(s.type), list(s.shape)] for s in schema.inputs]

      try:
          mlflow.pyfunc.load_model(uri)
          pyfunc = None
      except MlflowException as e:
          pyfunc = e.message

      print(json.dumps({
          "artifact_path": info.artifact_path,
          "run_id": info.run_id,
          "model_uuid": info.model_uuid,
          "utc_time_created": info.utc_time_created,
          "mlflow_version": info.mlflow_version,
          "flavors": info.flavors,
          "inputs": specs(info.signature.inputs),
          "outputs": specs(info.signature.outputs),
          "pyfunc": pyfunc,
      }))
      """;

  private static final String SET_SIGNATURE =
      """
      import json, os, warnings
      warnings.simplefilter("ignore")
      import numpy as np
      import mlflow
      from mlflow.models import ModelSignature, set_signature
      from mlflow.types import Schema, TensorSpec

      uri = os.environ["MODEL_URI"]
      set_signature(uri, ModelSignature(
          inputs=Schema([TensorSpec(np.dtype(np.float32), (-1, 2), "features")]),
          outputs=Schema([TensorSpec(np.dtype(np.float32), (-1, 2), "scores")])))
      signature = mlflow.models.get_model_info(uri).signature
      print(json.dumps({"inputs": [s.name for s in signature.inputs.inputs]}))
      """;

  @TempDir Path tmp;

  /** MLflow's tools rewrite MLmodel in place; the model stays loadable by us (not in its hash). */
  @Test
  void aSignatureSetWithMlflowsSetSignatureLeavesTheModelLoadable() throws Exception {
    try (LocalTracking tracking = LocalTracking.start(tmp);
        TrackingClient client = tracking.newClient();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      String uri = logged(client, model);

      JsonNode after =
          new MlflowPython(tmp, tracking.url())
              .run("set_signature", SET_SIGNATURE, Map.of("MODEL_URI", uri));

      assertThat(after.get("inputs").toString()).isEqualTo("[\"features\"]");
      try (ServableModel loaded = client.loadModel(uri)) {
        assertThat(loaded.predict("{\"inputs\": [[0.5, -0.5]]}")).startsWith("{\"predictions\"");
      }
    }
  }

  @Test
  void getModelInfoReadsTheLoggedModelsFlavorAndSignature() throws Exception {
    try (LocalTracking tracking = LocalTracking.start(tmp);
        TrackingClient client = tracking.newClient();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      String uri = logged(client, model);
      assertThat(uri).matches("runs:/[0-9a-f]+/mlp");
      String runId = uri.split("/")[1];

      JsonNode info =
          new MlflowPython(tmp, tracking.url()).run("model_info", SCRIPT, Map.of("MODEL_URI", uri));

      assertThat(info.get("artifact_path").asText()).isEqualTo("mlp");
      assertThat(info.get("run_id").asText()).isEqualTo(runId);
      assertThat(info.get("model_uuid").asText()).matches("[0-9a-f]{32}");
      assertThat(info.get("utc_time_created").asText())
          .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
      assertThat(info.get("mlflow_version").isNull()).isTrue();
      JsonNode flavors = info.get("flavors");
      assertThat(flavors.fieldNames()).toIterable().containsExactly("djl");
      assertThat(flavors.at("/djl/engine").asText()).isEqualTo("PyTorch");
      assertThat(flavors.at("/djl/descriptor").asText()).isEqualTo("trackbook-model.json");
      assertThat(flavors.at("/djl/djl_version").asText()).isNotBlank();
      assertThat(flavors.at("/djl/pytorch_version").asText()).isNotBlank();
      assertThat(info.get("inputs").toString()).isEqualTo("[[\"inputs\",\"float32\",[-1,2]]]");
      assertThat(info.get("outputs").toString())
          .isEqualTo("[[\"predictions\",\"float32\",[-1,2]]]");
      assertThat(info.get("pyfunc").asText()).contains("python_function");
    }
  }

  /** Logs {@code model} as "mlp" in a new run and waits until the server has it; its URI. */
  private static String logged(TrackingClient client, Model model) {
    client.experiment("mlmodel");
    String uri = client.logModel(model, "mlp", Map.of());
    assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
    return uri;
  }
}
