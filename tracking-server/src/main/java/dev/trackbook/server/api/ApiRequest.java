package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.TrackingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one API call, from a JSON body (POST) or the query string (GET), with typed
 * accessors that check <em>shape</em>: presence and JSON type. Meaning (limits, existence) is the
 * store's job. Messages follow MLflow's wording ({@code mlflow/utils/validation.py} {@code
 * missing_value}, {@code invalid_value}).
 *
 * <p>int64 fields are accepted as JSON numbers or decimal strings, as protobuf's JSON mapping
 * allows; doubles also as the strings "NaN", "Infinity" and "-Infinity".
 */
final class ApiRequest {
  private final ObjectNode args;
  private final boolean fromQuery;
  private final String prefix;

  private ApiRequest(ObjectNode args, boolean fromQuery, String prefix) {
    this.args = args;
    this.fromQuery = fromQuery;
    this.prefix = prefix;
  }

  /** Arguments of a POST: the JSON object of the body. */
  public static ApiRequest ofJson(ObjectNode body) {
    stringifyExperimentIds(body);
    return new ApiRequest(body, false, "");
  }

  /**
   * MLflow's server reads JSON integer experiment ids as their decimal strings before parsing
   * (proto_json_utils._stringify_all_experiment_ids, kept for clients from when ids were ints), so
   * {@code {"experiment_id": 1}} is experiment "1" here too.
   */
  private static void stringifyExperimentIds(ObjectNode body) {
    JsonNode id = body.get("experiment_id");
    if (id != null && id.isIntegralNumber()) {
      body.put("experiment_id", id.asText());
    }
    if (body.get("experiment_ids") instanceof ArrayNode ids) {
      for (int i = 0; i < ids.size(); i++) {
        if (ids.get(i).isIntegralNumber()) {
          ids.set(i, ids.get(i).asText());
        }
      }
    }
  }

  /** Arguments of a GET: each query parameter is a string; a repeated one is a list. */
  public static ApiRequest ofQuery(Map<String, List<String>> query) {
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    query.forEach(
        (name, values) -> {
          if (values.size() == 1) {
            args.put(name, values.get(0));
          } else {
            ArrayNode list = args.putArray(name);
            values.forEach(list::add);
          }
        });
    return new ApiRequest(args, true, "");
  }

  /** The raw argument, or null when absent or JSON null. */
  JsonNode raw(String field) {
    JsonNode node = args.get(field);
    return node == null || node.isNull() ? null : node;
  }

  public String requiredString(String field) {
    String value = optionalString(field);
    if (value == null) {
      throw missing(prefix + field);
    }
    return value;
  }

  public String optionalString(String field) {
    JsonNode node = raw(field);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(prefix + field, node, "expected a string");
    }
    return node.textValue();
  }

  /**
   * The run id from {@code run_id}, falling back to the deprecated {@code run_uuid} that older
   * clients (and MLflow's Java client) still send.
   */
  public String runId() {
    String runId = optionalString("run_id");
    if (runId == null || runId.isEmpty()) {
      runId = optionalString("run_uuid");
    }
    if (runId == null || runId.isEmpty()) {
      throw missing("run_id");
    }
    return runId;
  }

  public Long optionalLong(String field) {
    JsonNode node = raw(field);
    if (node == null) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isFloatingPointNumber()) {
      // A whole number written as a float (3.0, 1.7e12), which protobuf's JSON parsing (MLflow's)
      // takes for an int64; a fraction is still refused.
      java.math.BigDecimal d = node.decimalValue();
      if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
        try {
          return d.longValueExact();
        } catch (ArithmeticException e) {
          throw invalid(prefix + field, node, "expected an integer");
        }
      }
      throw invalid(prefix + field, node, "expected an integer");
    }
    if (node.isTextual()) {
      try {
        return Long.parseLong(node.textValue().trim());
      } catch (NumberFormatException e) {
        throw invalid(prefix + field, node, "expected an integer");
      }
    }
    throw invalid(prefix + field, node, "expected an integer");
  }

  public long requiredLong(String field) {
    Long value = optionalLong(field);
    if (value == null) {
      throw missing(prefix + field);
    }
    return value;
  }

  /** An int in {@code [min, max]}, or {@code dflt} when absent. */
  public int intInRange(String field, int min, int max, int dflt) {
    Long value = optionalLong(field);
    if (value == null) {
      return dflt;
    }
    if (value < min || value > max) {
      throw invalid(
          prefix + field, raw(field), "it must be between " + min + " and " + max + " (inclusive)");
    }
    return value.intValue();
  }

  public double requiredDouble(String field) {
    JsonNode node = raw(field);
    if (node == null) {
      throw missing(prefix + field);
    }
    return asDouble(prefix + field, node);
  }

  /** {@code field} is the full name shown in messages. */
  static double asDouble(String field, JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      switch (node.textValue().trim()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            return Double.parseDouble(node.textValue().trim());
          } catch (NumberFormatException e) {
            // fall through to the type error below
          }
      }
    }
    throw invalid(field, node, "expected a number");
  }

  /**
   * A boolean as JSON true/false, or the strings "true"/"false" (query strings); else {@code dflt}.
   */
  public boolean optionalBoolean(String field, boolean dflt) {
    JsonNode node = raw(field);
    if (node == null) {
      return dflt;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      switch (node.textValue().trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true":
          return true;
        case "false":
          return false;
        default:
          break;
      }
    }
    throw invalid(prefix + field, node, "expected true or false");
  }

  /**
   * An enum given by name or by its protobuf number, the number also in a string as protobuf's JSON
   * parser takes it (a query string, {@code ?view_type=3}, has no other way to give one). The enums
   * Trackbook maps ({@code ViewType}, {@code RunStatus}) are declared in proto order and numbered
   * from 1 in service.proto.
   */
  public <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
    JsonNode node = raw(field);
    if (node == null) {
      return null;
    }
    E[] values = type.getEnumConstants();
    long number = 0;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      number = node.asLong();
    } else if (node.isTextual()) {
      for (E value : values) {
        if (value.name().equals(node.textValue())) {
          return value;
        }
      }
      String text = node.textValue().trim();
      if (text.matches("\\d{1,9}")) {
        number = Long.parseLong(text);
      }
    }
    if (number >= 1 && number <= values.length) {
      return values[(int) number - 1];
    }
    throw invalid(prefix + field, node, "expected one of " + java.util.Arrays.toString(values));
  }

  /** A list of strings; empty when absent. A single GET parameter is a list of one. */
  public List<String> stringList(String field) {
    JsonNode node = raw(field);
    List<String> values = new ArrayList<>();
    if (node == null) {
      return values;
    }
    if (fromQuery && node.isTextual()) {
      values.add(node.textValue());
      return values;
    }
    if (!node.isArray()) {
      throw invalid(prefix + field, node, "expected a list of strings");
    }
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw invalid(prefix + field, node, "expected a list of strings");
      }
      values.add(item.textValue());
    }
    return values;
  }

  /** A list of JSON objects; empty when absent. */
  public List<ObjectNode> objectList(String field) {
    JsonNode node = raw(field);
    List<ObjectNode> values = new ArrayList<>();
    if (node == null) {
      return values;
    }
    if (!node.isArray()) {
      throw invalid(prefix + field, node, "expected a list of objects");
    }
    for (JsonNode item : node) {
      if (!item.isObject()) {
        throw invalid(prefix + field, node, "expected a list of objects");
      }
      values.add((ObjectNode) item);
    }
    return values;
  }

  /**
   * A nested object (one metric of a batch) read like a request of its own; messages name the field
   * by its full path, e.g. {@code metrics[3].value}.
   */
  public ApiRequest nested(ObjectNode object, String path) {
    return new ApiRequest(object, false, prefix + path + ".");
  }

  static TrackingException missing(String field) {
    return TrackingException.invalid("Missing value for required parameter '" + field + "'.");
  }

  static TrackingException invalid(String field, JsonNode value, String hint) {
    String shown = value == null ? "null" : value.toString();
    if (shown.length() > 200) {
      shown = shown.substring(0, 200) + "...";
    }
    return TrackingException.invalid(
        "Invalid value " + shown + " for parameter '" + field + "' supplied: " + hint + ".");
  }
}
