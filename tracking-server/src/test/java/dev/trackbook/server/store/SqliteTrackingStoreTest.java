package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on SQLite, a fresh database file per test. */
class SqliteTrackingStoreTest implements TrackingStoreContract {
  @TempDir Path dir;
  private TrackingStore store;

  @BeforeEach
  void open() {
    store = StoreFactory.open("sqlite:" + dir.resolve("nested/dirs/mlruns.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  public TrackingStore store() {
    return store;
  }

  @Test
  void createsParentDirectoriesAndReopensWithDataIntact() {
    String id = store.createExperiment("kept", null, List.of(new Tag("k", "v")));
    store.close();
    assertThat(Files.exists(dir.resolve("nested/dirs/mlruns.db"))).isTrue();
    store = StoreFactory.open("sqlite:" + dir.resolve("nested/dirs/mlruns.db"));
    assertThat(store.getExperiment(id).name()).isEqualTo("kept");
    assertThat(store.getExperiment("0").name()).isEqualTo("Default");
  }

  @Test
  void twoStoresOnOneFileWriteConcurrentlyWithoutLockErrors() throws Exception {
    // two servers on one SQLite file: the in-process lock does not cover the other one, SQLite's
    // busy timeout and BEGIN IMMEDIATE must
    Path file = dir.resolve("nested/dirs/mlruns.db");
    try (TrackingStore other = StoreFactory.open("sqlite:" + file)) {
      String run = store.createRun("0", "u", 1, "shared", List.of()).info().runId();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          TrackingStore s = t % 2 == 0 ? store : other;
          int writer = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 50; i++) {
                      s.logMetric(run, new Metric("w" + writer, i, i, i));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      for (int t = 0; t < 6; t++) {
        assertThat(other.getMetricHistory(run, "w" + t, 1000, null).items()).hasSize(50);
      }
    }
  }

  @Test
  void usesWriteAheadLogging() throws Exception {
    store.createExperiment("x", null, List.of());
    assertThat(Files.exists(dir.resolve("nested/dirs/mlruns.db-wal"))).isTrue();
  }
}
