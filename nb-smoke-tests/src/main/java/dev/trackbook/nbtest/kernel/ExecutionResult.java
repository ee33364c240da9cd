package dev.trackbook.nbtest.kernel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What one cell's execution produced.
 *
 * @param status {@code ok}, {@code error}, {@code aborted}, or {@code timeout} when the cell ran
 *     past its time limit and was interrupted
 * @param outputs nbformat 4 output objects (stream, display_data, execute_result, error), in
 *     arrival order
 * @param ename error name when status is error, else null
 * @param evalue error value when status is error, else null
 * @param traceback the kernel's traceback lines (user frames for our kernel)
 */
public record ExecutionResult(
    String status,
    Integer executionCount,
    List<ObjectNode> outputs,
    String ename,
    String evalue,
    List<String> traceback) {

  public boolean ok() {
    return "ok".equals(status);
  }

  /** All stream text and text/plain results joined, for assertions and messages. */
  public String text() {
    return text(true, true);
  }

  /** What the cell showed but its stderr: its stdout and the text/plain of its results. */
  public String stdout() {
    return text(true, false);
  }

  /** What the cell printed to stderr. */
  public String stderr() {
    return text(false, true);
  }

  private String text(boolean shown, boolean stderr) {
    StringBuilder sb = new StringBuilder();
    for (ObjectNode o : outputs) {
      switch (o.path("output_type").asText()) {
        case "stream" -> {
          if ("stderr".equals(o.path("name").asText()) ? stderr : shown) {
            sb.append(o.path("text").asText());
          }
        }
        case "execute_result", "display_data" -> {
          if (shown) {
            sb.append(o.path("data").path("text/plain").asText()).append('\n');
          }
        }
        default -> {}
      }
    }
    return sb.toString();
  }
}
