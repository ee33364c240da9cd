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

  /** Records a {@code %tracking} change. */
  void trackingUriChanged(String uri);
}
