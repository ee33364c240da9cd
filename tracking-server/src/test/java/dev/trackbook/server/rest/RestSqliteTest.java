package dev.trackbook.server.rest;

import java.nio.file.Path;

/** The REST suite on the embedded SQLite store, through a real port. */
class RestSqliteTest extends RestContract {
  @Override
  protected String storeUri(Path workDir) {
    return "sqlite:" + workDir.resolve("mlruns.db");
  }
}
