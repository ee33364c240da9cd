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
 * client's writes go at the link's pace instead of into the proxy's memory.
 */
final class ThrottlingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final URI target;
  private final int bytesPerSecond;

  private ThrottlingProxy(URI target, int bytesPerSecond) throws IOException {
    this.target = target;
    this.bytesPerSecond = bytesPerSecond;
    listener = new ServerSocket();
    listener.setReceiveBufferSize(16 * 1024);
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread accept = new Thread(this::acceptLoop, "throttling-proxy");
    accept.setDaemon(true);
    accept.start();
  }

  static ThrottlingProxy start(String target, int bytesPerSecond) throws IOException {
    return new ThrottlingProxy(URI.create(target), bytesPerSecond);
  }

  String uri() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getHost(), target.getPort());
        pump(client.getInputStream(), server.getOutputStream(), bytesPerSecond);
        pump(server.getInputStream(), client.getOutputStream(), 0);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void pump(InputStream in, OutputStream out, int bytesPerSecond) {
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
