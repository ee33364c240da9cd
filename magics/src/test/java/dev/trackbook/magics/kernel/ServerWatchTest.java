package dev.trackbook.magics.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class ServerWatchTest {

  @Test
  void warnsOncePerOutageAndNotWhileTheServerAnswers() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String uri = "http://127.0.0.1:" + port;
    ServerWatch watch = new ServerWatch();

    assertThat(watch.warningFor(uri))
        .isEqualTo(
            "Warning: tracking server "
                + uri
                + " is unreachable; logged to the local journal, it will be sent when the server is back.");
    assertThat(watch.warningFor(uri)).as("same outage: already said").isNull();

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
    try {
      ServerWatch fresh = new ServerWatch();
      assertThat(fresh.warningFor(uri)).as("any HTTP answer means the server is there").isNull();
    } finally {
      server.stop(0);
    }
  }
}
