package dev.trackbook.server.testsupport;

import dev.trackbook.server.artifacts.ArtifactFile;
import dev.trackbook.server.artifacts.ArtifactRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An artifact repository whose reads of one chosen path (downloads of a file, listings of a folder)
 * wait until the test lets them go: a slow answer on demand, ordered by the test rather than by a
 * timer. Everything else passes straight to the wrapped repository.
 */
public final class HeldArtifacts implements ArtifactRepository {
  private final ArtifactRepository repository;
  private volatile Hold hold;

  public HeldArtifacts(ArtifactRepository repository) {
    this.repository = repository;
  }

  /**
   * From now on, reads of paths ending in {@code suffix} wait until the hold is released (closing
   * it releases it too, so a failing test leaves no request hanging).
   */
  public Hold hold(String suffix) {
    Hold h = new Hold(suffix);
    hold = h;
    return h;
  }

  @Override
  public Path file(String relativePath) throws IOException {
    waitIfHeld(relativePath);
    return repository.file(relativePath);
  }

  @Override
  public List<ArtifactFile> list(String relativePath) throws IOException {
    waitIfHeld(relativePath);
    return repository.list(relativePath);
  }

  @Override
  public void write(String relativePath, InputStream content, long maxBytes) throws IOException {
    repository.write(relativePath, content, maxBytes);
  }

  @Override
  public void delete(String relativePath) throws IOException {
    repository.delete(relativePath);
  }

  private void waitIfHeld(String relativePath) throws IOException {
    Hold h = hold;
    if (h == null || !relativePath.endsWith(h.suffix)) {
      return;
    }
    h.arrived.countDown();
    try {
      if (!h.released.await(60, TimeUnit.SECONDS)) {
        throw new IOException("the test never released " + relativePath);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while held: " + relativePath);
    }
  }

  /** Reads held back until {@link #release()}. */
  public static final class Hold implements AutoCloseable {
    private final String suffix;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold(String suffix) {
      this.suffix = suffix;
    }

    /** Waits until a read of the path has reached the server and is being held. */
    public void awaitRequest() throws InterruptedException {
      if (!arrived.await(15, TimeUnit.SECONDS)) {
        throw new AssertionError("no read of *" + suffix + " reached the server");
      }
    }

    /** Lets held and later reads of the path through. */
    public void release() {
      released.countDown();
    }

    @Override
    public void close() {
      release();
    }
  }
}
