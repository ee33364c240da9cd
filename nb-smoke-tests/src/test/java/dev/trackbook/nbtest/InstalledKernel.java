package dev.trackbook.nbtest;

import dev.trackbook.kernel.install.KernelInstaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Installs the kernel this build made (kernel jar + magics jar) into a temp kernels dir, once per
 * test JVM.
 */
public final class InstalledKernel {
  private static Path kernelsDir;

  private InstalledKernel() {}

  public static synchronized Path kernelsDir() {
    if (kernelsDir == null) {
      try {
        Path dir = Files.createTempDirectory("trackbook-kernels-");
        KernelInstaller.install(
            dir,
            Path.of("../kernel-extensions/target/trackbook-kernel.jar"),
            List.of(Path.of("../magics/target/trackbook-magics.jar")),
            KernelInstaller.currentJava());
        kernelsDir = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return kernelsDir;
  }
}
