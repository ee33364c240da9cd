package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./trackbook verify --help} (scripts/verify) answers before it sets anything up. */
class VerifyScriptTest {
  private static final Path VERIFY = Path.of("../scripts/verify").toAbsolutePath().normalize();

  @TempDir Path home;

  @Test
  void helpPrintsUsageAndRunsNothing() throws Exception {
    ScriptRun r =
        ScriptRun.of(VERIFY, Map.of("HOME", home.toString()), Duration.ofSeconds(60), "--help");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("Usage: ./trackbook verify").doesNotContain("usage: mvn");
  }
}
