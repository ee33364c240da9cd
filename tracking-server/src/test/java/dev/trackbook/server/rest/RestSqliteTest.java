package dev.trackbook.server.rest;

import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.nio.file.Path;

/** The REST suite on the embedded SQLite store, through a real port. */
class RestSqliteTest extends RestContract {
  @Override
  protected TrackingStore openStore(Path workDir) {
    return StoreFactory.open("sqlite:" + workDir.resolve("mlruns.db"));
  }
}
