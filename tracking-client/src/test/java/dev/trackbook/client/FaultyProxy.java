package dev.trackbook.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of a real server that the test switches between faults: a server bug that
 * one payload triggers (HTTP 500 with MLflow's error body for every request whose body contains a
 * marker), a server failing on everything, or a proxy whose server is down (503, an HTML page).
 */
final class FaultyProxy implements AutoCloseable {
  enum Mode {
    FORWARD,
    ALL_FAIL_500,
    SERVER_DOWN_503
  }

  private final HttpServer http;
  private final String target;
  private volatile Mode mode = Mode.FORWARD;
  private volatile String poisonMarker;
  private final AtomicInteger poisonAnswers = new AtomicInteger();

  private FaultyProxy(String target) throws IOException {
    this.target = target;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", this::handle);
    http.setExecutor(Executors.newCachedThreadPool());
    http.start();
  }

  static FaultyProxy start(String target) throws IOException {
    return new FaultyProxy(target);
  }

  String uri() {
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  void mode(Mode mode) {
    this.mode = mode;
  }

  /** Requests whose body contains {@code marker} get an HTTP 500 from "the server". */
  void failOnBodiesContaining(String marker) {
    this.poisonMarker = marker;
  }

  /** How many requests got the 500 of {@link #failOnBodiesContaining}. */
  int poisonAnswers() {
    return poisonAnswers.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Mode now = mode;
      if (now == Mode.SERVER_DOWN_503) {
        answer(exchange, 503, "text/html", "<html><h1>503 Service Unavailable</h1></html>");
        return;
      }
      String marker = poisonMarker;
      if (now == Mode.ALL_FAIL_500
          || (marker != null && new String(body, StandardCharsets.UTF_8).contains(marker))) {
        if (now != Mode.ALL_FAIL_500) {
          poisonAnswers.incrementAndGet();
        }
        answer(
            exchange,
            500,
            "application/json",
            "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"boom: a server bug\"}");
        return;
      }
      forward(exchange, body);
    }
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    HttpURLConnection c =
        (HttpURLConnection) URI.create(target + exchange.getRequestURI()).toURL().openConnection();
    c.setRequestMethod(exchange.getRequestMethod());
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      if (h.getKey() != null && !h.getKey().equalsIgnoreCase("Content-Length")) {
        h.getValue().forEach(v -> c.addRequestProperty(h.getKey(), v));
      }
    }
    if (body.length > 0) {
      c.setDoOutput(true);
      try (OutputStream out = c.getOutputStream()) {
        out.write(body);
      }
    }
    int status = c.getResponseCode();
    byte[] answer;
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      answer = in == null ? new byte[0] : in.readAllBytes();
    }
    String type = c.getContentType();
    exchange.getResponseHeaders().add("Content-Type", type == null ? "application/json" : type);
    exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
    if (answer.length > 0) {
      exchange.getResponseBody().write(answer);
    }
  }

  private static void answer(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
