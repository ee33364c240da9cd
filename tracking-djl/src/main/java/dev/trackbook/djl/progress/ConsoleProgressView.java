package dev.trackbook.djl.progress;

import java.io.PrintStream;

/**
 * Progress outside a notebook (pipeline scripts, CI logs): one line per finished epoch, none per
 * batch, so logs stay short.
 */
public final class ConsoleProgressView implements ProgressView {

  private final PrintStream out;

  public ConsoleProgressView(PrintStream out) {
    this.out = out;
  }

  @Override
  public void update(ProgressState state, boolean force) {
    if (force) {
      out.println(state.line());
    }
  }
}
