package dev.trackbook.djl.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.trackbook.client.model.ModelDescriptor;
import dev.trackbook.client.model.ModelFlavor;
import dev.trackbook.client.model.ServableModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves a DJL {@link Model} as its {@code .params} file plus an architecture description, and loads
 * it back as a {@link ServableModel} speaking MLflow's tensor JSON.
 *
 * <p>Options: {@code example} (float[][], double[][] or NDArray; default one row of zeros), {@code
 * postprocess} ({@code none} or {@code softmax}), {@code blockFactory} (class name of an {@link
 * BlockFactory} for blocks the architecture description does not cover).
 */
public final class DjlModelFlavor implements ModelFlavor {
  static final String PARAMS_PREFIX = "model";
  static final String TRANSLATOR = "trackbook.tensor-json/1";
  private static final Set<String> POSTPROCESS = Set.of("none", "softmax");

  @Override
  public String name() {
    return "djl";
  }

  @Override
  public boolean canSave(Object model) {
    return model instanceof Model;
  }

  @Override
  public Map<String, Object> save(Object target, Path dir, Map<String, ?> options)
      throws IOException {
    Model model = (Model) target;
    Block block = model.getBlock();
    if (block == null || !block.isInitialized()) {
      throw new IllegalArgumentException(
          "the model's block is not initialized; train it (or call block.initialize) first");
    }
    Object postprocess = options.containsKey("postprocess") ? options.get("postprocess") : "none";
    if (!POSTPROCESS.contains(String.valueOf(postprocess))) {
      throw new IllegalArgumentException(
          "option postprocess must be none or softmax, not '" + postprocess + "'");
    }
    Map<String, Object> architecture;
    Object factory = options.get("blockFactory");
    if (factory != null) {
      architecture = Map.of("type", "factory", "class", factory.toString());
    } else {
      architecture = BlockArchitecture.describe(block);
    }
    model.save(dir, PARAMS_PREFIX);

    Shape[] inputShapes = block.getInputShapes();
    Shape input = inputShapes[0];
    Shape output = block.getOutputShapes(inputShapes)[0];
    DataType dtype = block.getParameters().valueAt(0).getArray().getDataType();
    Object rows =
        options.containsKey("example")
            ? TensorJson.exampleRows(options.get("example"))
            : TensorJson.zeroRow(input);

    Map<String, Object> fields = new LinkedHashMap<>();
    String engine = model.getNDManager().getEngine().getEngineName();
    fields.put("engine", engine);
    fields.put(
        "versions",
        Map.of(
            "djl",
            Engine.getDjlVersion(),
            engine.toLowerCase(java.util.Locale.ROOT),
            Engine.getEngine(engine).getVersion(),
            "java",
            System.getProperty("java.version")));
    fields.put("architecture", architecture);
    fields.put("params_prefix", PARAMS_PREFIX);
    fields.put(
        "signature",
        Map.of(
            "inputs", List.of(tensor("inputs", dtype, input)),
            "outputs", List.of(tensor("predictions", DataType.FLOAT32, output))));
    fields.put("example_input", Map.of("inputs", rows));
    fields.put(
        "translator",
        Map.of(
            "name",
            TRANSLATOR,
            "preprocess",
            "JSON rows -> float32 tensor of the input shape",
            "postprocess",
            postprocess.toString()));
    return fields;
  }

  private static Map<String, Object> tensor(String name, DataType dtype, Shape shape) {
    List<Long> dims = new ArrayList<>();
    for (int i = 0; i < shape.dimension(); i++) {
      dims.add(i == 0 ? -1L : shape.get(i)); // the first dimension is the batch
    }
    Map<String, Object> tensor = new LinkedHashMap<>();
    tensor.put("name", name);
    tensor.put("dtype", dtype.toString().toLowerCase(java.util.Locale.ROOT));
    tensor.put("shape", dims);
    return tensor;
  }

  @Override
  @SuppressWarnings("unchecked")
  public ServableModel load(Path dir, ModelDescriptor descriptor) throws IOException {
    Map<String, Object> architecture =
        (Map<String, Object>) descriptor.fields().get("architecture");
    String engine = String.valueOf(descriptor.fields().get("engine"));
    Model model = Model.newInstance(descriptor.name(), engine);
    try {
      if ("factory".equals(architecture.get("type"))) {
        BlockFactory factory = newFactory(architecture.get("class").toString());
        model.setBlock(factory.newBlock(model, dir, Map.of()));
      } else {
        model.setBlock(BlockArchitecture.build(architecture));
      }
      model.load(
          dir, String.valueOf(descriptor.fields().getOrDefault("params_prefix", PARAMS_PREFIX)));
      return new DjlServableModel(model, descriptor);
    } catch (MalformedModelException | RuntimeException e) {
      model.close();
      throw new IOException("cannot load " + descriptor.name() + ": " + e.getMessage(), e);
    }
  }

  private static BlockFactory newFactory(String className) throws IOException {
    try {
      Class<?> type =
          Class.forName(className, true, Thread.currentThread().getContextClassLoader());
      return (BlockFactory) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IOException("cannot create block factory " + className + ": " + e);
    }
  }
}
