package dev.trackbook.client.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

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
  // Prediction requests: NaN and Infinity are read, as Python's json (so MLflow's scoring server)
  // reads them, for the model to refuse by name rather than as malformed JSON; fractions stay
  // BigDecimal so a value out of the model's range can be named as sent (1e400, not Infinity).
  private static final ObjectMapper REQUEST =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ModelJson() {}

  /**
   * Parses JSON text into plain values.
   *
   * @throws ModelInputException when it is not JSON, one line
   */
  public static Object parse(String json) {
    return parse(JSON, json);
  }

  /**
   * Parses a prediction request: as {@link #parse}, but also reads {@code NaN} and {@code
   * Infinity}, and gives numbers with a fraction or exponent as {@link java.math.BigDecimal}.
   *
   * @throws ModelInputException when it is not JSON, one line
   */
  public static Object parseRequest(String json) {
    return parse(REQUEST, json);
  }

  private static Object parse(ObjectMapper mapper, String json) {
    if (json == null || json.isBlank()) {
      throw new ModelInputException("the request body is empty; send JSON");
    }
    try {
      return mapper.readValue(json, Object.class);
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
