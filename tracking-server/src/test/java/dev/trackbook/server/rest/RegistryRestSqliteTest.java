package dev.trackbook.server.rest;

import java.nio.file.Path;

/** The registry REST suite on the embedded SQLite store, through a real port. */
class RegistryRestSqliteTest extends RegistryRestContract {
  @Override
  protected String storeUri(Path workDir) {
    return "sqlite:" + workDir.resolve("mlruns.db");
  }
}
