package dev.trackbook.client.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A loaded model that owns the directory its files were downloaded into and deletes it when it is
 * closed: a notebook that loads a model per run, or a server following an alias for weeks, would
 * otherwise keep every download. A {@link ModelFlavor} may read its files until the model closes. A
 * model never closed (a notebook's {@code Tracking.loadModel} result, typically) loses its files
 * when the JVM exits.
 */
public final class FilesBoundModel implements ServableModel {
  /**
   * Directories of models not closed yet, deleted at JVM exit. A holder class: its hook is added
   * when the first model is bound, not when {@link #deleteTree} is first called, which may be from
   * another shutdown hook, when adding one fails.
   */
  private static final class Open {
    static final java.util.Set<Path> DIRS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> DIRS.forEach(FilesBoundModel::deleteTree), "trackbook-model-files"));
    }
  }

  private final ServableModel model;
  private final Path dir;

  private FilesBoundModel(ServableModel model, Path dir) {
    this.model = model;
    this.dir = dir;
  }

  /** {@code model}, whose {@link #close} also deletes {@code dir}. */
  public static ServableModel of(ServableModel model, Path dir) {
    Open.DIRS.add(dir);
    return new FilesBoundModel(model, dir);
  }

  @Override
  public ModelDescriptor descriptor() {
    return model.descriptor();
  }

  @Override
  public String predict(String jsonRequest) {
    return model.predict(jsonRequest);
  }

  @Override
  public Object unwrap() {
    return model.unwrap();
  }

  @Override
  public void close() {
    try {
      model.close();
    } finally {
      deleteTree(dir);
      Open.DIRS.remove(dir);
    }
  }

  /** Deletes a directory tree, best effort: a leftover in the temp directory is harmless. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // best effort
    }
  }
}
