package dev.trackbook.djl.progress;

import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * One display in the cell's output, replaced in place with Jupyter's {@code update_display_data}
 * message (messaging spec, "Update Display Data": a {@code display_data} with a {@code display_id}
 * in its transient data, then updates addressed to that id), so a long training shows one live
 * progress bar instead of a wall of lines.
 */
final class NotebookProgressView implements ProgressView {

  /** At most this many updates per second reach the front end; epoch ends always do. */
  private static final long MIN_INTERVAL_NANOS = 250_000_000L;

  private final BaseKernel kernel;
  private final String displayId = "trackbook-progress-" + UUID.randomUUID();
  private boolean shown;
  private long lastUpdate;

  private NotebookProgressView(BaseKernel kernel) {
    this.kernel = kernel;
  }

  /** A view on the running notebook kernel, or null outside one (or without jjava). */
  static ProgressView ifInNotebook() {
    BaseKernel kernel;
    try {
      kernel = BaseKernel.notebookKernel();
    } catch (NullPointerException e) {
      // jjava 1.0-a6 throws rather than returning null when jjava is on the class path without a
      // running kernel, as in a pipeline run by ./trackbook run.
      return null;
    }
    return kernel == null || !kernel.getIO().isAttached() ? null : new NotebookProgressView(kernel);
  }

  @Override
  public synchronized void update(ProgressState state, boolean force) {
    long now = System.nanoTime();
    if (shown && !force && now - lastUpdate < MIN_INTERVAL_NANOS) {
      return;
    }
    lastUpdate = now;
    DisplayData data = new DisplayData(state.line());
    data.putHTML(state.html());
    data.setDisplayId(displayId);
    if (shown) {
      kernel.getIO().display.updateDisplay(displayId, data);
    } else {
      kernel.getIO().display.display(data);
      shown = true;
    }
  }
}
