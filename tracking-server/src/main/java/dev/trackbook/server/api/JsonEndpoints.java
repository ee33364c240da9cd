package dev.trackbook.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@link JsonCall} into an HTTP handler: reads the arguments (query string for GET, a
 * bounded JSON body otherwise), calls, writes the JSON answer. This is the one place that does
 * request and response plumbing, so handlers hold only their endpoint's logic.
 */
final class JsonEndpoints {
  /**
   * Python's json module writes NaN and Infinity as bare tokens, and MLflow's Python client may
   * send metrics that way, so the reader accepts them next to protobuf's quoted forms.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          // doubles dominate metric traffic: JDK 17's Double.toString and parseDouble were most
          // of a history read and a fifth of a log-batch (issue 9, bench/tracking profile)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // a generator's flush stops at our 64 KB buffer (see write): passed on, a flush of the
          // first few bytes would make Javalin decide against gzip for a 2 MB history page
          .disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM)
          .build();

  private final long maxBodyBytes;

  JsonEndpoints(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  Handler handler(JsonCall call) {
    return handler(call, body -> null);
  }

  /**
   * A faster reading of one endpoint's POST body: the answer, or null when the body is not the
   * plain shape it reads; the general path then answers it, errors included.
   */
  @FunctionalInterface
  interface BodyShortcut {
    ObjectNode call(byte[] body) throws Exception;
  }

  /** Like {@link #handler(JsonCall)}, trying {@code shortcut} on the body first. */
  Handler handler(JsonCall call, BodyShortcut shortcut) {
    return ctx -> {
      if (ctx.method() == HandlerType.GET
          || ctx.method() == HandlerType.HEAD
          || isBodilessDeleteWithQuery(ctx)) {
        Map<String, List<String>> query = ctx.queryParamMap();
        query.values().forEach(values -> values.forEach(JsonEndpoints::rejectNul));
        write(ctx, call.call(ApiRequest.ofQuery(query)));
        return;
      }
      requireJsonContentType(ctx);
      byte[] body = readAtMost(ctx, maxBodyBytes);
      rejectNul(body);
      ObjectNode answer = shortcut.call(body);
      write(ctx, answer != null ? answer : call.call(ApiRequest.ofJson(parseObject(body))));
    };
  }

  /**
   * Writes the answer straight into the response stream: a 25000-point history page (2 MB) is not
   * first built as a byte array and then copied (issue 9, bench/tracking history). Jetty still
   * sends a Content-Length when the whole answer fits its buffer.
   */
  static void write(Context ctx, ObjectNode response) throws IOException {
    ctx.contentType("application/json");
    // 64 KB at a time: Javalin's compressing stream checks the response headers on every write,
    // which at Jackson's 8 KB flushes was 8% of a history read (bench/tracking profile); and it
    // decides on gzip by the size of the first write, which is therefore a full buffer
    try (OutputStream out = new BufferedOutputStream(ctx.outputStream(), 64 * 1024)) {
      MAPPER.writeValue(out, response);
    }
  }

  /**
   * Writes a small answer as one buffer: for error answers, which may replace a response Javalin
   * has already begun (an exception handler must not find the stream taken).
   */
  static void writeBuffered(Context ctx, ObjectNode response) throws JsonProcessingException {
    ctx.contentType("application/json").result(MAPPER.writeValueAsBytes(response));
  }

  private static final String NUL_MESSAGE =
      "Invalid value: a string of the request contains the NUL character (U+0000),"
          + " which no text field can hold";

  /**
   * No text of a request may hold U+0000: PostgreSQL cannot store it in text (an error from the
   * database, not the request's fault as far as the client could tell), SQLite would; one answer
   * for both stores. A JSON body can only carry it escaped, as {@code \\u0000}.
   */
  static void rejectNul(byte[] body) {
    for (int i = 0; i < body.length; i++) {
      if (body[i] == 0) {
        // not JSON at all (a raw control character): what the parser would say
        throw new TrackingException(
            ErrorCode.MALFORMED_REQUEST, "Malformed JSON in the request body: a raw NUL byte");
      }
      if (body[i] == '\\') {
        if (i + 5 < body.length
            && body[i + 1] == 'u'
            && body[i + 2] == '0'
            && body[i + 3] == '0'
            && body[i + 4] == '0'
            && body[i + 5] == '0') {
          throw TrackingException.invalid(NUL_MESSAGE);
        }
        i++; // the escaped character: JSON `\\u0000` is a backslash, then text
      }
    }
  }

  private static void rejectNul(String queryValue) {
    if (queryValue.indexOf('\0') >= 0) {
      throw TrackingException.invalid(NUL_MESSAGE);
    }
  }

  private static ObjectNode parseObject(byte[] body) throws IOException {
    if (isBlank(body)) {
      return WireJson.object(); // MLflow treats an empty body as an empty message
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new TrackingException(
          ErrorCode.MALFORMED_REQUEST,
          "Malformed JSON in the request body: " + e.getOriginalMessage());
    }
    if (!(json instanceof ObjectNode object)) {
      throw new TrackingException(
          ErrorCode.MALFORMED_REQUEST, "The request body must be a JSON object.");
    }
    return object;
  }

  /**
   * MLflow's clients send DELETE arguments as a JSON body; a DELETE with a query string and no body
   * (curl, scripts) is read like a GET. This opens no cross-site hole: browsers never send DELETE
   * cross-site without a CORS preflight, which this server does not grant.
   */
  private static boolean isBodilessDeleteWithQuery(Context ctx) {
    return ctx.method() == HandlerType.DELETE
        && ctx.queryString() != null
        && !ctx.queryString().isEmpty()
        && ctx.req().getContentLengthLong() <= 0
        && ctx.header("Transfer-Encoding") == null;
  }

  /**
   * A browser sends a cross-site POST without asking first (no CORS preflight) only with a form
   * content type such as text/plain. Requiring application/json, as MLflow does since 2.x ({@code
   * _validate_content_type} in mlflow/server/handlers.py), keeps a web page the user visits from
   * writing to a tracking server on localhost.
   */
  private static void requireJsonContentType(Context ctx) {
    String type = ctx.contentType();
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw TrackingException.invalid(
          "Bad Request. Content-Type must be 'application/json'"
              + (type == null ? "." : ", got '" + type + "'."));
    }
  }

  /** Reads the body, refusing it as soon as it exceeds the limit (also without Content-Length). */
  static byte[] readAtMost(Context ctx, long limit) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(limit);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() + (long) n > limit) {
          throw tooLarge(limit);
        }
        out.write(buffer, 0, n);
      }
    }
    return out.toByteArray();
  }

  static TrackingException tooLarge(long limit) {
    return new TrackingException(
        ErrorCode.REQUEST_TOO_LARGE,
        "The request body is larger than the server's limit of " + limit + " bytes.");
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
