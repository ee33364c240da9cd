package dev.trackbook.kernel.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The content of a {@code history_reply} (messaging spec, "History"): status {@code ok} and a list
 * of {@code (session, line, input)} tuples, or {@code (session, line, (input, output))} when the
 * request asked for output, the output null where a cell showed none (as IPython's). jjava's own
 * reply has no status, and the Gson it sends with writes its entries as objects, not tuples.
 */
public final class HistoryReplyContent {

  @SuppressWarnings("unused") // serialized by Gson
  private final String status = "ok";

  private final List<List<Object>> history;

  /**
   * @param entries the cells to send, in order
   * @param withOutput whether each input comes paired with its output
   */
  public HistoryReplyContent(List<SessionHistory.Entry> entries, boolean withOutput) {
    List<List<Object>> tuples = new ArrayList<>(entries.size());
    for (SessionHistory.Entry e : entries) {
      Object cell = withOutput ? Arrays.asList(e.input(), e.output()) : e.input();
      tuples.add(Arrays.asList(SessionHistory.CURRENT_SESSION, e.line(), cell));
    }
    this.history = tuples;
  }
}
