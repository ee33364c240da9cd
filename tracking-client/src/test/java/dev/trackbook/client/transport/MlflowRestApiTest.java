package dev.trackbook.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the transport tells the flusher what went wrong, against servers that misbehave. */
class MlflowRestApiTest {
  private HttpServer server;
  private String uri;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/2.0/mlflow/runs/get",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          byte[] body;
          if (query.contains("slow")) {
            sleep(2_000);
            body = "{}".getBytes(StandardCharsets.UTF_8);
          } else if (query.contains("huge")) {
            // a proxy's refusal: HTML, no MLflow error_code
            body = "<html>413 Request Entity Too Large</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(413, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
            return;
          } else if (query.contains("status-")) {
            // an MLflow error body with the status named in the run id
            int status =
                Integer.parseInt(
                    query.substring(query.indexOf("status-") + 7, query.indexOf("status-") + 10));
            body =
                ("{\"error_code\":\"SOME_CODE\",\"message\":\"answered " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
            return;
          } else if (query.contains("html")) {
            body = "<html>sign in</html>".getBytes(StandardCharsets.UTF_8);
          } else {
            // promises 100 bytes, sends 10, hangs up
            exchange.sendResponseHeaders(200, 100);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write("{\"run\": {}".getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException expected) {
              // the server side notices the short answer too
            }
            return;
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    uri = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aServerThatTakesTooLongTimedOutAndOneThatIsDownDidNot() throws Exception {
    MlflowRestApi api = new MlflowRestApi(uri, null, Duration.ofMillis(300));
    ServerUnreachableException slow =
        catchThrowableOfType(() -> api.getRun("slow"), ServerUnreachableException.class);
    // the flusher halves its batches only for this case: a big batch the server is still digesting
    assertThat(slow.timedOut()).isTrue();
    assertThat(slow).hasMessageContaining("no answer within 300 ms");

    int closed;
    try (ServerSocket free = new ServerSocket(0)) {
      closed = free.getLocalPort();
    }
    MlflowRestApi down =
        new MlflowRestApi("http://127.0.0.1:" + closed, null, Duration.ofSeconds(5));
    ServerUnreachableException refused =
        catchThrowableOfType(() -> down.getRun("r"), ServerUnreachableException.class);
    assertThat(refused.timedOut()).isFalse();
    assertThat(refused).hasMessageContaining("ConnectException");
  }

  @Test
  void anAnswerThatIsNotJsonOrIsCutShortIsAFailedCallNotAnEmptyOne() {
    MlflowRestApi api = new MlflowRestApi(uri, null, Duration.ofSeconds(5));
    assertThat(catchThrowableOfType(() -> api.getRun("html"), ServerUnreachableException.class))
        .hasMessageContaining("not JSON");
    assertThat(catchThrowableOfType(() -> api.getRun("short"), ServerUnreachableException.class))
        .isNotNull();
  }

  @Test
  void aRequestTooLargeForAProxyIsRejectedAndSaysWhichLimitToRaise() {
    MlflowRestApi api = new MlflowRestApi(uri, null, Duration.ofSeconds(5));
    RequestRejectedException refused =
        catchThrowableOfType(() -> api.getRun("huge"), RequestRejectedException.class);
    // sent again as it is, it would be refused forever: the flusher splits or drops it instead
    assertThat(refused.tooLarge()).isTrue();
    assertThat(refused.errorCode()).isEqualTo(RequestRejectedException.REQUEST_TOO_LARGE);
    assertThat(refused)
        .hasMessageContaining("HTTP 413")
        .hasMessageContaining("client_max_body_size");
  }

  @Test
  void answersThatMayPassLaterAreTemporaryAndOtherClientErrorsAreRejections() {
    // Temporary: the flusher keeps the records and retries with backoff. Rejected: it reports
    // and drops the record, so that one bad record never holds the rest of the journal.
    MlflowRestApi api = new MlflowRestApi(uri, null, Duration.ofSeconds(5));
    for (int status : new int[] {500, 502, 503, 504, 408, 429}) {
      ServerUnreachableException temporary =
          catchThrowableOfType(
              () -> api.getRun("status-" + status), ServerUnreachableException.class);
      assertThat(temporary)
          .as("HTTP %d", status)
          .isNotNull()
          .hasMessageContaining("HTTP " + status);
      assertThat(temporary.answered()).isTrue();
      assertThat(temporary).isNotInstanceOf(CredentialsRejectedException.class);
    }
    for (int status : new int[] {400, 404, 409, 422}) {
      RequestRejectedException rejected =
          catchThrowableOfType(
              () -> api.getRun("status-" + status), RequestRejectedException.class);
      assertThat(rejected).as("HTTP %d", status).isNotNull();
      assertThat(rejected.status()).isEqualTo(status);
      assertThat(rejected.errorCode()).isEqualTo("SOME_CODE");
    }
  }
}
