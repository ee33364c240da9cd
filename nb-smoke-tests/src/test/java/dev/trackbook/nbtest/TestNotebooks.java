package dev.trackbook.nbtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small notebooks for the trackbook-java kernel: code cells with ids c0, c1, ... */
public final class TestNotebooks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestNotebooks() {}

  public static Path write(Path file, String... sources) throws IOException {
    ObjectNode nb = JSON.createObjectNode();
    nb.put("nbformat", 4);
    nb.put("nbformat_minor", 5);
    nb.putObject("metadata")
        .putObject("kernelspec")
        .put("name", "trackbook-java")
        .put("language", "java");
    ArrayNode cells = nb.putArray("cells");
    for (int i = 0; i < sources.length; i++) {
      ObjectNode cell = cells.addObject();
      cell.put("cell_type", "code");
      cell.put("id", "c" + i);
      cell.put("source", sources[i]);
      cell.putObject("metadata");
      cell.putArray("outputs");
      cell.putNull("execution_count");
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, JSON.writeValueAsString(nb));
  }
}
