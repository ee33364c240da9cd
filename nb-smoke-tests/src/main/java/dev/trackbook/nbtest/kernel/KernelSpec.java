package dev.trackbook.nbtest.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernelspec ({@code kernel.json}) found the way Jupyter finds one: {@code JUPYTER_PATH} entries,
 * the user's data dir, then the system prefixes
 * (https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs).
 */
public record KernelSpec(
    String name,
    Path directory,
    List<String> argv,
    String displayName,
    String language,
    String interruptMode,
    Map<String, String> env) {

  /** Where Jupyter looks for kernelspecs, in its order of precedence. */
  public static List<Path> searchPath() {
    List<Path> dirs = new ArrayList<>();
    String jupyterPath = System.getenv("JUPYTER_PATH");
    if (jupyterPath != null && !jupyterPath.isBlank()) {
      for (String p : jupyterPath.split(java.io.File.pathSeparator)) {
        if (!p.isBlank()) {
          dirs.add(Path.of(p, "kernels"));
        }
      }
    }
    String dataDir = System.getenv("JUPYTER_DATA_DIR");
    dirs.add(
        dataDir != null
            ? Path.of(dataDir, "kernels")
            : Path.of(System.getProperty("user.home"), ".local", "share", "jupyter", "kernels"));
    dirs.add(Path.of("/usr/local/share/jupyter/kernels"));
    dirs.add(Path.of("/usr/share/jupyter/kernels"));
    return dirs;
  }

  /** Finds kernelspec {@code name} in {@code extraDirs}, then on {@link #searchPath()}. */
  public static KernelSpec find(String name, List<Path> extraDirs, ObjectMapper json)
      throws IOException {
    List<Path> dirs = new ArrayList<>(extraDirs);
    dirs.addAll(searchPath());
    for (Path dir : dirs) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate.resolve("kernel.json"))) {
        return read(candidate, json);
      }
    }
    throw new IOException(
        "no kernelspec '"
            + name
            + "' in "
            + dirs
            + " (install it: ./trackbook kernel install --user)");
  }

  /** Reads the kernelspec in {@code directory}. */
  public static KernelSpec read(Path directory, ObjectMapper json) throws IOException {
    JsonNode n = json.readTree(directory.resolve("kernel.json").toFile());
    List<String> argv = new ArrayList<>();
    n.path("argv").forEach(a -> argv.add(a.asText()));
    if (argv.isEmpty()) {
      throw new IOException(directory.resolve("kernel.json") + " has no argv");
    }
    Map<String, String> env = new LinkedHashMap<>();
    n.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return new KernelSpec(
        directory.getFileName().toString(),
        directory,
        List.copyOf(argv),
        n.path("display_name").asText(directory.getFileName().toString()),
        n.path("language").asText(""),
        n.path("interrupt_mode").asText("signal"),
        Map.copyOf(env));
  }

  /**
   * The command line with {@code {connection_file}} and {@code {resource_dir}} substituted, as
   * Jupyter does.
   */
  public List<String> command(Path connectionFile) {
    List<String> cmd = new ArrayList<>(argv.size());
    for (String a : argv) {
      cmd.add(
          a.replace("{connection_file}", connectionFile.toString())
              .replace("{resource_dir}", directory.toString()));
    }
    return cmd;
  }
}
