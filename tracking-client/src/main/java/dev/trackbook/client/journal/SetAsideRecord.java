package dev.trackbook.client.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A record the server failed on every time while it served others, as one line of a slot's
 * set-aside.jsonl: when it was set aside, the server's message, the run's server-side id, the
 * record's type and fields, and for an artifact the path of its copy.
 *
 * @param runId null when the run was not known on the server
 * @param file an artifact's copy; null for other records
 */
public record SetAsideRecord(
    long setAsideAt, String error, String runId, JournalEntry entry, Path file) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The line as set-aside.jsonl keeps it. */
  public String toLine() throws JsonProcessingException {
    ObjectNode line = JSON.createObjectNode();
    line.put("set_aside_at", setAsideAt);
    line.put("error", error);
    line.put("run_id", runId);
    line.put("type", entry.getClass().getSimpleName());
    line.set("record", JSON.valueToTree(entry));
    if (file != null) {
      line.put("file", file.toString());
    }
    return JSON.writeValueAsString(line);
  }

  /**
   * Reads one line of set-aside.jsonl.
   *
   * @throws IOException naming what is wrong with a line that is no such record (edited by hand)
   */
  public static SetAsideRecord parse(String line) throws IOException {
    JsonNode node = JSON.readTree(line);
    if (node == null || !node.isObject()) {
      throw new IOException("not a JSON object");
    }
    String type = node.path("type").asText();
    for (Class<?> kind : JournalEntry.class.getPermittedSubclasses()) {
      if (kind.getSimpleName().equals(type)) {
        JournalEntry entry = (JournalEntry) JSON.treeToValue(node.path("record"), kind);
        return new SetAsideRecord(
            node.path("set_aside_at").asLong(),
            node.path("error").asText(""),
            node.hasNonNull("run_id") ? node.get("run_id").asText() : null,
            entry,
            node.hasNonNull("file") ? Path.of(node.get("file").asText()) : null);
      }
    }
    throw new IOException("no record type '" + type + "'");
  }

  /** For a one-line message: {@code metric 'loss' (step 3) of run 1a2b...}. */
  public String describe() {
    return JournalEntry.describe(entry) + (runId == null ? "" : " of run " + runId);
  }
}
