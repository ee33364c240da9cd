package dev.trackbook.nbtest.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConnectionInfoTest {

  @Test
  void kernelsStartingAtOnceNeverShareAPort() throws Exception {
    // Kernel starts are not serialised: each probe releases its ports before its kernel binds them,
    // so without the registry the next probe could be offered one of them.
    int kernels = 40;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<ConnectionInfo>> starts = new ArrayList<>();
      for (int i = 0; i < kernels; i++) {
        starts.add(
            pool.submit(
                () -> {
                  go.await();
                  return ConnectionInfo.fresh();
                }));
      }
      go.countDown();
      Set<Integer> seen = ConcurrentHashMap.newKeySet();
      for (Future<ConnectionInfo> f : starts) {
        ConnectionInfo info = f.get();
        for (int port :
            new int[] {
              info.shellPort(),
              info.iopubPort(),
              info.stdinPort(),
              info.controlPort(),
              info.hbPort()
            }) {
          assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
        }
      }
      assertThat(seen).hasSize(kernels * 5);
    } finally {
      pool.shutdownNow();
    }
  }
}
