package dev.trackbook.kernel.install;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Loopback ports free at the moment of asking, for the install-time kernel session and the dead
 * address it tracks to. JDK only, like {@link KernelInstaller}.
 */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /** {@code n} distinct ports nothing listened on a moment ago (all probed at once). */
  public static int[] free(int n) throws IOException {
    ServerSocket[] probes = new ServerSocket[n];
    int[] ports = new int[n];
    try {
      for (int i = 0; i < n; i++) {
        probes[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = probes[i].getLocalPort();
      }
    } finally {
      for (ServerSocket probe : probes) {
        if (probe != null) {
          probe.close();
        }
      }
    }
    return ports;
  }
}
