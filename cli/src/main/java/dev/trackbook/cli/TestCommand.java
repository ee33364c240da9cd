package dev.trackbook.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.kernel.install.KernelInstaller;
import dev.trackbook.nbtest.Sanitizers;
import dev.trackbook.nbtest.kernel.KernelSpec;
import dev.trackbook.nbtest.launch.NotebookLauncher;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./trackbook test [DIR|FILES]}: notebook smoke tests without Maven, with JUnit XML reports.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Run notebooks as smoke tests through the real kernel: one test per cell, then a check that"
          + " every run they logged ended FINISHED.",
      "Converted pipelines given too (or found in the directories) run with the same parameters"
          + " and must log the same params and metrics as their notebook (pipeline parity).",
      "Prints a line per notebook as it finishes, then the failures; writes Surefire-compatible"
          + " JUnit XML."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every test passed",
      "1:a test failed, or there was nothing to test",
      "2:a command-line mistake"
    })
final class TestCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "DIR|FILE",
      description = "Notebooks, pipeline scripts or directories (default: notebooks pipelines)")
  List<Path> targets = new ArrayList<>();

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      description = "Where JUnit XML goes (default: ${DEFAULT-VALUE})")
  Path reports = Path.of("target", "notebook-reports");

  @Option(
      names = "--kernel",
      paramLabel = "NAME",
      description =
          "Kernelspec for every notebook (default: each notebook's own, else trackbook-java)")
  String kernel;

  @Option(
      names = "--kernel-path",
      paramLabel = "DIR",
      description =
          "A kernels directory searched before Jupyter's path (repeatable); the kernels of"
              + " .trackbook/venv (kernel install --sys-prefix) are searched next")
  List<Path> kernelPath = new ArrayList<>();

  @Option(
      names = "--cell-timeout",
      paramLabel = "SECONDS",
      converter = OptionTypes.AtLeastOne.class,
      description =
          "Seconds a cell may take (default 120, or the notebook's metadata.execution.timeout,"
              + " which this option overrides; a cell's own metadata wins)")
  Long cellTimeout;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      converter = OptionTypes.AtLeastOne.class,
      description =
          "Seconds a notebook may take (default 600, or the notebook's metadata"
              + " trackbook.notebook_timeout, which this option overrides)")
  Long notebookTimeout;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "NAME=VALUE",
      description = "Smoke parameter NAME=VALUE, injected after the parameters cell")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--sanitize-with",
      paramLabel = "FILE",
      description =
          "Output sanitizers for cells tagged check-output, in nbval's format ([name],"
              + " regex: ..., replace: ...); a notebook's metadata trackbook.sanitizers apply too")
  Path sanitizeWith;

  @Option(
      names = "--tracking-uri",
      paramLabel = "URI",
      description =
          "Tracking server for the notebooks' runs (default: an ephemeral one on SQLite in a"
              + " temp directory, for this run only)")
  String trackingUri;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      converter = OptionTypes.AtLeastOne.class,
      description = "Notebooks run at once, each on its own kernel (default: the number of CPUs)")
  Long parallel;

  /**
   * In a Trackbook checkout, a kernelspec installed from an earlier build tests that build's
   * kernel, not the code at hand (Jupyter copies the jars into the kernelspec): say so in one line.
   */
  static void warnIfNotThisBuildsKernel(
      String name, List<Path> kernelDirs, Path projectRoot, PrintStream err) {
    Path built = projectRoot.resolve("kernel-extensions/target/trackbook-kernel.jar");
    if (!Files.isRegularFile(built)) {
      return;
    }
    try {
      KernelSpec spec = KernelSpec.find(name, kernelDirs, new ObjectMapper());
      Path installed = spec.directory().resolve(built.getFileName());
      if (Files.isRegularFile(installed) && Files.mismatch(installed, built) != -1) {
        err.println(
            "trackbook: kernelspec "
                + name
                + " in "
                + spec.directory()
                + " is not this build's kernel; update it with ./trackbook kernel install"
                + " (--user or --sys-prefix, where it was installed)");
      }
    } catch (IOException e) {
      // not installed: the run says so for the notebooks that need it
    }
  }

  @Override
  public Integer call() {
    List<Path> given = List.copyOf(targets);
    if (targets.isEmpty()) {
      targets.add(Path.of("notebooks"));
      if (Files.isDirectory(Path.of("pipelines"))) {
        targets.add(Path.of("pipelines"));
      }
    }
    Map<String, String> settings = new LinkedHashMap<>();
    if (kernel != null) {
      settings.put("trackbook.kernel", kernel);
    }
    // Jupyter started by ./trackbook up runs in .trackbook/venv and sees its kernels first.
    List<Path> kernelDirs = new ArrayList<>(kernelPath);
    Path projectKernels = KernelInstaller.prefixKernelsDir(ProjectHome.pythonEnvironment());
    if (Files.isDirectory(projectKernels)) {
      kernelDirs.add(projectKernels);
    }
    if (!kernelDirs.isEmpty()) {
      settings.put(
          "trackbook.kernelPath",
          String.join(
              File.pathSeparator,
              kernelDirs.stream().map(d -> d.toAbsolutePath().toString()).toList()));
    }
    if (cellTimeout != null) {
      settings.put("trackbook.cellTimeout", cellTimeout.toString());
    }
    if (notebookTimeout != null) {
      settings.put("trackbook.notebookTimeout", notebookTimeout.toString());
    }
    if (sanitizeWith != null) {
      try {
        Sanitizers.fromFile(sanitizeWith); // a mistake is one line here, not a failed test later
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--sanitize-with: " + e.getMessage());
      }
      settings.put("trackbook.sanitizeWith", sanitizeWith.toAbsolutePath().toString());
    }
    if (trackingUri != null) {
      settings.put("trackbook.trackingUri", trackingUri);
    }
    // More than an int's worth is "all at once": the runner starts no more than it has notebooks.
    long notebooksAtOnce =
        parallel != null
            ? Math.min(parallel, Integer.MAX_VALUE)
            : Runtime.getRuntime().availableProcessors();
    settings.put("trackbook.parallel", Long.toString(notebooksAtOnce));
    StringBuilder p = new StringBuilder();
    params.forEach((k, v) -> p.append(k).append('=').append(v).append('\n'));
    settings.put("trackbook.params", p.toString());
    for (Path target : given) {
      if (!Files.exists(target)) { // a typo, as pytest says: not a failed notebook in the reports
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "no such file or directory: " + target);
      }
    }
    // Once the options are checked: a mistake in them is the one line a usage error prints.
    warnIfNotThisBuildsKernel(
        kernel == null ? KernelInstaller.KERNEL_NAME : kernel,
        kernelDirs,
        ProjectHome.root(),
        System.err);
    return NotebookLauncher.run(
        targets, settings, reports, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
