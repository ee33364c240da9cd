package dev.trackbook.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.testsupport.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The REST suite on a real PostgreSQL server (Debian's binaries, started by {@link
 * EmbeddedPostgres}), plus what only a shared database allows: two servers, one store.
 */
class RestPostgresIT extends RestContract {
  @Override
  protected String storeUri(Path workDir) {
    return EmbeddedPostgres.createDatabase();
  }

  @Test
  void twoServersOnOneDatabaseSeeEachOthersWrites() throws Exception {
    try (AnotherServer second = startAnotherServer()) {
      Http other = second.http();
      String runId = newRun();
      logMetric(runId, "loss", 0.5, 0);
      ok(
          other.post(
              "/api/2.0/mlflow/runs/log-parameter",
              Http.object().put("run_id", runId).put("key", "from").put("value", "second")));
      assertThat(valueOf(getRun(runId).at("/data/params"), "from")).isEqualTo("second");
      assertThat(
              ok(other.get("/api/2.0/mlflow/runs/get?run_id=" + runId))
                  .json()
                  .at("/run/data/metrics/0/value")
                  .asDouble())
          .isEqualTo(0.5);
    }
  }
}
