package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar trackbook.jar test} as a user runs it, on a kernel installed by the CLI. */
class SmokeTestCommandIT {
  private static final Path JAR = Path.of("target/trackbook.jar").toAbsolutePath();
  private static final String LOGS_A_RUN = "%run start leftovers\n%metric a=1\n%run end";

  @Test
  void aSmokeRunLeavesNothingInTheTempDirectory(@TempDir Path dir) throws Exception {
    Path prefix = dir.resolve("jupyter");
    installKernel(dir, "--prefix", prefix.toString());
    Path notebook = notebook(dir, "one.ipynb", LOGS_A_RUN);
    Path tmp = Files.createDirectories(dir.resolve("tmp"));

    String out = run(dir, flags(dir, tmp), testArgs(dir, notebook, prefix));

    // The cell, and the check that its run ended FINISHED.
    assertThat(out).contains("2 passed, 0 failed");
    // The ephemeral server's SQLite, artifacts and journal, the kernel's connection file and log.
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aKernelInstalledIntoTheProjectsPythonEnvironmentIsFound(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve(".trackbook/venv"));
    installKernel(dir, "--sys-prefix");

    String out =
        run(dir, flags(dir, null), testArgs(dir, notebook(dir, "one.ipynb", LOGS_A_RUN), null));

    assertThat(out).contains("2 passed, 0 failed");
  }

  @Test
  void aRunStoppedBySigtermStopsItsKernelAndLeavesNothingInTheTempDirectory(@TempDir Path dir)
      throws Exception {
    Path prefix = dir.resolve("jupyter");
    installKernel(dir, "--prefix", prefix.toString());
    Path started = dir.resolve("started");
    Path notebook =
        notebook(
            dir,
            "long.ipynb",
            "%run start stopped\n%metric a=1\njava.nio.file.Files.writeString(java.nio.file.Path.of(\""
                + started
                + "\"), \"\" + ProcessHandle.current().pid());\nThread.sleep(600_000);");
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Process cli = start(dir, flags(dir, tmp), testArgs(dir, notebook, prefix));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!(Files.exists(started) && !Files.readString(started).isEmpty())
          && System.nanoTime() < deadline
          && cli.isAlive()) {
        Thread.sleep(200);
      }
      assertThat(started).as("the cell started").exists();
      long kernelPid = Long.parseLong(Files.readString(started).strip());

      cli.destroy(); // SIGTERM, as CI sends on a timeout or a user's Ctrl-C does

      assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("the CLI exits").isTrue();
      assertThat(ProcessHandle.of(kernelPid).map(ProcessHandle::isAlive).orElse(false))
          .as("the kernel is stopped")
          .isFalse();
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left).isEmpty();
      }
    } finally {
      cli.destroyForcibly();
    }
  }

  private static void installKernel(Path dir, String... where) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("kernel", "install"));
    args.addAll(List.of(where));
    args.addAll(
        List.of(
            "--kernel-jar",
            Path.of("../kernel-extensions/target/trackbook-kernel.jar").toAbsolutePath().toString(),
            "--extension",
            Path.of("../magics/target/trackbook-magics.jar").toAbsolutePath().toString()));
    run(dir, List.of(), args.toArray(String[]::new));
  }

  /** A notebook of one code cell for the trackbook-java kernel. */
  private static Path notebook(Path dir, String name, String source) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode nb = json.createObjectNode().put("nbformat", 4).put("nbformat_minor", 5);
    nb.putObject("metadata")
        .putObject("kernelspec")
        .put("name", "trackbook-java")
        .put("language", "java")
        .put("display_name", "Java (Trackbook)");
    ObjectNode cell = nb.putArray("cells").addObject().put("cell_type", "code").put("id", "c1");
    cell.putObject("metadata");
    cell.putArray("outputs");
    cell.putNull("execution_count");
    cell.put("source", source);
    Path file = dir.resolve(name);
    json.writeValue(file.toFile(), nb);
    return file;
  }

  /** The JVM flags: user.home moved (Java reads it from the password file, not $HOME). */
  private static List<String> flags(Path dir, Path tmpdir) {
    List<String> flags = new java.util.ArrayList<>(List.of("-Duser.home=" + dir.resolve("home")));
    if (tmpdir != null) {
      flags.add("-Djava.io.tmpdir=" + tmpdir);
    }
    return flags;
  }

  /** {@code test NOTEBOOK [--kernel-path PREFIX's kernels] --reports DIR/reports}. */
  private static String[] testArgs(Path dir, Path notebook, Path kernelPrefix) {
    List<String> args = new java.util.ArrayList<>(List.of("test", notebook.toString()));
    if (kernelPrefix != null) {
      args.addAll(
          List.of("--kernel-path", kernelPrefix.resolve("share/jupyter/kernels").toString()));
    }
    args.addAll(List.of("--reports", dir.resolve("reports").toString()));
    return args.toArray(String[]::new);
  }

  /** Runs the CLI's jar with these JVM flags and arguments; its output, after exit 0. */
  private static String run(Path dir, List<String> jvmFlags, String... args) throws Exception {
    Path log = Files.createTempFile(dir, "cli-", ".log");
    Process p = start(dir, log, jvmFlags, args);
    boolean ended = p.waitFor(300, TimeUnit.SECONDS); // to a file: a hung run fails, not hangs
    p.destroyForcibly();
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static Process start(Path dir, List<String> jvmFlags, String... args) throws Exception {
    return start(dir, Files.createTempFile(dir, "cli-", ".log"), jvmFlags, args);
  }

  private static Process start(Path dir, Path log, List<String> jvmFlags, String... args)
      throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmFlags);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The project is dir, and only the kernel installed above is found: none of the machine's
    // Jupyter paths (user.home is moved by a flag: Java reads it from the password file).
    pb.environment().put("TRACKBOOK_HOME", dir.toString());
    List.of("JUPYTER_PATH", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "VIRTUAL_ENV", "CONDA_PREFIX")
        .forEach(pb.environment()::remove);
    return pb.start();
  }
}
