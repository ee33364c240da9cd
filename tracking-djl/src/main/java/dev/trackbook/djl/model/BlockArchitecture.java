package dev.trackbook.djl.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A DJL block's structure as JSON-like values, and the block rebuilt from it. DJL's {@code .params}
 * file holds weights only, so loading a model needs its architecture: this covers sequential stacks
 * of {@link Linear} layers and parameter-free activations (those DJL names, such as {@link
 * Activation#reluBlock()}); other blocks need a {@code blockFactory} class.
 */
final class BlockArchitecture {

  // Named LambdaBlocks DJL itself creates: the name identifies the function.
  private static final Map<String, Supplier<Block>> ACTIVATIONS =
      Map.ofEntries(
          Map.entry("ReLU", Activation::reluBlock),
          Map.entry("ReLU6", Activation::relu6Block),
          Map.entry("sigmoid", Activation::sigmoidBlock),
          Map.entry("Tanh", Activation::tanhBlock),
          Map.entry("softPlus", Activation::softPlusBlock),
          Map.entry("softSign", Activation::softSignBlock),
          Map.entry("SELU", Activation::seluBlock),
          Map.entry("GELU", Activation::geluBlock),
          Map.entry("Mish", Activation::mishBlock),
          Map.entry("batchFlatten", Blocks::batchFlattenBlock),
          Map.entry("identity", Blocks::identityBlock));

  private BlockArchitecture() {}

  /**
   * The architecture of an initialized block.
   *
   * @throws IllegalArgumentException naming the first block that cannot be described
   */
  static Map<String, Object> describe(Block block) {
    Map<String, Object> node = new LinkedHashMap<>();
    if (block instanceof SequentialBlock) {
      node.put("type", "sequential");
      List<Object> children = new ArrayList<>();
      block.getChildren().values().forEach(child -> children.add(describe(child)));
      node.put("children", children);
    } else if (block instanceof Linear) {
      Parameter weight = block.getParameters().get("weight");
      node.put("type", "linear");
      node.put("units", weight.getArray().getShape().get(0));
      node.put("bias", block.getParameters().contains("bias"));
    } else if (block instanceof LambdaBlock lambda && ACTIVATIONS.containsKey(lambda.getName())) {
      node.put("type", "activation");
      node.put("name", lambda.getName());
    } else {
      String what =
          block instanceof LambdaBlock lambda
              ? "an unnamed function block ('"
                  + lambda.getName()
                  + "'; use DJL's named blocks such as Activation.reluBlock() instead of"
                  + " Activation::relu)"
              : "a " + block.getClass().getSimpleName();
      throw new IllegalArgumentException(
          "cannot describe "
              + what
              + "; give option blockFactory (a class implementing ai.djl.nn.BlockFactory)");
    }
    return node;
  }

  /** A new, uninitialized block of this architecture. */
  @SuppressWarnings("unchecked")
  static Block build(Map<String, Object> node) {
    String type = String.valueOf(node.get("type"));
    switch (type) {
      case "sequential" -> {
        SequentialBlock sequential = new SequentialBlock();
        for (Object child : (List<Object>) node.get("children")) {
          sequential.add(build((Map<String, Object>) child));
        }
        return sequential;
      }
      case "linear" -> {
        Linear.Builder builder =
            Linear.builder().setUnits(((Number) node.get("units")).longValue());
        if (Boolean.FALSE.equals(node.get("bias"))) {
          builder.optBias(false);
        }
        return builder.build();
      }
      case "activation" -> {
        Supplier<Block> activation = ACTIVATIONS.get(String.valueOf(node.get("name")));
        if (activation == null) {
          throw new IllegalArgumentException("unknown activation '" + node.get("name") + "'");
        }
        return activation.get();
      }
      default -> throw new IllegalArgumentException("unknown block type '" + type + "'");
    }
  }
}
