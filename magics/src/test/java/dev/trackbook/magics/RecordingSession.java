package dev.trackbook.magics;

import java.util.ArrayList;
import java.util.List;

/**
 * A notebook session that records what magics show; evaluating code is not what these tests are
 * about.
 */
public final class RecordingSession implements NotebookSession {

  public final List<String> html = new ArrayList<>();
  public final List<byte[]> png = new ArrayList<>();
  public final List<String> printed = new ArrayList<>();
  public final List<String> warnings = new ArrayList<>();
  public final List<String> evaluated = new ArrayList<>();
  private String trackingUri;

  /** What {@link #authorization()} answers (tests never read the environment's token). */
  public String authorization;

  public RecordingSession(String trackingUri) {
    this.trackingUri = trackingUri;
  }

  @Override
  public Object eval(String javaSource) {
    evaluated.add(javaSource);
    return null;
  }

  @Override
  public void displayHtml(String html) {
    this.html.add(html);
  }

  @Override
  public void displayPng(byte[] png) {
    this.png.add(png);
  }

  @Override
  public void print(String line) {
    printed.add(line);
  }

  @Override
  public void warn(String line) {
    warnings.add(line);
  }

  @Override
  public String trackingUri() {
    return trackingUri;
  }

  @Override
  public String authorization() {
    return authorization;
  }

  @Override
  public void trackingUriChanged(String uri) {
    trackingUri = uri;
  }
}
