package dev.trackbook.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.model.Tag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void usesWriteAheadLogging() throws Exception {
    store.createExperiment("x", null, List.of());
    assertThat(Files.exists(dir.resolve("nested/dirs/mlruns.db-wal"))).isTrue();
  }
}
