package dev.trackbook.nbtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parts of an nbformat 4 notebook a smoke test needs: its kernel and code cells with their
 * index, id, tags and metadata (https://nbformat.readthedocs.io/en/latest/format_description.html).
 */
public record NotebookFile(
    Path path, String kernelName, JsonNode metadata, List<Cell> cells, String name) {

  /** Named by its file name. */
  public NotebookFile(Path path, String kernelName, JsonNode metadata, List<Cell> cells) {
    this(path, kernelName, metadata, cells, path.getFileName().toString());
  }

  /**
   * The same notebook under another name, e.g. its relative path when two inputs share a file name:
   * tests, reports and failures name a notebook by {@link #name()}.
   */
  public NotebookFile withName(String otherName) {
    return new NotebookFile(path, kernelName, metadata, cells, otherName);
  }

  /** A cell; {@code index} counts all cells from 0, as Jupyter shows them. */
  public record Cell(
      int index, String id, String type, String source, Set<String> tags, JsonNode metadata) {
    public String firstLine() {
      String s = source.strip();
      int nl = s.indexOf('\n');
      return nl < 0 ? s : s.substring(0, nl);
    }

    /** Index and id: {@code cell 3 [a1b2]}. */
    public String name() {
      return "cell " + index + (id == null ? "" : " [" + id + "]");
    }

    /** How a failure names this cell: index, id and first line. */
    public String label() {
      return name() + ": " + firstLine();
    }
  }

  /**
   * How long the code cells took when the notebook was last run and saved, from the timing nbclient
   * (nbconvert, papermill) and JupyterLab's "record timing" write into each cell's {@code
   * metadata.execution}; empty when no cell has it. Only the cells' own times count, not the pauses
   * between cells of an interactive session.
   */
  public Optional<Duration> recordedRunTime() {
    Duration total = null;
    for (Cell c : cells) {
      if (!c.type().equals("code")) {
        continue;
      }
      JsonNode t = c.metadata().path("execution");
      Duration d = between(t, "iopub.execute_input", "shell.execute_reply");
      if (d == null) {
        d = between(t, "iopub.status.busy", "iopub.status.idle");
      }
      if (d != null) {
        total = total == null ? d : total.plus(d);
      }
    }
    return Optional.ofNullable(total);
  }

  private static Duration between(JsonNode timing, String startKey, String endKey) {
    try {
      Instant start = Instant.parse(timing.path(startKey).asText(""));
      Instant end = Instant.parse(timing.path(endKey).asText(""));
      return end.isBefore(start) ? null : Duration.between(start, end);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public static NotebookFile read(Path path, ObjectMapper json) throws IOException {
    if (!Files.exists(path)) {
      // A path given that is not there (a typo, a directory not made yet), said as a shell says it
      // rather than as java.io says it ("x (No such file or directory)").
      throw new IOException(path + ": no such file or directory");
    }
    JsonNode root;
    try {
      root = json.readTree(path.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException(path + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(root instanceof ObjectNode) || root.path("nbformat").asInt() != 4) {
      throw new IOException(path + " is not an nbformat 4 notebook");
    }
    JsonNode meta = root.path("metadata");
    String kernel = meta.path("kernelspec").path("name").asText(null);
    List<Cell> cells = new ArrayList<>();
    int i = 0;
    for (JsonNode c : root.path("cells")) {
      Set<String> tags = new TreeSet<>();
      c.path("metadata").path("tags").forEach(t -> tags.add(t.asText()));
      cells.add(
          new Cell(
              i++,
              c.path("id").asText(null),
              c.path("cell_type").asText(),
              source(c.path("source")),
              tags,
              c.path("metadata")));
    }
    return new NotebookFile(path, kernel, meta, List.copyOf(cells));
  }

  /** nbformat allows a source as one string or a list of lines. */
  static String source(JsonNode n) {
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder();
      n.forEach(l -> sb.append(l.asText()));
      return sb.toString();
    }
    return n.asText("");
  }
}
