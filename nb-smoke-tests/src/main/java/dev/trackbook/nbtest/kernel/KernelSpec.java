package dev.trackbook.nbtest.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A kernelspec ({@code kernel.json}) found the way Jupyter finds one: {@code JUPYTER_PATH} entries,
 * the user's data dir and the active Python environment, then the system prefixes
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

  /** Where Jupyter looks for kernelspecs, in its order of precedence, for this process. */
  public static List<Path> searchPath() {
    return searchPath(
        System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home"));
  }

  /**
   * Where Jupyter looks for kernelspecs, as jupyter_core's {@code jupyter_path("kernels")} computes
   * it: {@code JUPYTER_PATH} entries; the user's data dir ({@code JUPYTER_DATA_DIR}, else {@code
   * ~/Library/Jupyter} on macOS, {@code %APPDATA%\jupyter} on Windows, {@code
   * $XDG_DATA_HOME/jupyter} or {@code ~/.local/share/jupyter} elsewhere) and the active Python
   * environment's {@code share/jupyter} ({@code VIRTUAL_ENV}, {@code CONDA_PREFIX}: Jupyter's
   * {@code sys.prefix} when it runs from that environment), the environment first when one is
   * active unless {@code JUPYTER_PREFER_ENV_PATH} says otherwise; then the system dirs.
   */
  static List<Path> searchPath(Map<String, String> env, String osName, String home) {
    Set<Path> dirs = new LinkedHashSet<>();
    String jupyterPath = env.get("JUPYTER_PATH");
    boolean windows = osName.toLowerCase(Locale.ROOT).startsWith("windows");
    if (set(jupyterPath)) {
      for (String p : jupyterPath.split(windows ? ";" : ":")) {
        if (!p.isBlank()) {
          dirs.add(Path.of(p));
        }
      }
    }
    List<Path> environments = new ArrayList<>();
    for (String prefix : new String[] {env.get("VIRTUAL_ENV"), env.get("CONDA_PREFIX")}) {
      if (set(prefix)) {
        environments.add(Path.of(prefix, "share", "jupyter"));
      }
    }
    Path user = userDataDir(env, osName, home);
    String prefer = env.get("JUPYTER_PREFER_ENV_PATH");
    boolean preferEnvironment = prefer != null ? truthy(prefer) : !environments.isEmpty();
    if (preferEnvironment) {
      dirs.addAll(environments);
      dirs.add(user);
    } else {
      dirs.add(user);
      dirs.addAll(environments);
    }
    if (windows) {
      if (set(env.get("PROGRAMDATA"))) {
        dirs.add(Path.of(env.get("PROGRAMDATA"), "jupyter"));
      }
    } else {
      dirs.add(Path.of("/usr/local/share/jupyter"));
      dirs.add(Path.of("/usr/share/jupyter"));
    }
    return dirs.stream().map(d -> d.resolve("kernels")).toList();
  }

  private static Path userDataDir(Map<String, String> env, String osName, String home) {
    if (set(env.get("JUPYTER_DATA_DIR"))) {
      return Path.of(env.get("JUPYTER_DATA_DIR"));
    }
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return Path.of(home, "Library", "Jupyter");
    }
    if (os.startsWith("windows") && set(env.get("APPDATA"))) {
      return Path.of(env.get("APPDATA"), "jupyter");
    }
    String xdg = env.get("XDG_DATA_HOME");
    return (set(xdg) ? Path.of(xdg) : Path.of(home, ".local", "share")).resolve("jupyter");
  }

  private static boolean set(String value) {
    return value != null && !value.isBlank();
  }

  // jupyter_core's envset: anything but these (case-insensitive) counts as set.
  private static boolean truthy(String value) {
    return !Set.of("no", "n", "off", "false", "0", "0.0")
        .contains(value.strip().toLowerCase(Locale.ROOT));
  }

  /** No kernelspec of the name was found; the message names where it was looked for. */
  public static final class NotFound extends IOException {
    NotFound(String message) {
      super(message);
    }
  }

  /**
   * Finds kernelspec {@code name} in {@code extraDirs}, then on {@link #searchPath()}.
   *
   * @throws NotFound when no directory has it
   */
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
    throw new NotFound("no kernelspec '" + name + "' in " + dirs);
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
