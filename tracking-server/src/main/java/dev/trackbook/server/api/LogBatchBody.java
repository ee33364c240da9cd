package dev.trackbook.server.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code runs/log-batch} body straight from the token stream into metrics, params and tags,
 * without the JSON tree the general path builds: a 1000-point batch otherwise allocates 1000 object
 * nodes and maps, a third of the server's work at full ingest (issue 9, bench/tracking profile).
 *
 * <p>It reads only the plain shape MLflow clients send (known fields once each, numbers as numbers,
 * strings as strings) and answers null for anything else, which the general path then reads and,
 * where the body is wrong, rejects with its own messages. So both paths accept the same bodies and
 * only the general one ever explains an error.
 */
final class LogBatchBody {
  record Parsed(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {}

  private LogBatchBody() {}

  /** The batch, or null if the body is not in the plain shape. */
  static Parsed parse(byte[] body) {
    try (JsonParser p = JsonEndpoints.MAPPER.getFactory().createParser(body)) {
      return parse(p);
    } catch (IOException | RuntimeException e) {
      return null; // malformed or unusual: the general path reads it and says what is wrong
    }
  }

  private static Parsed parse(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String runId = null;
    List<Metric> metrics = null;
    List<Param> params = null;
    List<Tag> tags = null;
    String field;
    while ((field = p.nextFieldName()) != null) {
      JsonToken value = p.nextToken();
      switch (field) {
        case "run_id" -> {
          if (runId != null || value != JsonToken.VALUE_STRING) {
            return null;
          }
          runId = p.getText();
        }
        case "metrics" -> {
          if (metrics != null || (metrics = metrics(p, value)) == null) {
            return null;
          }
        }
        case "params" -> {
          if (params != null || (params = keyValues(p, value, Param::new)) == null) {
            return null;
          }
        }
        case "tags" -> {
          if (tags != null || (tags = keyValues(p, value, Tag::new)) == null) {
            return null;
          }
        }
        default -> {
          return null;
        }
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || runId == null) {
      return null;
    }
    return new Parsed(
        runId,
        metrics == null ? List.of() : metrics,
        params == null ? List.of() : params,
        tags == null ? List.of() : tags);
  }

  private static List<Metric> metrics(JsonParser p, JsonToken start) throws IOException {
    if (start != JsonToken.START_ARRAY) {
      return null;
    }
    List<Metric> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String key = null;
      double value = 0;
      long timestamp = 0;
      long step = 0;
      int seen = 0; // bits: key, value, timestamp, step
      String field;
      while ((field = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        int bit;
        switch (field) {
          case "key" -> {
            bit = 1;
            if (t != JsonToken.VALUE_STRING) {
              return null;
            }
            key = p.getText();
          }
          case "value" -> {
            bit = 2;
            if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
              return null;
            }
            value = p.getDoubleValue();
          }
          case "timestamp" -> {
            bit = 4;
            if (t != JsonToken.VALUE_NUMBER_INT) {
              return null;
            }
            timestamp = p.getLongValue();
          }
          case "step" -> {
            bit = 8;
            if (t != JsonToken.VALUE_NUMBER_INT) {
              return null;
            }
            step = p.getLongValue();
          }
          default -> {
            return null;
          }
        }
        if ((seen & bit) != 0) {
          return null;
        }
        seen |= bit;
      }
      if ((seen & 7) != 7) {
        return null; // key, value and timestamp are required
      }
      out.add(new Metric(key, value, timestamp, step));
    }
    return p.currentToken() == JsonToken.END_ARRAY ? out : null;
  }

  private interface KeyValue<T> {
    T of(String key, String value);
  }

  private static <T> List<T> keyValues(JsonParser p, JsonToken start, KeyValue<T> make)
      throws IOException {
    if (start != JsonToken.START_ARRAY) {
      return null;
    }
    List<T> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String key = null;
      String value = null;
      String field;
      while ((field = p.nextFieldName()) != null) {
        if (p.nextToken() != JsonToken.VALUE_STRING) {
          return null;
        }
        switch (field) {
          case "key" -> {
            if (key != null) {
              return null;
            }
            key = p.getText();
          }
          case "value" -> {
            if (value != null) {
              return null;
            }
            value = p.getText();
          }
          default -> {
            return null;
          }
        }
      }
      if (key == null) {
        return null;
      }
      out.add(make.of(key, value == null ? "" : value)); // protobuf's default for a string
    }
    return p.currentToken() == JsonToken.END_ARRAY ? out : null;
  }
}
