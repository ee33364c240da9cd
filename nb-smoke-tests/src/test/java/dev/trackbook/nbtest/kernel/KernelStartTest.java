package dev.trackbook.nbtest.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelStartTest {

  private static KernelSpec shell(Path dir, String script) {
    return new KernelSpec(
        "fake",
        dir,
        List.of("sh", "-c", script, "kernel", "{connection_file}"),
        "Fake",
        "java",
        "message",
        Map.of());
  }

  @Test
  void aKernelThatFailsAtStartIsNotRetriedUnlessItsPortsWereTaken(@TempDir Path dir) {
    Path starts = dir.resolve("starts");
    KernelSpec broken =
        shell(dir, "echo start >> '" + starts + "'; echo 'no such class' >&2; exit 3");

    assertThatThrownBy(() -> KernelSession.start(broken, dir, Map.of(), Duration.ofSeconds(30)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("kernel fake exited with code 3 at start")
        .hasMessageContaining("no such class");
    assertThat(lines(starts)).hasSize(1);

    Path clashes = dir.resolve("clashes");
    KernelSpec clashing =
        shell(dir, "echo start >> '" + clashes + "'; echo 'Address already in use' >&2; exit 1");
    assertThatThrownBy(() -> KernelSession.start(clashing, dir, Map.of(), Duration.ofSeconds(30)))
        .hasMessageContaining("could not bind its ports");
    assertThat(lines(clashes)).hasSize(3);
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
