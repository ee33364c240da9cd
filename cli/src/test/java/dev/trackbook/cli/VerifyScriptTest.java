package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./trackbook verify --help} (scripts/verify) answers before it sets anything up. */
class VerifyScriptTest {
  private static final Path VERIFY = Path.of("../scripts/verify").toAbsolutePath().normalize();

  @TempDir Path home;

  @Test
  void helpPrintsUsageAndRunsNothing() throws Exception {
    // Output to a file, so the wait below bounds the test even if --help regressed into the set-up
    // (which waits on its children); a private HOME keeps such a regression off the user's setup.
    Path out = Files.createTempFile(home, "verify", ".out");
    ProcessBuilder b =
        new ProcessBuilder("bash", VERIFY.toString(), "--help")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    b.environment().put("HOME", home.toString());
    Process p = b.start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(done).as(output).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).startsWith("Usage: ./trackbook verify").doesNotContain("usage: mvn");
  }
}
