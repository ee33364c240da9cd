package dev.trackbook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server created on a channel the caller bound (the smoke runner hands its address to kernels
 * before the server is up): the port is never free in between, and the server serves on it.
 */
class BoundChannelTest {

  private static ServerSocketChannel boundLoopbackChannel() throws java.io.IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    return channel;
  }

  @Test
  void servesOnTheBoundChannelWhichNoOneElseCouldTakeMeanwhile(@TempDir Path dir) throws Exception {
    ServerSocketChannel channel = boundLoopbackChannel();
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();

    try (TrackingStore store = StoreFactory.open("sqlite:" + dir.resolve("m.db"))) {
      TrackingServer server =
          TrackingServer.createOn(
              channel,
              ServerConfig.defaults().withPort(0),
              store,
              new LocalArtifactRepository(dir.resolve("artifacts")),
              Clock.systemUTC());
      assertThatThrownBy(() -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close())
          .isInstanceOf(BindException.class);
      server.start();
      try {
        assertThat(server.port()).isEqualTo(port);
        assertThat(server.url()).isEqualTo("http://127.0.0.1:" + port);
        HttpResponse<String> health =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
      } finally {
        server.stop();
      }
      // the server owned the channel: stopping it frees the port
      new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
    }
  }

  @Test
  void aServerThatNeverStartedStillReleasesTheChannel(@TempDir Path dir) throws Exception {
    ServerSocketChannel channel = boundLoopbackChannel();
    int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
    try (TrackingStore store = StoreFactory.open("sqlite:" + dir.resolve("m.db"))) {
      TrackingServer.createOn(
              channel,
              ServerConfig.defaults(),
              store,
              new LocalArtifactRepository(dir.resolve("artifacts")),
              Clock.systemUTC())
          .close();
    }
    assertThat(channel.isOpen()).isFalse();
    new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
  }
}
