package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code ./trackbook verify --help} (scripts/verify) answers before it sets anything up. */
class VerifyScriptTest {
  private static final Path VERIFY = Path.of("../scripts/verify").toAbsolutePath().normalize();

  @Test
  void helpPrintsUsageAndRunsNothing() throws Exception {
    Process p =
        new ProcessBuilder("bash", VERIFY.toString(), "--help").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).startsWith("Usage: ./trackbook verify").doesNotContain("usage: mvn");
  }
}
