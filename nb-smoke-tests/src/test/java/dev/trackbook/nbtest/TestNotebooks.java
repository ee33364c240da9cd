package dev.trackbook.nbtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Writes small notebooks for the trackbook-java kernel: code cells with ids c0, c1, ... */
public final class TestNotebooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A code cell and its tags. */
  public record Cell(String source, List<String> tags) {
    public static Cell of(String source, String... tags) {
      return new Cell(source, List.of(tags));
    }
  }

  private TestNotebooks() {}

  /** Untagged code cells. */
  public static Path write(Path file, String... sources) throws IOException {
    return write(file, Arrays.stream(sources).map(Cell::of).toList());
  }

  public static Path write(Path file, List<Cell> cells) throws IOException {
    ObjectNode nb = JSON.createObjectNode();
    nb.put("nbformat", 4);
    nb.put("nbformat_minor", 5);
    ObjectNode meta = nb.putObject("metadata");
    meta.putObject("kernelspec")
        .put("name", "trackbook-java")
        .put("display_name", "Java (Trackbook)")
        .put("language", "java");
    meta.putObject("language_info").put("name", "java");
    ArrayNode array = nb.putArray("cells");
    for (int i = 0; i < cells.size(); i++) {
      ObjectNode cell = array.addObject();
      cell.put("cell_type", "code");
      cell.put("id", "c" + i);
      cell.put("source", cells.get(i).source());
      ArrayNode tags = cell.putObject("metadata").putArray("tags");
      cells.get(i).tags().forEach(tags::add);
      cell.putArray("outputs");
      cell.putNull("execution_count");
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, JSON.writeValueAsString(nb));
  }
}
