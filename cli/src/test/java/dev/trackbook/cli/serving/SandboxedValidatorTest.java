package dev.trackbook.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child JVM's failure modes become failed verdicts, never exceptions. */
class SandboxedValidatorTest {
  @TempDir Path tmp;

  @Test
  void aDirectoryWithoutAModelFailsWithTheChildsReason() throws Exception {
    Files.createDirectories(tmp.resolve("model"));
    Files.createDirectories(tmp.resolve("sandbox"));
    ModelCheck.Verdict verdict =
        new SandboxedValidator("64m", Duration.ofSeconds(60), 100)
            .validate(tmp.resolve("model"), tmp.resolve("sandbox"));
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.detail())
        .startsWith("cannot load the model: no trackbook-model.json in ")
        .endsWith(": not a logged model");
  }

  @Test
  void aChildThatOutlivesTheTimeoutIsKilledAndFails() throws Exception {
    Files.createDirectories(tmp.resolve("sandbox"));
    ModelCheck.Verdict verdict =
        new SandboxedValidator("64m", Duration.ofMillis(1), 100)
            .validate(tmp.resolve("model"), tmp.resolve("sandbox"));
    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.detail()).isEqualTo("timed out after 1 ms (killed)");
  }

  @Test
  void aHeapThatIsNotASizeIsRefused() {
    assertThatThrownBy(() -> new SandboxedValidator("-XX:+Foo", Duration.ofSeconds(1), 1))
        .hasMessage("heap '-XX:+Foo' is not like 512m or 2g");
  }
}
