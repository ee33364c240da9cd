package dev.trackbook.magics.kernel;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.trackbook.kernel.TrackbookKernel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Trackbook kernel in this JVM (no Jupyter) with our magics, beside a real tracking server: one
 * per test class, since the kernel installs itself as the notebook's static kernel.
 */
final class InProcessKernel implements AutoCloseable {
  private static final Duration CELL_TIMEOUT = Duration.ofSeconds(60);

  final TestServer server;
  final TrackbookKernel kernel;

  private InProcessKernel(TestServer server, TrackbookKernel kernel) {
    this.server = server;
    this.kernel = kernel;
  }

  static InProcessKernel start(Path dir) throws Exception {
    TestServer server = new TestServer(dir.resolve("server"), 0);
    TrackbookKernel kernel = TrackbookKernel.builder().build();
    // Installs the notebook-kernel static the magic calls go through, and the ServiceLoader
    // extensions (ours).
    kernel.onStartup();
    return new InProcessKernel(server, kernel);
  }

  /** Runs a cell as Jupyter would; a hung cell fails the test instead of hanging it. */
  Object cell(String source) {
    return assertTimeoutPreemptively(
        CELL_TIMEOUT, () -> kernel.evalRaw(source), () -> "cell: " + source);
  }

  @Override
  public void close() throws Exception {
    kernel.onShutdown(false);
    server.close();
  }
}
