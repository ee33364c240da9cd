package dev.trackbook.nbtest.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.nbtest.InstalledKernel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a cell prints reaches the runner whole, however much and however fast. */
class KernelOutputIT {

  @Test
  void aCellPrintingManyLinesFastLosesNoneAndEndsAsItsReplySays(@TempDir Path dir)
      throws Exception {
    KernelSpec spec =
        KernelSpec.find(
            "trackbook-java", List.of(InstalledKernel.kernelsDir()), new ObjectMapper());
    try (KernelSession kernel = KernelSession.start(spec, dir, Map.of(), Duration.ofSeconds(60))) {
      ExecutionResult result =
          kernel.execute(
              "for (int i = 0; i < 100_000; i++) System.out.println(\"line \" + i);",
              Duration.ofSeconds(120));

      assertThat(result.status()).isEqualTo("ok");
      String text =
          result.outputs().stream()
              .filter(o -> o.path("name").asText().equals("stdout"))
              .map(o -> o.path("text").asText())
              .reduce("", String::concat);
      // Past ZeroMQ's default high-water mark (1000 messages) the subscriber dropped output.
      assertThat(text.lines().count()).isEqualTo(100_000);
      assertThat(text).startsWith("line 0\n").endsWith("line 99999\n");
    }
  }
}
