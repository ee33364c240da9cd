package dev.trackbook.client.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON file ({@value #FILE_NAME}) logged next to a model's files: what the model is (flavor,
 * engine and versions), how to call it (signature, example input, translator), how good it was when
 * saved (metrics) and a SHA-256 of its other files, checked on every load.
 */
public final class ModelDescriptor {
  /** The descriptor's file name inside the model's artifact directory. */
  public static final String FILE_NAME = "trackbook-model.json";

  /** Written as {@code format}; bumped when a field changes meaning. */
  public static final String FORMAT = "trackbook-model/1";

  private final Map<String, Object> fields;

  /** A descriptor with these fields (copied). */
  public ModelDescriptor(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * Reads {@value #FILE_NAME} in {@code dir}.
   *
   * @throws IOException when it is missing or not a descriptor
   */
  @SuppressWarnings("unchecked")
  public static ModelDescriptor read(Path dir) throws IOException {
    Path file = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException("no " + FILE_NAME + " in " + dir + ": not a logged model");
    }
    Object parsed;
    try {
      parsed = ModelJson.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (ModelInputException e) {
      throw new IOException(FILE_NAME + " is not valid JSON: " + e.getMessage());
    }
    if (!(parsed instanceof Map) || !FORMAT.equals(((Map<String, Object>) parsed).get("format"))) {
      throw new IOException(FILE_NAME + " in " + dir + " is not a " + FORMAT + " descriptor");
    }
    return new ModelDescriptor((Map<String, Object>) parsed);
  }

  /** Writes the descriptor into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.writeString(dir.resolve(FILE_NAME), ModelJson.write(fields), StandardCharsets.UTF_8);
  }

  /** All fields, as plain JSON values. */
  public Map<String, Object> fields() {
    return fields;
  }

  public String flavor() {
    return string("flavor");
  }

  public String name() {
    return string("name");
  }

  /** SHA-256 over the model's other files (see {@link ModelFiles#contentHash}). */
  public String sha256() {
    return string("sha256");
  }

  /** The example request, as JSON text ({@code {"inputs": ...}}), or null. */
  public String exampleInputJson() {
    Object example = fields.get("example_input");
    return example == null ? null : ModelJson.writeCompact(example);
  }

  /**
   * The declared shape of signature entry {@code side} ({@code "inputs"} or {@code "outputs"}),
   * first tensor; -1 marks a free dimension (the batch). Empty when not declared.
   */
  public List<Long> shape(String side) {
    Map<String, Object> tensor = firstTensor(side);
    List<Long> shape = new ArrayList<>();
    if (tensor != null && tensor.get("shape") instanceof List<?> dims) {
      dims.forEach(d -> shape.add(((Number) d).longValue()));
    }
    return shape;
  }

  /** The declared data type of signature entry {@code side}'s first tensor, e.g. float32. */
  public String dtype(String side) {
    Map<String, Object> tensor = firstTensor(side);
    return tensor == null ? null : (String) tensor.get("dtype");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> firstTensor(String side) {
    if (fields.get("signature") instanceof Map<?, ?> signature
        && signature.get(side) instanceof List<?> tensors
        && !tensors.isEmpty()
        && tensors.get(0) instanceof Map<?, ?> tensor) {
      return (Map<String, Object>) tensor;
    }
    return null;
  }

  private String string(String key) {
    Object value = fields.get(key);
    return value == null ? null : value.toString();
  }

  @Override
  public String toString() {
    return ModelJson.write(fields);
  }
}
