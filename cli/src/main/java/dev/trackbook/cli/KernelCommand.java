package dev.trackbook.cli;

import dev.trackbook.kernel.install.KernelInstaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./trackbook kernel install [--user|--prefix DIR|--sys-prefix]}. */
@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    description = "Manage the \"Java (Trackbook)\" Jupyter kernel.",
    subcommands = {KernelCommand.Install.class})
final class KernelCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a subcommand: this command's help, as {@code --help} shows it. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Install the trackbook-java kernelspec (like `jupyter kernelspec install`).",
        "Copies the kernel jar and the extension jars (the magics) next to kernel.json.",
        "Default: --user."
      })
  static final class Install implements Callable<Integer> {

    static final class Where {
      @Option(
          names = "--user",
          description =
              "Into the user's kernels directory, as `jupyter kernelspec install --user`"
                  + " (default)")
      boolean user;

      @Option(
          names = "--prefix",
          paramLabel = "DIR",
          description = "Into DIR/share/jupyter/kernels")
      Path prefix;

      @Option(
          names = "--sys-prefix",
          description =
              "Into the Python environment ./trackbook up runs Jupyter in: .trackbook/venv in"
                  + " $TRACKBOOK_HOME")
      boolean sysPrefix;
    }

    @ArgGroup(exclusive = true)
    Where where = new Where();

    @Option(
        names = "--kernel-jar",
        paramLabel = "JAR",
        description =
            "Kernel jar (default: kernel-extensions/target/trackbook-kernel.jar in"
                + " $TRACKBOOK_HOME)")
    Path kernelJar;

    @Option(
        names = "--extension",
        paramLabel = "JAR",
        description =
            "Extension jar to load (repeatable; default: magics/target/trackbook-magics.jar in"
                + " $TRACKBOOK_HOME, if built)")
    List<Path> extensions = new ArrayList<>();

    @Option(
        names = "--full-jit",
        description =
            "Start the kernel with the optimising C2 compiler (slower start and small cells,"
                + " faster long computations)")
    boolean fullJit;

    @Override
    public Integer call() {
      Path home = ProjectHome.root();
      Path jar =
          kernelJar != null
              ? kernelJar
              : home.resolve("kernel-extensions/target/trackbook-kernel.jar");
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(
            "no kernel jar at " + jar + " (build it: ./trackbook build)");
      }
      List<Path> exts = new ArrayList<>(extensions);
      if (exts.isEmpty()) {
        Path magics = home.resolve("magics/target/trackbook-magics.jar");
        if (Files.isRegularFile(magics)) {
          exts.add(magics);
        }
      }
      Path kernels;
      if (where.prefix != null) {
        kernels = KernelInstaller.prefixKernelsDir(where.prefix);
      } else if (where.sysPrefix) {
        Path venv = ProjectHome.pythonEnvironment();
        if (!Files.isDirectory(venv)) {
          throw new IllegalArgumentException(
              "--sys-prefix: no Python environment at "
                  + venv
                  + " (run scripts/ensure-python-env)");
        }
        kernels = KernelInstaller.prefixKernelsDir(venv);
      } else {
        kernels = KernelInstaller.userKernelsDir();
      }
      Path dir =
          KernelInstaller.install(
              kernels,
              jar,
              exts,
              KernelInstaller.currentJava(),
              fullJit ? KernelInstaller.FULL_JIT_FLAGS : KernelInstaller.JVM_FLAGS);
      System.out.println(
          "Installed kernelspec "
              + KernelInstaller.KERNEL_NAME
              + " (\""
              + KernelInstaller.DISPLAY_NAME
              + "\") in "
              + dir
              + (exts.isEmpty() ? " (no extension jars found: magics not built)" : ""));
      return 0;
    }
  }
}
