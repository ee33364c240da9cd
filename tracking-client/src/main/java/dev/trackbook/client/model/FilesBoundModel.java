package dev.trackbook.client.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A loaded model that owns the directory its files were downloaded into and deletes it when it is
 * closed: a notebook that loads a model per run, or a server following an alias for weeks, would
 * otherwise keep every download. A {@link ModelFlavor} may read its files until the model closes.
 */
public final class FilesBoundModel implements ServableModel {
  private final ServableModel model;
  private final Path dir;

  private FilesBoundModel(ServableModel model, Path dir) {
    this.model = model;
    this.dir = dir;
  }

  /** {@code model}, whose {@link #close} also deletes {@code dir}. */
  public static ServableModel of(ServableModel model, Path dir) {
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
    }
  }

  /** Deletes a directory tree, best effort: a leftover in the temp directory is harmless. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
