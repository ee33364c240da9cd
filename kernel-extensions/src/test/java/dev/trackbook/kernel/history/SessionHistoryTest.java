package dev.trackbook.kernel.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session's cells as history_request reads them, with IPython's semantics. */
class SessionHistoryTest {

  private static SessionHistory fourCells() {
    SessionHistory h = new SessionHistory();
    h.record(1, "int a = 1;", null);
    h.record(2, "a + 1", "2");
    // 3 was a request not stored in history (store_history false)
    h.record(4, "%metric acc=a", null);
    h.record(5, "a + 1", "2");
    return h;
  }

  private static List<Integer> lines(List<SessionHistory.Entry> entries) {
    return entries.stream().map(SessionHistory.Entry::line).toList();
  }

  @Test
  void tailIsTheLastCellsOldestFirst() {
    assertThat(lines(fourCells().tail(2))).containsExactly(4, 5);
    assertThat(lines(fourCells().tail(100))).containsExactly(1, 2, 4, 5);
    assertThat(new SessionHistory().tail(10)).isEmpty();
  }

  @Test
  void rangeCountsLinesAsIPythonDoesForTheCurrentSession() {
    SessionHistory h = fourCells();
    assertThat(lines(h.range(0, 1, 0))).as("stop 0: to the end").containsExactly(1, 2, 4, 5);
    assertThat(lines(h.range(0, 2, 5))).as("stop excluded").containsExactly(2, 4);
    assertThat(lines(h.range(0, -2, 0))).as("counted back from the end").containsExactly(4, 5);
    assertThat(lines(h.range(0, 1, -1))).containsExactly(1, 2, 4);
    assertThat(lines(h.range(0, 1, 99))).containsExactly(1, 2, 4, 5);
    assertThat(h.range(-1, 1, 0)).as("no earlier session is kept").isEmpty();
    assertThat(h.range(0, 1, 0).get(1)).isEqualTo(new SessionHistory.Entry(2, "a + 1", "2"));
  }

  @Test
  void searchMatchesTheWholeInputWithAGlob() {
    SessionHistory h = fourCells();
    assertThat(lines(h.search("a + ?", 0, false))).containsExactly(2, 5);
    assertThat(lines(h.search("a + ?", 1, false))).as("the last n").containsExactly(5);
    assertThat(lines(h.search("a + ?", 0, true)))
        .as("each input once, its last")
        .containsExactly(5);
    assertThat(lines(h.search("%*", 0, false))).containsExactly(4);
    assertThat(lines(h.search("int", 0, false))).as("whole input").isEmpty();
    assertThat(lines(h.search("*", 0, false))).containsExactly(1, 2, 4, 5);
    assertThat(lines(h.search("[ai]*", 0, false))).containsExactly(1, 2, 5);
    assertThat(lines(h.search("[^a]*", 0, false))).containsExactly(1, 4);
    assertThat(lines(h.search("*acc=[a-c]", 0, false))).containsExactly(4);
    assertThat(h.search("[z-a]*", 0, false)).isEmpty();
    assertThat(lines(h.search("A*", 0, false))).as("case-sensitive").isEmpty();
  }

  @Test
  void aGlobMatchesAcrossLinesAndTakesRegexCharactersLiterally() {
    assertThat(SessionHistory.glob("for*}").matcher("for (;;) {\n}").matches()).isTrue();
    assertThat(SessionHistory.glob("a.b").matcher("axb").matches()).isFalse();
    assertThat(SessionHistory.glob("[]x]").matcher("]").matches()).isTrue();
    assertThat(SessionHistory.glob("[a-]").matcher("-").matches()).isTrue();
    assertThat(SessionHistory.glob("[\\d]").matcher("d").matches()).isTrue();
    assertThat(SessionHistory.glob("[ab").matcher("[ab").matches()).isTrue();
  }

  @Test
  void theReplyCarriesStatusOkAndTuplesAsTheSpecWritesThem() {
    List<SessionHistory.Entry> cells = fourCells().range(0, 1, 3);
    assertThat(json(new HistoryReplyContent(cells, false)))
        .isEqualTo(
            JsonParser.parseString(
                "{\"status\":\"ok\",\"history\":[[0,1,\"int a = 1;\"],[0,2,\"a + 1\"]]}"));
    assertThat(json(new HistoryReplyContent(cells, true)))
        .isEqualTo(
            JsonParser.parseString(
                "{\"status\":\"ok\",\"history\":"
                    + "[[0,1,[\"int a = 1;\",null]],[0,2,[\"a + 1\",\"2\"]]]}"));
  }

  // As jjava sends a reply's content: Gson on its runtime class.
  private static JsonElement json(Object content) {
    return JsonParser.parseString(new Gson().toJson(content));
  }
}
