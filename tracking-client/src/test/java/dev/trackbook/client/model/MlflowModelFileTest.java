package dev.trackbook.client.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLflow's MLmodel file derived from a descriptor (the Python client reads it in an IT). */
class MlflowModelFileTest {
  @TempDir Path tmp;

  private static ModelDescriptor descriptor(String name, String inputDtype) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("format", ModelDescriptor.FORMAT);
    fields.put("name", name);
    fields.put("flavor", "djl");
    fields.put("created_at", "2026-03-04T05:06:07.123456789Z");
    fields.put("engine", "PyTorch");
    fields.put("versions", Map.of("djl", "0.35.0", "pytorch", "2.7.1", "java", "17.0.15"));
    fields.put(
        "signature",
        Map.of(
            "inputs",
            List.of(Map.of("name", "inputs", "dtype", inputDtype, "shape", List.of(-1L, 2L))),
            "outputs",
            List.of(Map.of("name", "predictions", "dtype", "float32", "shape", List.of(-1L, 2L)))));
    return new ModelDescriptor(fields);
  }

  @Test
  void aLoggedModelHasItsRunPathFlavorSignatureUuidAndTimeInMlflowsForm() {
    assertThat(MlflowModelFile.yaml(descriptor("mlp", "float32"), "0a1b", "mlp", "f00d"))
        .isEqualTo(
            """
            artifact_path: "mlp"
            flavors:
              djl:
                descriptor: "trackbook-model.json"
                djl_version: "0.35.0"
                engine: "PyTorch"
                java_version: "17.0.15"
                pytorch_version: "2.7.1"
            model_uuid: "f00d"
            run_id: "0a1b"
            signature:
              inputs: "[{\\"name\\":\\"inputs\\",\\"type\\":\\"tensor\\",\\"tensor-spec\\":{\\"dtype\\":\\"float32\\",\\"shape\\":[-1,2]}}]"
              outputs: "[{\\"name\\":\\"predictions\\",\\"type\\":\\"tensor\\",\\"tensor-spec\\":{\\"dtype\\":\\"float32\\",\\"shape\\":[-1,2]}}]"
            utc_time_created: "2026-03-04 05:06:07.123456"
            """);
  }

  /**
   * As MLflow's save_model: no run, no artifact path; text outside ASCII escaped as PyYAML does.
   */
  @Test
  void aModelSavedOutsideARunHasNeitherRunIdNorArtifactPath() throws Exception {
    MlflowModelFile.write(tmp, descriptor("mlp", "float32"), null, null);
    String yaml = Files.readString(tmp.resolve(MlflowModelFile.FILE_NAME));
    assertThat(yaml).doesNotContain("run_id").doesNotContain("artifact_path");
    assertThat(yaml).containsPattern("(?m)^model_uuid: \"[0-9a-f]{32}\"$");
    assertThat(MlflowModelFile.yaml(descriptor("m", "float32"), null, "dir/\"é\" 𝑥", "u"))
        .startsWith("artifact_path: \"dir/\\\"\\u00e9\\\" \\U0001d465\"\n");
  }

  /** numpy has no bfloat16: MLflow would fail on the whole file, so the signature is left out. */
  @Test
  void aSignatureWithADtypeNumpyLacksIsLeftOut() {
    assertThat(MlflowModelFile.yaml(descriptor("mlp", "bfloat16"), "r", "mlp", "u"))
        .doesNotContain("signature")
        .contains("flavors:\n  djl:\n");
    assertThat(MlflowModelFile.yaml(descriptor("mlp", "boolean"), "r", "mlp", "u"))
        .contains("\\\"dtype\\\":\\\"bool\\\"");
  }
}
