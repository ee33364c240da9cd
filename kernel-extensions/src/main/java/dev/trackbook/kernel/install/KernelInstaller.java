package dev.trackbook.kernel.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the {@code trackbook-java} kernelspec the way {@code jupyter kernelspec install} lays it
 * out: {@code <kernels dir>/trackbook-java/kernel.json} plus the kernel jar and the extension jars
 * copied next to it, so the installed kernel does not depend on a build directory. Installing again
 * replaces the previous installation.
 *
 * <p>It also records a class-data archive (AppCDS, {@value #CLASS_DATA}) from a short kernel
 * session, which the kernelspec's JVM maps at start instead of loading JShell, javac and the
 * kernel's classes from the jars (bench/kernel: cold start and notebook cells faster for every
 * Jupyter client). Where the archive cannot be made the kernel starts without it; where it no
 * longer matches the JVM or the jars, the JVM ignores it ({@code -Xshare:auto}).
 *
 * <p>Uses the JDK only, so the CLI can carry it without the kernel's libraries.
 *
 * @see <a href="https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs">Kernel
 *     specs</a>
 */
public final class KernelInstaller {

  /** The kernelspec directory name; Jupyter knows the kernel by it. */
  public static final String KERNEL_NAME = "trackbook-java";

  public static final String DISPLAY_NAME = "Java (Trackbook)";

  static final String MAIN_CLASS = "dev.trackbook.kernel.TrackbookKernel";

  static final String KERNEL_JAR = "trackbook-kernel.jar";

  static final String EXTENSIONS_DIR = "extensions";

  /** The class-data archive (AppCDS) next to kernel.json. */
  static final String CLASS_DATA = "trackbook-kernel.jsa";

  static final String TRAINING_CLASS = "dev.trackbook.kernel.ClassDataTraining";

  /**
   * Like {@link #JVM_FLAGS} but with the optimising C2 compiler, for long computations. UTF-8 is
   * the default charset whatever the machine's locale, as from Java 18 on (JEP 400): in a CI
   * container's C locale Java 17 would write and read files through {@code FileWriter}, {@code
   * FileReader} or Tablesaw as ASCII, every accented letter a {@code ?}.
   */
  public static final List<String> FULL_JIT_FLAGS =
      List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto", "-Dfile.encoding=UTF-8");

  /**
   * JVM flags for a fast start and quick cells: a notebook kernel is started often and mostly runs
   * small cells, each compiled by javac inside the kernel. C1 only ({@code TieredStopAtLevel=1})
   * halves cold start and the trivial-cell round trip on a busy 2-core machine (bench/kernel) and
   * lowers RSS; SerialGC starts fastest with one user; no perf-data file in /tmp. Compute-heavy
   * notebooks install with {@link #FULL_JIT_FLAGS} instead ({@code kernel install --full-jit}).
   */
  public static final List<String> JVM_FLAGS =
      Stream.concat(FULL_JIT_FLAGS.stream(), Stream.of("-XX:TieredStopAtLevel=1")).toList();

  private KernelInstaller() {}

  /**
   * Jupyter's kernels directory for a user install: {@code $JUPYTER_DATA_DIR/kernels}, else {@code
   * $XDG_DATA_HOME/jupyter/kernels}, else {@code ~/.local/share/jupyter/kernels} (on macOS {@code
   * ~/Library/Jupyter/kernels}), as jupyter_core's {@code jupyter_data_dir()} computes it.
   */
  public static Path userKernelsDir() {
    String dataDir = System.getenv("JUPYTER_DATA_DIR");
    if (dataDir != null && !dataDir.isBlank()) {
      return Path.of(dataDir, "kernels");
    }
    String home = System.getProperty("user.home");
    if (System.getProperty("os.name", "").toLowerCase().contains("mac")) {
      return Path.of(home, "Library", "Jupyter", "kernels");
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(home, ".local", "share");
    return base.resolve("jupyter").resolve("kernels");
  }

  /** {@code <prefix>/share/jupyter/kernels}, as for {@code --prefix} / {@code --sys-prefix}. */
  public static Path prefixKernelsDir(Path prefix) {
    return prefix.resolve("share").resolve("jupyter").resolve("kernels");
  }

  /**
   * Installs the kernelspec.
   *
   * @param kernelsDir a Jupyter {@code kernels} directory (created if missing)
   * @param kernelJar the shaded kernel jar ({@code kernel-extensions/target/trackbook-kernel.jar})
   * @param extensionJars jars with {@code Extension}s to load (e.g. the magics); may be empty
   * @param javaCommand the {@code java} executable the kernel runs with
   * @return the kernelspec directory
   * @throws IllegalArgumentException when a jar does not exist
   */
  public static Path install(
      Path kernelsDir, Path kernelJar, List<Path> extensionJars, Path javaCommand) {
    return install(kernelsDir, kernelJar, extensionJars, javaCommand, JVM_FLAGS);
  }

  /** As {@link #install(Path, Path, List, Path)}, with the JVM flags to start the kernel with. */
  public static Path install(
      Path kernelsDir,
      Path kernelJar,
      List<Path> extensionJars,
      Path javaCommand,
      List<String> jvmFlags) {
    requireFile(kernelJar, "kernel jar");
    extensionJars.forEach(j -> requireFile(j, "extension jar"));
    Path dir = kernelsDir.resolve(KERNEL_NAME).toAbsolutePath();
    try {
      Files.createDirectories(dir);
      Path extensions = dir.resolve(EXTENSIONS_DIR);
      deleteRecursively(extensions);
      Files.createDirectories(extensions);
      Path jar = dir.resolve(KERNEL_JAR);
      Files.copy(kernelJar, jar, StandardCopyOption.REPLACE_EXISTING);
      for (Path ext : extensionJars) {
        Files.copy(ext, extensions.resolve(ext.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      List<String> flags = new ArrayList<>(jvmFlags);
      recordClassData(dir, javaCommand, jvmFlags).ifPresent(flags::add);
      Path tmp = dir.resolve("kernel.json.tmp");
      Files.writeString(tmp, kernelJson(dir, javaCommand, flags), StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve("kernel.json"), StandardCopyOption.REPLACE_EXISTING);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the kernelspec into " + dir + ": " + e, e);
    }
  }

  /**
   * Runs {@value #TRAINING_CLASS} on the installed jars under {@code -XX:ArchiveClassesAtExit} and
   * returns the flag that maps the archive, or nothing (with a line on stderr) when no archive came
   * out. The session gets a journal and working directory of its own, deleted afterwards.
   */
  static java.util.Optional<String> recordClassData(
      Path dir, Path javaCommand, List<String> jvmFlags) {
    Path archive = dir.resolve(CLASS_DATA);
    Path work = null;
    Process training = null;
    String failure;
    try {
      Files.deleteIfExists(archive);
      work = Files.createTempDirectory("trackbook-class-data-");
      List<String> command = new ArrayList<>();
      command.add(javaCommand.toString());
      command.addAll(jvmFlags);
      command.add("-XX:ArchiveClassesAtExit=" + archive);
      command.add("-cp");
      command.add(classpath(dir));
      command.add(TRAINING_CLASS);
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(work.resolve("training.log").toFile());
      // Extensions' cells may track: to a throwaway journal, with no server that could answer.
      pb.environment().put("TRACKBOOK_JOURNAL_DIR", work.resolve("journal").toString());
      pb.environment()
          .put("TRACKBOOK_TRACKING_URI", "http://127.0.0.1:" + LoopbackPorts.free(1)[0]);
      System.err.println("kernel install: recording the kernel's class-data archive...");
      training = pb.start();
      if (!training.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)) {
        failure = "training timed out";
      } else if (training.exitValue() == 0 && Files.isRegularFile(archive)) {
        return java.util.Optional.of("-XX:SharedArchiveFile=" + archive);
      } else {
        // the last line the training printed: its error, as a rule
        String log =
            new String(Files.readAllBytes(work.resolve("training.log")), StandardCharsets.UTF_8)
                .strip();
        failure =
            "training exited "
                + training.exitValue()
                + (log.isEmpty() ? "" : ": " + log.substring(log.lastIndexOf('\n') + 1));
      }
    } catch (IOException e) {
      failure = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    } finally {
      if (training != null && training.isAlive()) {
        training.destroyForcibly();
      }
      try {
        if (work != null) {
          deleteRecursively(work);
        }
      } catch (IOException leftover) {
        // a temp directory the OS cleans up
      }
    }
    // Optional: the kernel starts without it, only slower.
    System.err.println("kernel install: no class-data archive (" + failure + ")");
    try {
      Files.deleteIfExists(archive);
    } catch (IOException ignored) {
      // the JVM ignores an archive it cannot use (-Xshare:auto)
    }
    return java.util.Optional.empty();
  }

  private static String classpath(Path dir) {
    return dir.resolve(KERNEL_JAR)
        + java.io.File.pathSeparator
        + dir.resolve(EXTENSIONS_DIR).resolve("*");
  }

  /** The kernel.json text for a kernelspec directory {@code dir}. */
  static String kernelJson(Path dir, Path javaCommand, List<String> jvmFlags) {
    List<String> argv = new ArrayList<>();
    argv.add(javaCommand.toString());
    argv.addAll(jvmFlags);
    argv.add("-cp");
    argv.add(classpath(dir));
    argv.add(MAIN_CLASS);
    argv.add("{connection_file}");
    StringBuilder json = new StringBuilder("{\n  \"argv\": [");
    for (int i = 0; i < argv.size(); i++) {
      json.append(i == 0 ? "" : ", ").append(quote(argv.get(i)));
    }
    json.append("],\n");
    json.append("  \"display_name\": ").append(quote(DISPLAY_NAME)).append(",\n");
    json.append("  \"language\": \"java\",\n");
    // Message mode: Jupyter sends interrupt_request on the control channel instead of SIGINT,
    // which would kill a JVM (https://jupyter-client.readthedocs.io/en/stable/kernels.html).
    json.append("  \"interrupt_mode\": \"message\",\n");
    json.append("  \"env\": {},\n");
    json.append("  \"metadata\": {\"debugger\": false}\n");
    json.append("}\n");
    return json.toString();
  }

  /** The {@code java} running this process. */
  public static Path currentJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * Installs from the kernel jar this class runs from: {@code java -cp trackbook-kernel.jar
   * dev.trackbook.kernel.install.KernelInstaller [--user | --prefix DIR] [EXTENSION_JAR...]}. For
   * scripts and benchmarks; users run {@code ./trackbook kernel install}.
   */
  public static void main(String[] args) throws Exception {
    Path kernels = userKernelsDir();
    List<Path> extensions = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--user" -> kernels = userKernelsDir();
        case "--prefix" -> {
          if (i + 1 >= args.length) {
            System.err.println("--prefix needs a directory");
            System.exit(2);
          }
          kernels = prefixKernelsDir(Path.of(args[++i]));
        }
        default -> extensions.add(Path.of(args[i]));
      }
    }
    Path self =
        Path.of(KernelInstaller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    System.out.println(install(kernels, self, extensions, currentJava()));
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static void requireFile(Path p, String what) {
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(what + " not found: " + p);
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }
}
