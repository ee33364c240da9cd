package dev.trackbook.djl.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** jjava is on the test class path (provided scope) but no kernel runs: as in a pipeline. */
class ProgressViewTest {
  @Test
  void outsideAKernelTheProgressGoesToTheConsole() {
    assertThat(ProgressView.forEnvironment()).isInstanceOf(ConsoleProgressView.class);
  }
}
