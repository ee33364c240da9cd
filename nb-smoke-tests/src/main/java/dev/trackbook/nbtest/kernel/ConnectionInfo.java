package dev.trackbook.nbtest.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A kernel connection file, as Jupyter writes it before starting a kernel
 * (https://jupyter-client.readthedocs.io/en/stable/kernels.html#connection-files).
 */
public record ConnectionInfo(
    String ip,
    int shellPort,
    int iopubPort,
    int stdinPort,
    int controlPort,
    int hbPort,
    String key) {

  /**
   * Ports this JVM has handed to a kernel. The operating system may give a port that one kernel's
   * probe just released to the next probe before that kernel bound it; kernels starting at once in
   * this JVM must never share one, so no port is handed out twice.
   */
  private static final java.util.Set<Integer> HANDED_OUT =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Picks five free loopback ports no earlier call of this JVM handed out, and a fresh HMAC key.
   * The ports are free when chosen; another process can still take one before the kernel binds it,
   * so {@link KernelSession#start} retries with new ports if the kernel dies.
   */
  public static ConnectionInfo fresh() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    int[] ports = freePorts(5);
    return new ConnectionInfo(
        "127.0.0.1",
        ports[0],
        ports[1],
        ports[2],
        ports[3],
        ports[4],
        HexFormat.of().formatHex(key));
  }

  private static int[] freePorts(int n) {
    java.util.List<ServerSocket> sockets = new java.util.ArrayList<>();
    int[] ports = new int[n];
    try {
      // Every probe socket stays open until the end, so the n ports are distinct and a port
      // refused as handed out is not offered again by the next probe.
      int found = 0;
      while (found < n) {
        if (sockets.size() > n + 1000) {
          throw new IOException("no loopback port left that this JVM has not handed out");
        }
        ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(probe);
        if (HANDED_OUT.add(probe.getLocalPort())) {
          ports[found++] = probe.getLocalPort();
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // closing a probe socket cannot lose anything
        }
      }
    }
  }

  public String address(int port) {
    return "tcp://" + ip + ":" + port;
  }

  /** Writes the connection file with owner-only permissions where the file system allows it. */
  public void write(Path file, ObjectMapper json) throws IOException {
    ObjectNode n = json.createObjectNode();
    n.put("transport", "tcp");
    n.put("ip", ip);
    n.put("shell_port", shellPort);
    n.put("iopub_port", iopubPort);
    n.put("stdin_port", stdinPort);
    n.put("control_port", controlPort);
    n.put("hb_port", hbPort);
    n.put("signature_scheme", "hmac-sha256");
    n.put("key", key);
    n.put("kernel_name", "");
    Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    file.toFile().setReadable(false, false);
    file.toFile().setReadable(true, true);
  }
}
