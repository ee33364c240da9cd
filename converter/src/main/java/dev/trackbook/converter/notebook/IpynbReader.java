package dev.trackbook.converter.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.converter.ConversionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a Jupyter notebook file (nbformat 4,
 * https://nbformat.readthedocs.io/en/latest/format_description.html) into its inputs, refusing
 * anything the converter cannot turn into a Java pipeline: invalid JSON, nbformat 3 or older, or a
 * notebook for a kernel in another language.
 */
public final class IpynbReader {

  private final ObjectMapper json = new ObjectMapper();

  /** Reads and validates {@code file}; every problem is a {@link ConversionException} naming it. */
  public Notebook read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConversionException(file + ": no such notebook");
    } catch (IOException e) {
      throw new ConversionException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    return parse(text, file.toString());
  }

  /** Parses notebook JSON; {@code name} is only used in error messages. */
  public Notebook parse(String text, String name) {
    JsonNode root;
    try {
      root = json.readTree(text);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      String at =
          where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      // Jackson appends where the enclosing object started, with an internal source description.
      String message = e.getOriginalMessage();
      int detail = message.indexOf(" (start marker at");
      message = detail < 0 ? message : message.substring(0, detail);
      throw new ConversionException(
          name + ": not a notebook, invalid JSON" + at + ": " + message.strip(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ConversionException(name + ": not a notebook, the JSON is not an object");
    }
    JsonNode nbformat = root.get("nbformat");
    if (nbformat == null || nbformat.isNull()) {
      throw new ConversionException(name + ": not a notebook, it has no \"nbformat\" version");
    }
    if (!nbformat.isIntegralNumber() || !nbformat.canConvertToInt()) {
      // nbformat's schema wants an integer; "4" is refused by nbformat too.
      throw new ConversionException(
          name + ": not a notebook, \"nbformat\" must be a whole number like 4, not " + nbformat);
    }
    if (nbformat.asInt() != 4) {
      throw new ConversionException(
          name
              + ": nbformat "
              + nbformat.asText()
              + " is not supported, only nbformat 4 (open and save it in Jupyter to upgrade)");
    }
    JsonNode metadata = root.path("metadata");
    checkLanguage(metadata, name);
    JsonNode cellsNode = root.get("cells");
    if (cellsNode == null || !cellsNode.isArray()) {
      throw new ConversionException(name + ": not a notebook, \"cells\" is not a list");
    }
    List<Cell> cells = new ArrayList<>();
    for (int i = 0; i < cellsNode.size(); i++) {
      cells.add(readCell(cellsNode.get(i), i, name));
    }
    return new Notebook(cells, kernelspec(metadata));
  }

  private static void checkLanguage(JsonNode metadata, String name) {
    String kernelLanguage = metadata.path("kernelspec").path("language").asText("");
    String infoName = metadata.path("language_info").path("name").asText("");
    if (kernelLanguage.isEmpty() && infoName.isEmpty()) {
      throw new ConversionException(
          name
              + ": cannot tell the notebook's language (no metadata.kernelspec.language or"
              + " metadata.language_info.name); open it with the Java (Trackbook) kernel and save");
    }
    for (String language : List.of(kernelLanguage, infoName)) {
      if (!language.isEmpty() && !language.toLowerCase(Locale.ROOT).equals("java")) {
        throw new ConversionException(
            name + ": the notebook's language is " + language + ", only Java notebooks convert");
      }
    }
  }

  private static Map<String, String> kernelspec(JsonNode metadata) {
    Map<String, String> spec = new LinkedHashMap<>();
    metadata
        .path("kernelspec")
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isTextual()) {
                spec.put(field.getKey(), field.getValue().asText());
              }
            });
    return spec;
  }

  private static Cell readCell(JsonNode node, int index, String name) {
    String where = name + ": cell " + index;
    if (!node.isObject()) {
      throw new ConversionException(where + " is not a JSON object");
    }
    CellType type = CellType.fromJson(node.path("cell_type").asText(""));
    if (type == null) {
      throw new ConversionException(
          where + " has cell_type \"" + node.path("cell_type").asText("") + "\"");
    }
    JsonNode idNode = node.get("id");
    if (idNode != null && !idNode.isTextual()) {
      // nbformat's schema refuses it too; dropping it would lose the cell's identity silently.
      throw new ConversionException(
          where + ": its \"id\" must be a string (nbformat 4.5), not " + idNode);
    }
    String id = idNode == null ? null : idNode.asText();
    if (id != null) {
      where = where + " (id " + id + ")";
    }
    return new Cell(type, id, source(node.get("source"), where), tags(node, where));
  }

  // nbformat allows the source as one string or as a list of lines that keep their newlines.
  private static String source(JsonNode source, String where) {
    if (source == null) {
      throw new ConversionException(where + " has no source");
    }
    if (source.isTextual()) {
      return withLineFeeds(source.asText());
    }
    if (source.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode line : source) {
        if (!line.isTextual()) {
          throw new ConversionException(where + ": source lines must be strings");
        }
        text.append(line.asText());
      }
      return withLineFeeds(text.toString());
    }
    throw new ConversionException(where + ": source must be a string or a list of strings");
  }

  /**
   * A source saved on Windows may end its lines with CRLF (or a lone CR); they become LF here, as
   * jupytext's line splitting makes them, so everything after (the input hash, the script, its
   * read-back check) sees one kind of line end. An LF source is unchanged, and so is its hash.
   */
  private static String withLineFeeds(String text) {
    return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static List<String> tags(JsonNode cell, String where) {
    JsonNode tags = cell.path("metadata").get("tags");
    if (tags == null || tags.isNull()) {
      return List.of();
    }
    if (!tags.isArray()) {
      throw new ConversionException(where + ": metadata.tags must be a list of strings");
    }
    List<String> result = new ArrayList<>();
    for (JsonNode tag : tags) {
      if (!tag.isTextual()) {
        throw new ConversionException(where + ": metadata.tags must be a list of strings");
      }
      result.add(tag.asText());
    }
    return result;
  }
}
