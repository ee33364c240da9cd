package dev.trackbook.converter.run;

import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.kernel.install.KernelInstaller;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pipeline in its own JVM whose working directory is the source notebook's directory, as
 * Jupyter starts a kernel in the notebook's directory: cells that read {@code data/spam.csv} or
 * write {@code hello.txt} mean the same files in both. A JVM cannot change its own working
 * directory, hence the child process.
 */
public final class PipelineProcess {

  // Longer than the child's exit hook may take: the tracking client's flush waits up to 10 s.
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  private PipelineProcess() {}

  /**
   * The directory the source notebook ran in, under the project root the script was converted in
   * ({@link ProjectRoot}). Falls back to the script's directory.
   */
  public static Path workingDirectory(Path script) {
    Path abs = script.toAbsolutePath().normalize();
    String source = new PercentReader().read(abs).header().source();
    if (source == null) {
      return abs.getParent();
    }
    return ProjectRoot.of(abs, source)
        .map(root -> root.resolve(ProjectRoot.directoryOf(source)).normalize())
        .orElse(abs.getParent());
  }

  /**
   * Whether {@code script} may run in this JVM instead of a child: its cells would see what the
   * kernel gives them, the notebook's directory as working directory and UTF-8 as the default
   * charset whatever the locale (before Java 18 a C or POSIX locale makes it US-ASCII).
   */
  public static boolean canRunInThisJvm(Path script) {
    return Charset.defaultCharset().equals(StandardCharsets.UTF_8)
        && workingDirectory(script).equals(Path.of("").toAbsolutePath().normalize());
  }

  /**
   * A process that runs {@code script} with {@link PipelineMain} on this JVM's class path, in
   * {@link #workingDirectory}. It starts with the kernel's JVM flags ({@link
   * KernelInstaller#JVM_FLAGS}: C1 only, SerialGC), because it runs the same cells the kernel runs
   * and the same reasoning holds: on 2 cores C2's background compiles cost 01-quickstart's pipeline
   * half its CPU time (5.8 s against 3.0 s). This JVM's -X and -D flags (but {@code file.encoding})
   * follow and win, so {@code TRACKBOOK_JAVA_OPTS=-XX:TieredStopAtLevel=4 ./trackbook run ...}
   * gives a long computation C2. The caller sets the environment and redirections.
   *
   * @param arguments {@link PipelineMain}'s options after the script ({@code -p}, {@code --force})
   */
  public static ProcessBuilder builder(Path script, List<String> arguments) {
    Path abs = script.toAbsolutePath().normalize();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags(Runtime.version().feature()));
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // Memory, GC and system properties carry over; debugger and agent flags would clash; the
      // charset stays the kernel's.
      if ((flag.startsWith("-X") || flag.startsWith("-D"))
          && !flag.startsWith("-Xrunjdwp")
          && !flag.startsWith("-Dfile.encoding=")) {
        command.add(flag);
      }
    }
    command.add("-cp");
    command.add(absoluteClassPath(System.getProperty("java.class.path")));
    command.add(PipelineMain.class.getName());
    command.add(abs.toString());
    command.addAll(arguments);
    return new ProcessBuilder(command).directory(workingDirectory(abs).toFile());
  }

  /**
   * Runs {@code script} in its child JVM ({@link #builder}) with this JVM's standard streams; the
   * child's exit code. A signal that stops this JVM (SIGTERM, SIGHUP) stops the child too, as if it
   * had been sent to the child: the child's exit hook ends the run KILLED, and this JVM waits for
   * that before it exits. Ctrl-C reaches both through the terminal's process group; the child then
   * ignores the second signal, as a JVM already shutting down does.
   */
  public static int run(Path script, List<String> arguments)
      throws IOException, InterruptedException {
    Process child = builder(script, arguments).inheritIO().start();
    Thread stopChild = new Thread(() -> stop(child), "trackbook-stop-pipeline");
    Runtime.getRuntime().addShutdownHook(stopChild);
    try {
      return child.waitFor();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stopChild);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it stops the child.
      }
    }
  }

  private static void stop(Process child) {
    child.destroy(); // SIGTERM
    try {
      if (!child.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The kernel's JVM flags, and from Java 22 on {@code --enable-native-access=ALL-UNNAMED}:
   * pipelines load native libraries (PyTorch through DJL, SQLite), and without it each load prints
   * four warning lines (a later Java may refuse). Not the kernel's: its class-data archive extends
   * the JDK's, dumped without the flag, and Java 25 then prints CDS errors at every start.
   */
  static List<String> jvmFlags(int javaFeature) {
    List<String> flags = new ArrayList<>(KernelInstaller.JVM_FLAGS);
    if (javaFeature >= 22) {
      flags.add("--enable-native-access=ALL-UNNAMED");
    }
    return flags;
  }

  // `java -jar cli/target/trackbook.jar` gives a relative class path; the child runs elsewhere.
  private static String absoluteClassPath(String classPath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}
