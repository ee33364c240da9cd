package dev.trackbook.server.rest;

import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.nio.file.Path;

/** The registry REST suite on the embedded SQLite store, through a real port. */
class RegistryRestSqliteTest extends RegistryRestContract {
  @Override
  protected TrackingStore openStore(Path workDir) {
    return StoreFactory.open("sqlite:" + workDir.resolve("mlruns.db"));
  }
}
