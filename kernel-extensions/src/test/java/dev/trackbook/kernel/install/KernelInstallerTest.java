package dev.trackbook.kernel.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelInstallerTest {

  @Test
  void writesAKernelspecWithCopiedJars(@TempDir Path tmp) throws Exception {
    Path kernelJar = Files.writeString(tmp.resolve("k.jar"), "kernel");
    Path magics = Files.writeString(tmp.resolve("trackbook-magics.jar"), "magics");
    Path kernels = KernelInstaller.prefixKernelsDir(tmp.resolve("prefix"));

    Path dir =
        KernelInstaller.install(kernels, kernelJar, List.of(magics), Path.of("/opt/jdk/bin/java"));

    assertThat(dir)
        .isEqualTo(tmp.resolve("prefix/share/jupyter/kernels/trackbook-java").toAbsolutePath());
    assertThat(dir.resolve("trackbook-kernel.jar")).hasContent("kernel");
    assertThat(dir.resolve("extensions/trackbook-magics.jar")).hasContent("magics");
    String json = Files.readString(dir.resolve("kernel.json"));
    assertThat(json)
        .contains("\"display_name\": \"Java (Trackbook)\"")
        .contains("\"language\": \"java\"")
        .contains("\"interrupt_mode\": \"message\"")
        .contains("\"argv\": [\"/opt/jdk/bin/java\", \"-XX:+UseSerialGC\", ")
        .contains("\"-XX:TieredStopAtLevel=1\"")
        .contains(
            "\"-cp\", \""
                + dir.resolve("trackbook-kernel.jar")
                + ":"
                + dir.resolve("extensions")
                + "/*\", \"dev.trackbook.kernel.TrackbookKernel\", \"{connection_file}\"]");
  }

  @Test
  void reinstallingReplacesOldExtensions(@TempDir Path tmp) throws Exception {
    Path kernelJar = Files.writeString(tmp.resolve("k.jar"), "kernel");
    Path old = Files.writeString(tmp.resolve("old-ext.jar"), "old");
    Path kernels = tmp.resolve("kernels");
    KernelInstaller.install(kernels, kernelJar, List.of(old), Path.of("java"));
    Path dir = KernelInstaller.install(kernels, kernelJar, List.of(), Path.of("java"));
    assertThat(dir.resolve("extensions")).isEmptyDirectory();
  }

  @Test
  void aMissingJarIsAClearError(@TempDir Path tmp) {
    assertThatThrownBy(
            () -> KernelInstaller.install(tmp, tmp.resolve("nope.jar"), List.of(), Path.of("java")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kernel jar not found: " + tmp.resolve("nope.jar"));
  }

  @Test
  void quotesPathsSafelyInJson() {
    String json = KernelInstaller.kernelJson(Path.of("/a \"b\"/k"), Path.of("C:\\java"), List.of());
    assertThat(json).contains("\"C:\\\\java\"").contains("/a \\\"b\\\"/k/trackbook-kernel.jar");
  }
}
