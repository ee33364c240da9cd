package dev.trackbook.client.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves and loads the models of one framework. Found with {@link java.util.ServiceLoader}, so the
 * tracking client itself depends on no framework: a module such as tracking-djl lists its
 * implementation in {@code META-INF/services/dev.trackbook.client.model.ModelFlavor}.
 */
public interface ModelFlavor {

  /** The flavor's name, recorded in the descriptor as {@code flavor} (e.g. {@code "djl"}). */
  String name();

  /** Whether this flavor can save {@code model}. */
  boolean canSave(Object model);

  /**
   * Writes the model's files into {@code dir} (empty, existing).
   *
   * @param options caller options (flavor-specific, e.g. {@code example}, {@code postprocess})
   * @return the flavor's descriptor fields: {@code engine}, {@code versions}, {@code signature},
   *     {@code example_input}, {@code translator}, ... as JSON-like values (maps, lists, strings,
   *     numbers, booleans)
   * @throws IllegalArgumentException when the model or an option cannot be saved, one line
   */
  Map<String, Object> save(Object model, Path dir, Map<String, ?> options) throws IOException;

  /** Loads a model written by {@link #save}. */
  ServableModel load(Path dir, ModelDescriptor descriptor) throws IOException;
}
