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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a notebook's inputs as nbformat 4 JSON (4.5 with cell ids, 4.4 without) laid out the way
 * Jupyter saves it (one-space indent, sorted keys, sources as lists of lines), so a notebook
 * restored from a pipeline diffs cleanly against the original.
 */
public final class IpynbWriter {

  private final ObjectMapper json =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /** The notebook as JSON text ending with a newline; outputs are empty. */
  public String write(Notebook notebook) {
    ObjectNode root = json.createObjectNode();
    ArrayNode cells = root.putArray("cells");
    boolean withIds = notebook.cells().stream().anyMatch(c -> c.id() != null);
    Set<String> ids = new HashSet<>();
    notebook.cells().forEach(c -> ids.add(c.id()));
    for (Cell cell : notebook.cells()) {
      cells.add(cellNode(cell, withIds && cell.id() == null ? newId(ids) : cell.id()));
    }
    ObjectNode metadata = root.putObject("metadata");
    if (!notebook.kernelspec().isEmpty()) {
      ObjectNode spec = metadata.putObject("kernelspec");
      new TreeMap<>(notebook.kernelspec()).forEach(spec::put);
    }
    metadata.putObject("language_info").put("name", "java");
    root.put("nbformat", 4);
    // Cell ids are required from nbformat 4.5 on and invalid before. A notebook from before 4.5 (no
    // ids) stays 4.4, as nbformat keeps it when it reads and writes it: new random ids (jupytext's
    // way) would change its inputs, so converting it again would be a new pipeline version.
    root.put("nbformat_minor", withIds || notebook.cells().isEmpty() ? 5 : 4);
    try {
      Object sorted = json.treeToValue(root, Map.class);
      return json.writer(new JupyterPrettyPrinter()).writeValueAsString(sorted) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An id for a cell that lacks one in a notebook whose other cells have them, as nbformat's
   * validator adds it when it repairs such a notebook: 8 hex digits, unique in the notebook.
   */
  private static String newId(Set<String> taken) {
    while (true) {
      String id = UUID.randomUUID().toString().substring(0, 8);
      if (taken.add(id)) {
        return id;
      }
    }
  }

  private ObjectNode cellNode(Cell cell, String id) {
    ObjectNode node = json.createObjectNode();
    node.put("cell_type", cell.type().jsonName());
    if (id != null) {
      node.put("id", id);
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
