package dev.trackbook.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemMetricsSamplerTest {

  @TempDir Path tmp;

  @Test
  void aSampleHasHeapAndOnLinuxRss() {
    var sample = SystemMetricsSampler.sample();
    assertThat(sample.get("system/jvm_heap_used_megabytes")).isPositive();
    if (Path.of("/proc/self/status").toFile().canRead()) {
      // RSS includes the heap in use
      assertThat(sample.get("system/process_rss_megabytes"))
          .isGreaterThan(sample.get("system/jvm_heap_used_megabytes"));
    }
  }

  @Test
  void logsOnlyWhileARunIsActiveAndNeverStartsOne() throws Exception {
    LocalServer server = LocalServer.start(tmp.resolve("server"), 0);
    try (TrackingClient client =
            TrackingClient.builder()
                .trackingUri(server.uri())
                .journalDir(tmp.resolve("journal"))
                .flushInterval(Duration.ofMillis(50))
                .shutdownHook(false)
                .build();
        SystemMetricsSampler sampler = SystemMetricsSampler.start(client, Duration.ofMillis(100))) {
      client.experiment("sampler");
      Thread.sleep(400); // no run: nothing logged, no run started
      assertThat(client.hasActiveRun()).isFalse();
      ActiveRun run = client.startRun("sampled");
      MlflowProbe probe = new MlflowProbe(server.uri());
      // Samples arrive every 100 ms while the run is active; a loaded machine may delay some.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline
          && (!client.flush(Duration.ofSeconds(5))
              || probe.history(run.runId(), "system/jvm_heap_used_megabytes").size() < 3)) {
        Thread.sleep(50);
      }
      run.end("FINISHED");
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(probe.history(run.runId(), "system/jvm_heap_used_megabytes").size())
          .isGreaterThanOrEqualTo(3);
      assertThat(probe.searchRuns(probe.experimentId("sampler"), "")).hasSize(1);
      int afterEnd = probe.history(run.runId(), "system/jvm_heap_used_megabytes").size();
      Thread.sleep(400);
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      assertThat(probe.history(run.runId(), "system/jvm_heap_used_megabytes")).hasSize(afterEnd);
      assertThat(client.hasActiveRun()).isFalse();
      // The sampler's call checks and logs under one lock: between runs it starts none.
      assertThat(client.metricsIfActive(java.util.Map.of("system/x", 1.0))).isFalse();
      assertThat(client.hasActiveRun()).isFalse();
    } finally {
      server.stop();
    }
  }
}
