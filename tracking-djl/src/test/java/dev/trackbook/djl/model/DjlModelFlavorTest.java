package dev.trackbook.djl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.translate.NoopTranslator;
import dev.trackbook.client.TrackingClient;
import dev.trackbook.client.model.ModelDescriptor;
import dev.trackbook.client.model.ModelFiles;
import dev.trackbook.client.model.ModelInputException;
import dev.trackbook.client.model.ServableModel;
import dev.trackbook.client.model.SignatureCheck;
import dev.trackbook.djl.LocalTracking;
import dev.trackbook.djl.TinyMlp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving a trained DJL PyTorch model with its descriptor, and loading it back. */
class DjlModelFlavorTest {

  @TempDir Path tmp;

  private static final float[][] ROWS = {{1.5f, 0.5f}, {-2f, -0.25f}, {0.1f, -0.3f}};

  @Test
  void savedModelLoadsBackAndPredictsLikeTheOriginal() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      ModelDescriptor descriptor =
          ModelFiles.save(
              model,
              "mlp",
              Map.of("example", ROWS, "postprocess", "softmax"),
              Map.of("train_loss", 0.2),
              tmp.resolve("mlp"));

      assertThat(descriptor.flavor()).isEqualTo("djl");
      assertThat(descriptor.fields())
          .containsEntry("engine", "PyTorch")
          .containsEntry("metrics", Map.of("train_loss", 0.2));
      assertThat(descriptor.shape("inputs")).containsExactly(-1L, 2L);
      assertThat(descriptor.shape("outputs")).containsExactly(-1L, 2L);
      assertThat(descriptor.dtype("inputs")).isEqualTo("float32");
      assertThat(descriptor.sha256()).hasSize(64);
      // MLflow's MLmodel beside it, for MLflow's tools (read by mlflow itself in MlflowModelInfoIT)
      assertThat(Files.readString(tmp.resolve("mlp").resolve("MLmodel")))
          .contains("flavors:\n  djl:\n")
          .doesNotContain("run_id");
      assertThat(ModelDescriptor.read(tmp.resolve("mlp")).fields())
          .isEqualTo(roundTrip(descriptor));

      try (ServableModel loaded = ModelFiles.load(tmp.resolve("mlp"))) {
        String answer = loaded.predict(descriptor.exampleInputJson());
        assertThat(SignatureCheck.checkPrediction(descriptor, answer, 3)).isNull();
        assertThat(answer).isEqualTo(inProcess(model, loaded));
      }
    }
  }

  @Test
  void badRequestsAreOneLineInputErrors() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      ModelFiles.save(model, "mlp", Map.of(), Map.of(), tmp.resolve("mlp"));
      try (ServableModel loaded = ModelFiles.load(tmp.resolve("mlp"))) {
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[1, 2, 3]]}"))
            .isInstanceOf(ModelInputException.class)
            .hasMessage("\"inputs\" has shape [1, 3] but the model takes [-1, 2]");
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[1, \"x\"]]}"))
            .isInstanceOf(ModelInputException.class)
            .hasMessage("\"inputs\" holds a string where a number goes");
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[1, 2], [3]]}"))
            .isInstanceOf(ModelInputException.class)
            .hasMessage("\"inputs\" is not a rectangular array of numbers");
        assertThatThrownBy(() -> loaded.predict("{\"rows\": []}"))
            .isInstanceOf(ModelInputException.class)
            .hasMessageStartingWith("the request has no \"inputs\"");
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[1, 2]"))
            .isInstanceOf(ModelInputException.class)
            .hasMessageStartingWith("malformed JSON at line 1");
      }
    }
  }

  /**
   * A number float32 cannot hold, and NaN or an infinity (which Python's json, so MLflow's clients,
   * may send), is refused by name and place instead of reaching the model as NaN.
   */
  @Test
  void numbersAFloat32CannotHoldAreRefusedByNameAndPlace() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      ModelFiles.save(model, "mlp", Map.of(), Map.of(), tmp.resolve("mlp"));
      try (ServableModel loaded = ModelFiles.load(tmp.resolve("mlp"))) {
        String range = ", outside float32's range (largest 3.4028235E38)";
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[1e400, 1]]}"))
            .isInstanceOf(ModelInputException.class)
            .hasMessage("\"inputs\" holds 1E+400 at [0][0]" + range);
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[1, 2], [3, -1e39]]}"))
            .hasMessage("\"inputs\" holds -1E+39 at [1][1]" + range);
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[1, 1" + "0".repeat(40) + "]]}"))
            .hasMessage("\"inputs\" holds 1E+40 at [0][1]" + range);
        assertThatThrownBy(
                () ->
                    loaded.predict(
                        "{\"dataframe_split\": {\"columns\": [\"x0\", \"x1\"],"
                            + " \"data\": [[1, 2], [1e400, 0]]}}"))
            .hasMessage("\"inputs\" holds 1E+400 at [1][0]" + range);
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[NaN, 1]]}"))
            .isInstanceOf(ModelInputException.class)
            .hasMessage("\"inputs\" holds NaN at [0][0]; the model takes finite numbers");
        assertThatThrownBy(() -> loaded.predict("{\"inputs\": [[1, -Infinity]]}"))
            .hasMessage("\"inputs\" holds -Infinity at [0][1]; the model takes finite numbers");
        // the largest float32 and the smallest subnormal still go through
        assertThat(loaded.predict("{\"inputs\": [[3.4028235e38, 1.4e-45]]}"))
            .startsWith("{\"predictions\":");
      }
    }
  }

  /** The JSON forms {@code mlflow models serve} takes give the same answer as {"inputs": ...}. */
  @Test
  void dataframeSplitRecordsAndInstancesAreAcceptedAsMlflowServeDoes() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      ModelFiles.save(model, "mlp", Map.of(), Map.of(), tmp.resolve("mlp"));
      try (ServableModel loaded = ModelFiles.load(tmp.resolve("mlp"))) {
        String expected = loaded.predict("{\"inputs\": [[1.5, 0.5], [-2, -0.25]]}");
        assertThat(loaded.predict("{\"instances\": [[1.5, 0.5], [-2, -0.25]]}"))
            .isEqualTo(expected);
        assertThat(
                loaded.predict(
                    "{\"dataframe_split\": {\"columns\": [\"x0\", \"x1\"],"
                        + " \"data\": [[1.5, 0.5], [-2, -0.25]]}}"))
            .isEqualTo(expected);
        assertThat(
                loaded.predict(
                    "{\"dataframe_records\": [{\"x0\": 1.5, \"x1\": 0.5},"
                        + " {\"x0\": -2, \"x1\": -0.25}]}"))
            .isEqualTo(expected);
        assertThatThrownBy(
                () ->
                    loaded.predict(
                        "{\"dataframe_records\": [{\"x0\": 1, \"x1\": 2}, {\"x0\": 1}]}"))
            .isInstanceOf(ModelInputException.class)
            .hasMessageStartingWith("\"dataframe_records\" records have different columns");
        assertThatThrownBy(
                () ->
                    loaded.predict(
                        "{\"dataframe_split\": {\"columns\": [\"x0\", \"x1\"],"
                            + " \"data\": [[1]]}}"))
            .isInstanceOf(ModelInputException.class)
            .hasMessage("\"dataframe_split\" has 2 columns but a row of 1 values");
      }
    }
  }

  /** Without an example, the default one keeps the input's rank, so the model passes its check. */
  @Test
  void theDefaultExampleOfAModelTakingRank3InputFitsItsSignature() throws Exception {
    try (Model model = Model.newInstance("m", "PyTorch");
        NDManager manager = NDManager.newBaseManager("PyTorch")) {
      model.setBlock(new SequentialBlock().add(Linear.builder().setUnits(4).build()));
      model
          .getBlock()
          .initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(8, 3, 2));
      ModelDescriptor descriptor =
          ModelFiles.save(model, "m", Map.of(), Map.of(), tmp.resolve("m"));
      assertThat(descriptor.shape("inputs")).containsExactly(-1L, 3L, 2L);
      try (ServableModel loaded = ModelFiles.load(tmp.resolve("m"))) {
        String answer = loaded.predict(descriptor.exampleInputJson());
        assertThat(SignatureCheck.checkPrediction(descriptor, answer, 1)).isNull();
      }
    }
  }

  @Test
  void changedFilesFailTheHashCheck() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      Path dir = tmp.resolve("mlp");
      ModelFiles.save(model, "mlp", Map.of(), Map.of(), dir);
      Path params;
      try (var files = Files.list(dir)) {
        params = files.filter(f -> f.toString().endsWith(".params")).findFirst().orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(params);
      bytes[bytes.length - 1] ^= 1;
      Files.write(params, bytes);
      assertThatThrownBy(() -> ModelFiles.load(dir))
          .hasMessageContaining("do not match the descriptor's sha256");
    }
  }

  @Test
  void mlflowRewritingMlmodelLeavesTheModelLoadableAndAnOlderHashCoveringItStillChecks()
      throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      Path dir = tmp.resolve("mlp");
      ModelFiles.save(model, "mlp", Map.of(), Map.of(), dir);
      Path mlmodel = dir.resolve("MLmodel");
      Files.writeString(mlmodel, Files.readString(mlmodel) + "metadata:\n  owner: data\n");
      try (ServableModel loaded = ModelFiles.load(dir)) {
        assertThat(loaded.descriptor().name()).isEqualTo("mlp");
      }

      // A descriptor written when the hash covered MLmodel (every file but the descriptor).
      Path descriptor = dir.resolve(ModelDescriptor.FILE_NAME);
      String current = ModelDescriptor.read(dir).sha256();
      Files.writeString(
          descriptor, Files.readString(descriptor).replace(current, hashCoveringMlmodel(dir)));
      try (ServableModel loaded = ModelFiles.load(dir)) {
        assertThat(loaded.descriptor().sha256()).isNotEqualTo(current);
      }
      Files.writeString(mlmodel, "changed after that descriptor was written\n");
      assertThatThrownBy(() -> ModelFiles.load(dir))
          .hasMessageContaining("do not match the descriptor's sha256");
    }
  }

  private static String hashCoveringMlmodel(Path dir) throws Exception {
    java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
    try (var files = Files.list(dir)) {
      for (Path f :
          files
              .filter(f -> !f.getFileName().toString().equals(ModelDescriptor.FILE_NAME))
              .sorted()
              .toList()) {
        digest.update(f.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(Files.readAllBytes(f));
      }
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  @Test
  void anUnnamedLambdaBlockCannotBeDescribed() throws Exception {
    try (Model model = Model.newInstance("m", "PyTorch");
        NDManager manager = NDManager.newBaseManager("PyTorch")) {
      model.setBlock(
          new SequentialBlock().add(Linear.builder().setUnits(2).build()).add(Activation::relu));
      model.getBlock().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 2));
      assertThatThrownBy(() -> ModelFiles.save(model, "m", Map.of(), Map.of(), tmp.resolve("m")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("cannot describe an unnamed function block");
    }
  }

  /** The logged model through a real server: runs:/RUN/mlp loads and predicts the same. */
  @Test
  void logModelUploadsAndLoadModelByRunUriReadsItBack() throws Exception {
    LocalTracking tracking = LocalTracking.start(tmp);
    try (TrackingClient client = tracking.newClient();
        NDManager manager = NDManager.newBaseManager("PyTorch");
        Model model = TinyMlp.train(manager)) {
      client.experiment("models");
      client.metric("val_acc", 0.5);
      client.metric("val_acc", 0.9);
      String uri = client.logModel(model, "mlp", Map.of("example", ROWS));
      assertThat(uri).matches("runs:/[0-9a-f]+/mlp");
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      try (ServableModel loaded = client.loadModel(uri)) {
        assertThat(loaded.descriptor().fields()).containsEntry("metrics", Map.of("val_acc", 0.9));
        assertThat(loaded.predict(loaded.descriptor().exampleInputJson()))
            .isEqualTo(inProcess(model, loaded));
      }
    } finally {
      tracking.close();
    }
  }

  /** The original model's answer to the example rows, formatted like the served one. */
  private static String inProcess(Model model, ServableModel loaded) throws Exception {
    try (Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator());
        NDManager manager = NDManager.newBaseManager("PyTorch")) {
      var y = predictor.predict(new NDList(manager.create(ROWS))).singletonOrThrow();
      Object post = ((Map<?, ?>) loaded.descriptor().fields().get("translator")).get("postprocess");
      if ("softmax".equals(post)) {
        y = y.softmax(-1);
      }
      return dev.trackbook.client.model.ModelJson.writeCompact(
          Map.of("predictions", TensorJson.toNested(y)));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> roundTrip(ModelDescriptor d) {
    return new ModelDescriptor(
            (Map<String, Object>)
                (Map<?, ?>) dev.trackbook.client.model.ModelJson.parse(d.toString()))
        .fields();
  }
}
