package dev.trackbook.djl.progress;

/**
 * Where training progress is shown: one view per training, updated in place. See {@link
 * #forEnvironment()}.
 */
public interface ProgressView {

  /**
   * Shows the latest state; called often (every batch), so implementations throttle.
   *
   * @param state what to show
   * @param force show now even if the last update was a moment ago (epoch and training end)
   */
  void update(ProgressState state, boolean force);

  /**
   * An updating notebook display when running in a Jupyter kernel built on jjava, else one console
   * line per epoch.
   */
  static ProgressView forEnvironment() {
    ProgressView notebook = null;
    // Checked here, before NotebookProgressView (which links against jjava) is ever loaded.
    if (jjavaPresent()) {
      notebook = NotebookProgressView.ifInNotebook();
    }
    return notebook != null ? notebook : new ConsoleProgressView(System.out);
  }

  private static boolean jjavaPresent() {
    try {
      Class.forName(
          "org.dflib.jjava.jupyter.kernel.BaseKernel", false, ProgressView.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
