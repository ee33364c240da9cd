package dev.trackbook.converter.notebook;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a notebook's inputs as nbformat 4.5 JSON laid out the way Jupyter saves it (one-space
 * indent, sorted keys, sources as lists of lines), so a notebook restored from a pipeline diffs
 * cleanly against the original.
 */
public final class IpynbWriter {

  private final ObjectMapper json =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The notebook as JSON text ending with a newline; outputs are empty. */
  public String write(Notebook notebook) {
    ObjectNode root = json.createObjectNode();
    ArrayNode cells = root.putArray("cells");
    for (Cell cell : notebook.cells()) {
      cells.add(cellNode(cell));
    }
    ObjectNode metadata = root.putObject("metadata");
    if (!notebook.kernelspec().isEmpty()) {
      ObjectNode spec = metadata.putObject("kernelspec");
      new TreeMap<>(notebook.kernelspec()).forEach(spec::put);
    }
    metadata.putObject("language_info").put("name", "java");
    root.put("nbformat", 4);
    // Minor 5 is the first with cell ids (nbformat 4.5).
    root.put("nbformat_minor", 5);
    try {
      Object sorted = json.treeToValue(root, Map.class);
      return json.writer(new JupyterPrettyPrinter()).writeValueAsString(sorted) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ObjectNode cellNode(Cell cell) {
    ObjectNode node = json.createObjectNode();
    node.put("cell_type", cell.type().jsonName());
    if (cell.id() != null) {
      node.put("id", cell.id());
    }
    ObjectNode metadata = node.putObject("metadata");
    if (!cell.tags().isEmpty()) {
      ArrayNode tags = metadata.putArray("tags");
      cell.tags().forEach(tags::add);
    }
    ArrayNode source = node.putArray("source");
    sourceLines(cell.source()).forEach(source::add);
    if (cell.type() == CellType.CODE) {
      node.putNull("execution_count");
      node.putArray("outputs");
    }
    return node;
  }

  /** Splits a source into Jupyter's list form: every line keeps its newline but the last. */
  static List<String> sourceLines(String source) {
    if (source.isEmpty()) {
      return List.of();
    }
    List<String> lines = new java.util.ArrayList<>();
    int start = 0;
    while (start < source.length()) {
      int newline = source.indexOf('\n', start);
      int end = newline < 0 ? source.length() : newline + 1;
      lines.add(source.substring(start, end));
      start = end;
    }
    return lines;
  }

  /** Jupyter's layout: one-space indent, {@code "key": value}, and {@code []} for empty lists. */
  private static final class JupyterPrettyPrinter extends DefaultPrettyPrinter {
    JupyterPrettyPrinter() {
      DefaultIndenter indenter = new DefaultIndenter(" ", "\n");
      indentObjectsWith(indenter);
      indentArraysWith(indenter);
      _objectFieldValueSeparatorWithSpaces = ": ";
    }

    JupyterPrettyPrinter(JupyterPrettyPrinter base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new JupyterPrettyPrinter(this);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      if (nrOfValues == 0) {
        _nesting--;
        g.writeRaw(']');
        return;
      }
      super.writeEndArray(g, nrOfValues);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      if (nrOfEntries == 0) {
        _nesting--;
        g.writeRaw('}');
        return;
      }
      super.writeEndObject(g, nrOfEntries);
    }
  }
}
