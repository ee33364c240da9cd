package dev.trackbook.converter.percent;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.notebook.CellType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A percent-format cell marker line: {@code // %% [markdown] id="abc" tags=["x"]}. The syntax is
 * jupytext's ({@code cell_metadata.py}: {@code metadata_to_double_percent_options} and {@code
 * parse_key_equal_value}): the cell type in brackets, then {@code key=value} pairs whose values are
 * JSON.
 *
 * @param type the cell type
 * @param id the nbformat cell id, or null
 * @param tags the cell tags
 * @param notebookOnly true for a code cell that only runs in the notebook ({@code active="ipynb"},
 *     jupytext's marker for a cell commented out in the script)
 */
record CellMarker(CellType type, String id, List<String> tags, boolean notebookOnly) {

  /** jupytext's {@code start_code_re} and {@code alternative_start_code_re} for {@code //}. */
  private static final Pattern START = Pattern.compile("^\\s*//\\s*%%(%*)\\s(.*)$");

  private static final Pattern ALTERNATIVE_START =
      Pattern.compile("^\\s*//\\s*(%%|<codecell>|In\\[[0-9 ]*\\]:?)\\s*$");

  private static final Pattern KEY = Pattern.compile("[a-zA-Z0-9_.@/-]+");

  private static final ObjectMapper JSON = new ObjectMapper();

  CellMarker {
    tags = List.copyOf(tags);
  }

  /** Whether jupytext would take {@code line} as the start of a new cell. */
  static boolean isMarker(String line) {
    return START.matcher(line).matches() || ALTERNATIVE_START.matcher(line).matches();
  }

  /**
   * The marker line. Options are in jupytext's order: the cell type, then the metadata keys sorted,
   * as jupytext sorts cell metadata when it saves a notebook; so a script that jupytext reads and
   * writes back keeps byte-identical markers.
   */
  String render() {
    List<String> options = new ArrayList<>();
    if (type != CellType.CODE) {
      options.add("[" + type.jsonName() + "]");
    }
    if (notebookOnly) {
      options.add("active=" + PythonJson.string("ipynb"));
    }
    if (id != null) {
      options.add("id=" + PythonJson.string(id));
    }
    if (!tags.isEmpty()) {
      options.add("tags=" + PythonJson.stringList(tags));
    }
    return options.isEmpty() ? "// %%" : "// %% " + String.join(" ", options);
  }

  /** Parses a line for which {@link #isMarker} is true; {@code where} prefixes errors. */
  static CellMarker parse(String line, String where) {
    var m = START.matcher(line);
    if (!m.matches()) {
      return new CellMarker(CellType.CODE, null, List.of(), false);
    }
    String text = m.group(2).strip();
    CellType type = CellType.CODE;
    for (var bracket : List.of("[markdown]", "[md]", "[raw]")) {
      if (text.startsWith(bracket)) {
        type = bracket.equals("[raw]") ? CellType.RAW : CellType.MARKDOWN;
        text = text.substring(bracket.length()).strip();
      }
    }
    String id = null;
    List<String> tags = List.of();
    boolean notebookOnly = false;
    int pos = 0;
    while (pos < text.length()) {
      var key = KEY.matcher(text).region(pos, text.length());
      if (!key.lookingAt() || key.end() >= text.length() || text.charAt(key.end()) != '=') {
        throw new ConversionException(
            where + ": cannot read the cell marker options \"" + text + "\"");
      }
      String name = key.group();
      int valueStart = key.end() + 1;
      JsonNode value;
      int consumed;
      try (JsonParser parser = JSON.getFactory().createParser(text.substring(valueStart))) {
        value = JSON.readTree(parser);
        consumed = (int) parser.currentLocation().getCharOffset();
      } catch (IOException e) {
        throw new ConversionException(
            where + ": the value of " + name + " in the cell marker is not JSON", e);
      }
      switch (name) {
        case "id" -> id = textValue(value, name, where);
        case "tags" -> tags = stringList(value, where);
        case "active" -> notebookOnly = textValue(value, name, where).equals("ipynb");
        default -> {
          // Other cell metadata is not an input we keep (see InputHash); jupytext may add some.
        }
      }
      pos = valueStart + consumed;
      while (pos < text.length() && text.charAt(pos) == ' ') {
        pos++;
      }
    }
    return new CellMarker(type, id, tags, notebookOnly);
  }

  private static String textValue(JsonNode value, String name, String where) {
    if (value == null || !value.isTextual()) {
      throw new ConversionException(where + ": " + name + " in the cell marker must be a string");
    }
    return value.asText();
  }

  private static List<String> stringList(JsonNode value, String where) {
    if (value == null || !value.isArray()) {
      throw new ConversionException(where + ": tags in the cell marker must be a list");
    }
    List<String> result = new ArrayList<>();
    for (JsonNode tag : value) {
      result.add(textValue(tag, "each tag", where));
    }
    return result;
  }
}
