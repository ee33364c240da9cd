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
  void theWalIsCheckpointedInTheBackgroundAndDoesNotGrowWithoutBound() throws Exception {
    // Commits no longer checkpoint (wal_autocheckpoint=0); the store's own thread does. Were it
    // missing, the WAL would grow by the size of every round below.
    JdbcTrackingStore jdbc = (JdbcTrackingStore) store;
    Path wal = dir.resolve("nested/dirs/mlruns.db-wal");
    String run = store.createRun("0", "u", 1, "wal", List.of()).info().runId();
    long[] sizes = new long[4];
    for (int round = 0; round < sizes.length; round++) {
      for (int b = 0; b < 20; b++) {
        List<Metric> batch = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
          long step = (round * 20L + b) * 1000 + i;
          batch.add(new Metric("m", step, step, step));
        }
        store.logBatch(run, batch, List.of(), List.of());
      }
      // two background checkpoints after this round's writes: one that started after them
      long target = jdbc.checkpoints() + 2;
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (jdbc.checkpoints() < target && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(jdbc.checkpoints()).as("background checkpoints").isGreaterThanOrEqualTo(target);
      sizes[round] = Files.size(wal);
    }
    assertThat(sizes[3])
        .as("WAL sizes by round %s", java.util.Arrays.toString(sizes))
        .isLessThanOrEqualTo(sizes[0] * 3 / 2);
    assertThat(store.getMetricHistory(run, "m", 100_000, null).items()).hasSize(80_000);
  }

  @Test
  void usesWriteAheadLogging() throws Exception {
    store.createExperiment("x", null, List.of());
    assertThat(Files.exists(dir.resolve("nested/dirs/mlruns.db-wal"))).isTrue();
  }
}
