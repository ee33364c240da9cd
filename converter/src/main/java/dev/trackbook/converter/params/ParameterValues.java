package dev.trackbook.converter.params;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trackbook.converter.ConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves the values a pipeline run uses for its parameters. Later sources win: the notebook's
 * defaults, then environment variables {@code TRACKBOOK_PARAM_<NAME>}, then a YAML or JSON file
 * ({@code --params}), then {@code -p name=value} in command-line order. Every value is checked
 * against the parameter's declared type, so a run never starts with a value the cell could not have
 * held.
 */
public final class ParameterValues {

  /** The prefix of environment variables that set a parameter; the rest is its name, any case. */
  public static final String ENV_PREFIX = "TRACKBOOK_PARAM_";

  private final List<Parameter> parameters;
  private final Map<String, Object> values = new LinkedHashMap<>();

  public ParameterValues(List<Parameter> parameters) {
    this.parameters = List.copyOf(parameters);
    for (Parameter p : parameters) {
      values.put(p.name(), p.defaultValue());
    }
  }

  /**
   * Applies {@code TRACKBOOK_PARAM_*} variables. A variable that names no parameter of this
   * pipeline is ignored: the environment is shared with other pipelines.
   */
  public ParameterValues withEnvironment(Map<String, String> environment) {
    for (Parameter p : parameters) {
      for (Map.Entry<String, String> e : environment.entrySet()) {
        if (e.getKey().equalsIgnoreCase(ENV_PREFIX + p.name())) {
          set(p, e.getValue(), "environment variable " + e.getKey());
        }
      }
    }
    return this;
  }

  /** Applies a {@code .yaml}/{@code .yml} or {@code .json} file holding one object of values. */
  public ParameterValues withFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper =
        name.endsWith(".yaml") || name.endsWith(".yml") ? new YAMLMapper() : new ObjectMapper();
    if (!name.endsWith(".json") && !(mapper instanceof YAMLMapper)) {
      throw new ConversionException(file + ": a parameters file must be .yaml, .yml or .json");
    }
    // Read token by token, not as a tree: a tree keeps 1e400 as Infinity and 1.50 as 1.5.
    try (JsonParser parser = mapper.createParser(Files.readString(file))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new ConversionException(file + ": parameters must be one object of name: value");
      }
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        Parameter p = require(parser.currentName(), file.toString());
        JsonToken value = parser.nextToken();
        if (!value.isScalarValue() || value == JsonToken.VALUE_NULL) {
          throw new ConversionException(
              file + ": parameter " + p.name() + " must be a single " + p.type().javaName());
        }
        set(p, valueText(parser, p.type()), file.toString());
      }
    } catch (IOException e) {
      throw new ConversionException(file + ": cannot read parameters: " + firstLine(e), e);
    }
    return this;
  }

  /**
   * The value as the file wrote it, for the same checks as {@code -p}: a String keeps its text
   * ({@code 1.50}, {@code 0x10}), a floating-point number too large or too small for its type is
   * refused instead of running as Infinity or 0. An integer is the one YAML means ({@code 0x10} is
   * 16), and YAML's {@code .inf} and {@code .nan} are Java's Infinity and NaN.
   */
  private static String valueText(JsonParser parser, ParameterType type) throws IOException {
    JsonToken token = parser.currentToken();
    if (type == ParameterType.STRING || !token.isNumeric()) {
      return parser.getText();
    }
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getNumberValue().toString();
    }
    String text = parser.getText();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.matches("[-+]?\\.inf")) {
      return (lower.startsWith("-") ? "-" : "") + "Infinity";
    }
    return lower.equals(".nan") ? "NaN" : text;
  }

  /** Applies {@code name=value} assignments in order. */
  public ParameterValues withAssignments(List<String> assignments) {
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new ConversionException(
            "-p " + assignment + ": expected name=value, e.g. -p epochs=5");
      }
      Parameter p = require(assignment.substring(0, eq).strip(), "-p");
      set(p, assignment.substring(eq + 1), "-p " + assignment);
    }
    return this;
  }

  /** The resolved value of each parameter, in declaration order. */
  public Map<String, Object> values() {
    return new LinkedHashMap<>(values);
  }

  /** The replacement for the parameters cell: one declaration per parameter with its value. */
  public String declarations() {
    List<String> lines = new ArrayList<>();
    for (Parameter p : parameters) {
      lines.add(p.declaration(values.get(p.name())));
    }
    return String.join("\n", lines);
  }

  private Parameter require(String name, String where) {
    for (Parameter p : parameters) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    List<String> names = parameters.stream().map(Parameter::name).toList();
    throw new ConversionException(
        where
            + ": unknown parameter "
            + name
            // Said for a pipeline run and for a notebook's smoke parameters alike.
            + (names.isEmpty()
                ? "; there is no parameters cell"
                : "; the parameters cell declares " + String.join(", ", names)));
  }

  private void set(Parameter p, String text, String where) {
    try {
      values.put(p.name(), p.type().parse(text));
    } catch (IllegalArgumentException e) {
      throw new ConversionException(
          where + ": parameter " + p.name() + " is " + p.type().javaName() + ": " + e.getMessage());
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
