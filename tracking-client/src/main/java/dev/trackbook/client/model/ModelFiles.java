package dev.trackbook.client.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** Writes a model and its descriptor into a directory, and loads one back through its flavor. */
public final class ModelFiles {

  private ModelFiles() {}

  /**
   * Saves {@code model} into {@code dir} outside any run: as {@link #save(Object, String, Map, Map,
   * String, String, Path)} with no run id and no artifact path.
   */
  public static ModelDescriptor save(
      Object model, String name, Map<String, ?> options, Map<String, Double> metrics, Path dir)
      throws IOException {
    return save(model, name, options, metrics, null, null, dir);
  }

  /**
   * Saves {@code model} into {@code dir} with the first {@link ModelFlavor} that can, writes
   * MLflow's {@link MlflowModelFile}, then the descriptor with the content hash (of the model's own
   * files: see {@link #contentHash}).
   *
   * @param metrics metrics at save time, recorded in the descriptor
   * @param runId the run the model is logged to, for MLmodel; null when none or not known yet
   * @param artifactPath the model's path under the run's artifacts, for MLmodel; or null
   * @throws IllegalArgumentException when no flavor can save this model, one line
   */
  public static ModelDescriptor save(
      Object model,
      String name,
      Map<String, ?> options,
      Map<String, Double> metrics,
      String runId,
      String artifactPath,
      Path dir)
      throws IOException {
    if (model == null) {
      throw new IllegalArgumentException("the model is null");
    }
    ModelFlavor flavor =
        flavors().stream()
            .filter(f -> f.canSave(model))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot log a "
                            + model.getClass().getName()
                            + ": no model flavor on the classpath saves it (DJL models need"
                            + " module tracking-djl)"));
    Files.createDirectories(dir);
    Map<String, Object> flavorFields =
        flavor.save(model, dir, options == null ? Map.of() : options);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("format", ModelDescriptor.FORMAT);
    fields.put("name", name);
    fields.put("flavor", flavor.name());
    fields.put("created_at", Instant.now().toString());
    fields.putAll(flavorFields);
    fields.put("metrics", metrics == null ? Map.of() : new LinkedHashMap<>(metrics));
    MlflowModelFile.write(dir, new ModelDescriptor(fields), runId, artifactPath);
    fields.put("sha256", contentHash(dir));
    ModelDescriptor descriptor = new ModelDescriptor(fields);
    descriptor.write(dir);
    return descriptor;
  }

  /**
   * Loads the model in {@code dir} after checking its files against the descriptor's hash.
   *
   * @throws IOException when the descriptor is missing, the files were changed, or no flavor of
   *     that name is on the classpath
   */
  public static ServableModel load(Path dir) throws IOException {
    ModelDescriptor descriptor = ModelDescriptor.read(dir);
    String actual = contentHash(dir);
    // Models logged before MLmodel left the hash (2026-12-07) have it hashed in.
    if (!actual.equals(descriptor.sha256())
        && !hash(dir, ModelDescriptor.FILE_NAME).equals(descriptor.sha256())) {
      throw new IOException(
          "model files in "
              + dir
              + " do not match the descriptor's sha256 (expected "
              + descriptor.sha256()
              + ", found "
              + actual
              + ")");
    }
    ModelFlavor flavor =
        flavors().stream()
            .filter(f -> f.name().equals(descriptor.flavor()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IOException(
                        "no model flavor '"
                            + descriptor.flavor()
                            + "' on the classpath (DJL models need module tracking-djl)"));
    return flavor.load(dir, descriptor);
  }

  /**
   * SHA-256 over every file in {@code dir} but the descriptor and MLflow's MLmodel file: for each
   * file in path order, its relative path, a NUL, its bytes. Stable across machines (paths use
   * '/'). MLmodel is left out because MLflow's own tools rewrite it in place ({@code
   * mlflow.models.set_signature}), and no flavor reads it.
   */
  public static String contentHash(Path dir) throws IOException {
    return hash(dir, ModelDescriptor.FILE_NAME, MlflowModelFile.FILE_NAME);
  }

  private static String hash(Path dir, String... leftOut) throws IOException {
    List<String> excluded = List.of(leftOut);
    MessageDigest digest = sha256();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(f -> !excluded.contains(dir.relativize(f).toString()))
              .sorted(Comparator.comparing((Path f) -> relative(dir, f)))
              .toList();
    }
    for (Path file : files) {
      digest.update(relative(dir, file).getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream()); // DigestInputStream feeds the digest
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace('\\', '/');
  }

  private static List<ModelFlavor> flavors() {
    // The thread's loader first: in a notebook, tracking-djl arrives with the user's classpath.
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    List<ModelFlavor> found =
        ServiceLoader.load(ModelFlavor.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    if (found.isEmpty() && loader != ModelFiles.class.getClassLoader()) {
      found =
          ServiceLoader.load(ModelFlavor.class, ModelFiles.class.getClassLoader()).stream()
              .map(ServiceLoader.Provider::get)
              .toList();
    }
    return found;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
