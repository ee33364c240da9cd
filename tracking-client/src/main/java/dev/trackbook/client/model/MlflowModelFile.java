package dev.trackbook.client.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * MLflow's {@value #FILE_NAME} file at a model's root, so that MLflow's own tools ({@code
 * mlflow.models.get_model_info}, {@code Model.load}, the MLflow UI) can say what a logged model is:
 * its artifact path and run, its flavor (framework, engine and versions), its signature as MLflow
 * tensor specs, a model uuid and when it was made. There is no {@code python_function} flavor:
 * Python cannot load these models, and {@code mlflow.pyfunc.load_model} says so. Trackbook's loader
 * reads the {@link ModelDescriptor}; this file is derived from it and never read back.
 */
public final class MlflowModelFile {
  /** The file's name, as MLflow's {@code MLMODEL_FILE_NAME}. */
  public static final String FILE_NAME = "MLmodel";

  // MLflow's utc_time_created: Python's str(datetime.utcnow()).
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  // Descriptor dtypes (DJL's names) that numpy knows, as numpy names them: MLflow reads every
  // tensor spec with np.dtype(...), and one it cannot read fails the whole of get_model_info.
  private static final Map<String, String> NUMPY_DTYPES =
      Map.ofEntries(
          Map.entry("boolean", "bool"),
          Map.entry("float16", "float16"),
          Map.entry("float32", "float32"),
          Map.entry("float64", "float64"),
          Map.entry("int8", "int8"),
          Map.entry("int16", "int16"),
          Map.entry("int32", "int32"),
          Map.entry("int64", "int64"),
          Map.entry("uint8", "uint8"),
          Map.entry("uint16", "uint16"),
          Map.entry("uint32", "uint32"),
          Map.entry("uint64", "uint64"),
          Map.entry("complex64", "complex64"));

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  // Words YAML 1.1 (PyYAML's) reads as booleans or null even unquoted.
  private static final Set<String> YAML_WORDS =
      Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");

  private MlflowModelFile() {}

  /**
   * Writes {@value #FILE_NAME} for the model {@code descriptor} describes into {@code dir}.
   *
   * @param runId the run the model is logged to, or null (not logged, or the run's id is not known
   *     yet): MLflow's file then has no {@code run_id} either
   * @param artifactPath the model's path under the run's artifacts, or null
   */
  public static void write(Path dir, ModelDescriptor descriptor, String runId, String artifactPath)
      throws IOException {
    String uuid = UUID.randomUUID().toString().replace("-", ""); // as MLflow's uuid4().hex
    Files.writeString(
        dir.resolve(FILE_NAME),
        yaml(descriptor, runId, artifactPath, uuid),
        StandardCharsets.UTF_8);
  }

  /** The file's text, keys sorted as MLflow's {@code yaml.safe_dump} writes them. */
  static String yaml(
      ModelDescriptor descriptor, String runId, String artifactPath, String modelUuid) {
    Map<String, Object> model = new TreeMap<>();
    if (artifactPath != null) {
      model.put("artifact_path", artifactPath);
    }
    model.put("flavors", Map.of(descriptor.flavor(), flavor(descriptor)));
    model.put("model_uuid", modelUuid);
    if (runId != null) {
      model.put("run_id", runId);
    }
    Map<String, Object> signature = signature(descriptor);
    if (signature != null) {
      model.put("signature", signature);
    }
    Object created = descriptor.fields().get("created_at");
    Instant at = created == null ? Instant.now() : Instant.parse(created.toString());
    model.put("utc_time_created", UTC_TIME.format(at));
    StringBuilder out = new StringBuilder();
    block(model, "", out);
    return out.toString();
  }

  /**
   * The flavor's entry: where the rest is ({@code descriptor}), the engine, and each recorded
   * version as {@code NAME_version} (MLflow's flavors write e.g. {@code pytorch_version}).
   */
  private static Map<String, Object> flavor(ModelDescriptor descriptor) {
    Map<String, Object> flavor = new TreeMap<>();
    flavor.put("descriptor", ModelDescriptor.FILE_NAME);
    Object engine = descriptor.fields().get("engine");
    if (engine != null) {
      flavor.put("engine", engine.toString());
    }
    if (descriptor.fields().get("versions") instanceof Map<?, ?> versions) {
      versions.forEach((name, version) -> flavor.put(name + "_version", String.valueOf(version)));
    }
    return flavor;
  }

  /**
   * MLflow's signature: each side a JSON string of tensor specs ({@code {"name", "type": "tensor",
   * "tensor-spec": {"dtype", "shape"}}}); null when the descriptor has none or a dtype numpy lacks.
   */
  private static Map<String, Object> signature(ModelDescriptor descriptor) {
    if (!(descriptor.fields().get("signature") instanceof Map<?, ?> declared)) {
      return null;
    }
    Map<String, Object> signature = new TreeMap<>();
    for (String side : List.of("inputs", "outputs")) {
      if (!(declared.get(side) instanceof List<?> tensors)) {
        continue;
      }
      List<Object> specs = new ArrayList<>();
      for (Object tensor : tensors) {
        if (!(tensor instanceof Map<?, ?> t)) {
          return null;
        }
        String dtype = NUMPY_DTYPES.get(String.valueOf(t.get("dtype")));
        if (dtype == null) {
          return null;
        }
        Map<String, Object> tensorSpec = new LinkedHashMap<>();
        tensorSpec.put("dtype", dtype);
        tensorSpec.put("shape", t.get("shape"));
        Map<String, Object> spec = new LinkedHashMap<>();
        if (t.get("name") != null) {
          spec.put("name", t.get("name"));
        }
        spec.put("type", "tensor");
        spec.put("tensor-spec", tensorSpec);
        specs.add(spec);
      }
      signature.put(side, ModelJson.writeCompact(specs));
    }
    return signature.isEmpty() ? null : signature;
  }

  /** Block-style YAML of nested maps whose leaves are strings, numbers or booleans. */
  private static void block(Map<?, ?> map, String indent, StringBuilder out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.append(indent).append(key(e.getKey().toString())).append(':');
      if (e.getValue() instanceof Map<?, ?> nested) {
        out.append('\n');
        block(nested, indent + "  ", out);
      } else {
        out.append(' ').append(scalar(e.getValue())).append('\n');
      }
    }
  }

  private static String key(String key) {
    return PLAIN_KEY.matcher(key).matches() && !YAML_WORDS.contains(key.toLowerCase(Locale.ROOT))
        ? key
        : scalar(key);
  }

  /**
   * A number or boolean as is; text double-quoted with every character outside printable ASCII
   * escaped ({@code \\u}, or {@code \\U} beyond the BMP, as PyYAML writes them), so any YAML reader
   * and any file encoding take it back unchanged.
   */
  private static String scalar(Object value) {
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    StringBuilder quoted = new StringBuilder("\"");
    String.valueOf(value)
        .codePoints()
        .forEach(
            c -> {
              if (c == '"' || c == '\\') {
                quoted.append('\\').append((char) c);
              } else if (c >= 0x20 && c < 0x7f) {
                quoted.append((char) c);
              } else if (c <= 0xffff) {
                quoted.append(String.format("\\u%04x", c));
              } else {
                quoted.append(String.format("\\U%08x", c));
              }
            });
    return quoted.append('"').toString();
  }
}
