package dev.trackbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParentWatchTest {

  @Test
  void theKernelIsToldWhenTheProcessThatStartedItEnds() throws Exception {
    Process parent = new ProcessBuilder("sleep", "60").start();
    try {
      CountDownLatch gone = new CountDownLatch(1);
      boolean watched =
          ParentWatch.start(
              Map.of(ParentWatch.PARENT_PID, Long.toString(parent.pid())), gone::countDown);

      assertThat(watched).isTrue();
      assertThat(gone.await(300, TimeUnit.MILLISECONDS)).as("told while it runs").isFalse();
      parent.destroyForcibly(); // SIGKILL: it cannot stop anything itself
      assertThat(gone.await(10, TimeUnit.SECONDS)).as("told once it ended").isTrue();
    } finally {
      parent.destroyForcibly();
    }
  }

  @Test
  void aParentAlreadyGoneIsToldAtOnceAndNoParentIsNotWatched() throws Exception {
    Process parent = new ProcessBuilder("true").start();
    parent.waitFor();
    CountDownLatch gone = new CountDownLatch(1);

    assertThat(
            ParentWatch.start(
                Map.of(ParentWatch.PARENT_PID, Long.toString(parent.pid())), gone::countDown))
        .isTrue();
    assertThat(gone.getCount()).isZero();
    assertThat(ParentWatch.start(Map.of(), () -> {})).isFalse();
    assertThat(ParentWatch.start(Map.of(ParentWatch.PARENT_PID, "0x1a"), () -> {})).isFalse();
  }
}
