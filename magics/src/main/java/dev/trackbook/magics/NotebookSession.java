package dev.trackbook.magics;

/**
 * What a magic may do in the notebook it runs in. One instance lives as long as one kernel session;
 * the kernel adapter evaluates code in the user's JShell, so magics and the user's own {@code
 * Tracking.*} calls share one tracking client.
 */
public interface NotebookSession {

  /**
   * How code evaluated in a notebook names the tracking facade (fully qualified: no import needed).
   */
  String TRACKING = "dev.trackbook.client.Tracking";

  /**
   * Evaluates Java in the user's session (magics inside it are resolved) and returns the last
   * value.
   */
  Object eval(String javaSource);

  /**
   * Runs Java statements in the user's session, like {@link #eval}, for magics that run the same
   * statements again and again (a {@code %metric} in a training loop): a kernel may compile them
   * once and rerun the compiled code while the notebook's declarations stay the same.
   */
  default void run(String statements) {
    eval(statements);
  }

  /** Shows HTML in the cell's output. */
  void displayHtml(String html);

  /** Shows a PNG image in the cell's output. */
  void displayPng(byte[] png);

  /** Prints a line to the cell's standard output. */
  void print(String line);

  /** Prints a one-line warning to the cell's standard error. */
  void warn(String line);

  /**
   * The tracking server's base URI, as the magics know it ({@code %tracking} or the environment).
   */
  String trackingUri();

  /**
   * The {@code Authorization} header value for the tracking server, or null: by default what the
   * tracking client takes from the environment ({@code TRACKBOOK_TRACKING_TOKEN}, {@code
   * MLFLOW_TRACKING_TOKEN}, MLflow's user and password), so the magics that read the server are let
   * in wherever the notebook's own logging is.
   */
  default String authorization() {
    return dev.trackbook.client.Tracking.authorizationFromEnvironment();
  }

  /** Records a {@code %tracking} change. */
  void trackingUriChanged(String uri);
}
