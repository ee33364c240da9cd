package dev.trackbook.magics.kernel;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trackbook.client.model.FilesBoundModel;
import dev.trackbook.kernel.TrackbookKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Trackbook kernel in this JVM (no Jupyter) with our magics, beside a real tracking server, for
 * one test class ({@code @RegisterExtension static}): the kernel installs itself as the notebook's
 * static kernel, so test classes take turns.
 */
final class InProcessKernel implements BeforeAllCallback, AfterAllCallback {
  private static final Duration CELL_TIMEOUT = Duration.ofSeconds(60);

  private Path dir;
  TestServer server;
  TrackbookKernel kernel;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dir = Files.createTempDirectory("trackbook-magics-kernel-");
    server = new TestServer(dir.resolve("server"), 0);
    kernel = TrackbookKernel.builder().build();
    // Installs the notebook-kernel static the magic calls go through, and the ServiceLoader
    // extensions (ours).
    kernel.onStartup();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (kernel != null) {
        kernel.onShutdown(false);
      }
      if (server != null) {
        server.close();
      }
    } finally {
      FilesBoundModel.deleteTree(dir);
    }
  }

  /** Runs a cell as Jupyter would; a hung cell fails the test instead of hanging it. */
  Object cell(String source) {
    return assertTimeoutPreemptively(
        CELL_TIMEOUT, () -> kernel.evalRaw(source), () -> "cell: " + source);
  }
}
