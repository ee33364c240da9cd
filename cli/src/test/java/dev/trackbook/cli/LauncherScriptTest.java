package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./trackbook} launcher's own {@code build}, run from a copy of the launcher alone: a
 * checkout with nothing to build, where a build it should not start fails.
 */
class LauncherScriptTest {
  private static final Path LAUNCHER = Path.of("../trackbook").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void buildHelpAnswersWithoutBuilding() throws Exception {
    ScriptRun r = build("--help");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("Usage: ./trackbook build").doesNotContain("building");
  }

  @Test
  void buildRefusesAnUnknownArgumentInOneLine() throws Exception {
    ScriptRun r = build("--force");
    assertThat(r.exit()).as(r.output()).isEqualTo(2);
    assertThat(r.output())
        .isEqualTo(
            "trackbook build: unknown argument '--force' (see ./trackbook build --help)"
                + System.lineSeparator());
  }

  private ScriptRun build(String argument) throws Exception {
    Path checkout = Files.createDirectories(tmp.resolve("checkout"));
    Files.copy(LAUNCHER, checkout.resolve("trackbook"));
    return ScriptRun.of(
        checkout.resolve("trackbook"),
        Map.of("HOME", tmp.resolve("home").toString()),
        Duration.ofSeconds(60),
        "build",
        argument);
  }
}
