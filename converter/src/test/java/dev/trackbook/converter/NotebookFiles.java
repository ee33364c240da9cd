package dev.trackbook.converter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes small Java notebooks for tests: {@code cell("id", "source", "tag"...)}. */
public final class NotebookFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private NotebookFiles() {}

  /** One code cell; a source starting with "md:" makes a markdown cell. */
  public record TestCell(String id, String source, List<String> tags) {}

  public static TestCell cell(String id, String source, String... tags) {
    return new TestCell(id, source, List.of(tags));
  }

  public static Path write(Path file, TestCell... cells) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("cells");
    for (TestCell c : cells) {
      ObjectNode node = array.addObject();
      boolean markdown = c.source().startsWith("md:");
      node.put("cell_type", markdown ? "markdown" : "code");
      node.put("id", c.id());
      ObjectNode metadata = node.putObject("metadata");
      if (!c.tags().isEmpty()) {
        ArrayNode tags = metadata.putArray("tags");
        c.tags().forEach(tags::add);
      }
      node.put("source", markdown ? c.source().substring(3) : c.source());
      if (!markdown) {
        node.putNull("execution_count");
        node.putArray("outputs");
      }
    }
    ObjectNode kernelspec = root.putObject("metadata").putObject("kernelspec");
    kernelspec.put("display_name", "Java (Trackbook)");
    kernelspec.put("language", "java");
    kernelspec.put("name", "trackbook");
    root.put("nbformat", 4);
    root.put("nbformat_minor", 5);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return file;
  }
}
