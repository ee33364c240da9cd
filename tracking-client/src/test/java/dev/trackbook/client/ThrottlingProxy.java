package dev.trackbook.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A TCP proxy in front of a server whose uplink (client to server) carries at most a given number
 * of bytes per second: a slow network for a large upload. Its own receive buffer is small, so the
 * client's writes go at the link's pace instead of into the proxy's memory. Or, {@link
 * #withLatency}, one whose answers each arrive late: a slow but reachable server.
 */
final class ThrottlingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final URI target;
  private final int bytesPerSecond;
  private final long latencyMillis;

  private ThrottlingProxy(URI target, int bytesPerSecond, long latencyMillis) throws IOException {
    this.target = target;
    this.bytesPerSecond = bytesPerSecond;
    this.latencyMillis = latencyMillis;
    listener = new ServerSocket();
    listener.setReceiveBufferSize(16 * 1024);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread accept = new Thread(this::acceptLoop, "throttling-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  static ThrottlingProxy start(String target, int bytesPerSecond) throws IOException {
    return new ThrottlingProxy(URI.create(target), bytesPerSecond, 0);
  }

  /** A proxy that holds back every chunk of the server's answers for {@code latency}. */
  static ThrottlingProxy withLatency(String target, java.time.Duration latency) throws IOException {
    return new ThrottlingProxy(URI.create(target), 0, latency.toMillis());
  }

  String uri() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getHost(), target.getPort());
        pump(client.getInputStream(), server.getOutputStream(), bytesPerSecond, 0);
        pump(server.getInputStream(), client.getOutputStream(), 0, latencyMillis);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(
      InputStream in, OutputStream out, int bytesPerSecond, long latencyMillis) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[bytesPerSecond > 0 ? Math.min(8192, bytesPerSecond) : 8192];
              long start = System.nanoTime();
              long sent = 0;
              try (in;
                  out) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                  Thread.sleep(latencyMillis);
                  out.write(buffer, 0, n);
                  out.flush();
                  sent += n;
                  if (bytesPerSecond > 0) {
                    long due = start + sent * 1_000_000_000L / bytesPerSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                  }
                }
              } catch (IOException | InterruptedException e) {
                // one side closed
              }
            },
            "throttling-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
