package dev.trackbook.converter.notebook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The sha256 of a notebook's canonical inputs: for each cell its type, id, source and tags, in
 * order, as compact JSON with a fixed key order. Outputs, execution counts and other metadata are
 * left out, so re-running a notebook does not make its pipeline stale.
 */
public final class InputHash {

  private static final ObjectMapper JSON = new ObjectMapper();

  private InputHash() {}

  /** Lower-case hex sha256 of {@link #canonical(Notebook)}. */
  public static String of(Notebook notebook) {
    return sha256(canonical(notebook));
  }

  /** The canonical text the hash covers. */
  public static String canonical(Notebook notebook) {
    ArrayNode cells = JSON.createArrayNode();
    for (Cell cell : notebook.cells()) {
      ObjectNode node = cells.addObject();
      node.put("cell_type", cell.type().jsonName());
      node.put("id", cell.id());
      node.put("source", cell.source());
      ArrayNode tags = node.putArray("tags");
      cell.tags().forEach(tags::add);
    }
    try {
      return JSON.writeValueAsString(cells);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize notebook inputs", e);
    }
  }

  /** Lower-case hex sha256 of UTF-8 {@code text}. */
  public static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
