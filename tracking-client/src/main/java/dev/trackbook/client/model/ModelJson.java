package dev.trackbook.client.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON as plain Java values (maps, lists, strings, numbers, booleans, null) for flavors and servers
 * that must not see the client's relocated Jackson types.
 */
public final class ModelJson {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final ObjectMapper COMPACT = new ObjectMapper();

  private ModelJson() {}

  /**
   * Parses JSON text into plain values.
   *
   * @throws ModelInputException when it is not JSON, one line
   */
  public static Object parse(String json) {
    if (json == null || json.isBlank()) {
      throw new ModelInputException("the request body is empty; send JSON");
    }
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new ModelInputException(
          "malformed JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    }
  }

  /** Indented JSON of plain values. */
  public static String write(Object value) {
    return write(JSON, value);
  }

  /** One-line JSON of plain values. */
  public static String writeCompact(Object value) {
    return write(COMPACT, value);
  }

  private static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }
}
