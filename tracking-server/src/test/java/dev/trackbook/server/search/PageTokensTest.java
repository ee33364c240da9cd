package dev.trackbook.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokensTest {

  @Test
  void roundTripsTheOffsetForTheSameQuery() {
    String token = PageTokens.encode(300, "runs", List.of("1", "2"), "metrics.a > 1");
    assertThat(PageTokens.decode(token, "runs", List.of("1", "2"), "metrics.a > 1")).isEqualTo(300);
    assertThat(PageTokens.decode(null, "anything")).isZero();
    assertThat(PageTokens.decode("", "anything")).isZero();
  }

  @Test
  void isOpaqueBase64OfJson() {
    String token = PageTokens.encode(7, "q");
    String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"offset\":7,\"query\":\"");
  }

  @Test
  void rejectsATokenOfAnotherQuery() {
    String token = PageTokens.encode(10, "runs", List.of("1"), "a");
    assertThatThrownBy(() -> PageTokens.decode(token, "runs", List.of("1"), "b"))
        .hasMessageContaining("page_token");
    assertThatThrownBy(() -> PageTokens.decode(token, "runs", List.of("1", "2"), "a"))
        .hasMessageContaining("page_token");
    // list boundaries matter: ["ab","c"] is not ["a","bc"]
    String lists = PageTokens.encode(1, List.of("ab", "c"));
    assertThatThrownBy(() -> PageTokens.decode(lists, List.of("a", "bc")))
        .hasMessageContaining("page_token");
  }

  @Test
  void rejectsEditedAndGarbageTokens() {
    String token = PageTokens.encode(10, "q");
    String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    String edited =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(json.replace(":10,", ":1000,").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> PageTokens.decode(edited, "q")).hasMessageContaining("page_token");
    for (String garbage : List.of("%%%", "e30", "bm90IGpzb24", "' OR 1=1 --")) {
      assertThatThrownBy(() -> PageTokens.decode(garbage, "q")).hasMessageContaining("page_token");
    }
  }

  @Test
  void afterTokensRoundTripAndRejectEditsAndOtherQueries() {
    long[] position = {5, -7, Double.doubleToLongBits(-0.25), 1};
    String token = PageTokens.encodeAfter(position, "metric-history", "run", "loss");
    assertThat(PageTokens.decodeAfter(token, 4, "metric-history", "run", "loss"))
        .containsExactly(position);
    assertThat(PageTokens.decodeAfter(null, 4, "q")).isNull();
    assertThatThrownBy(() -> PageTokens.decodeAfter(token, 4, "metric-history", "run", "acc"))
        .hasMessageContaining("page_token");
    assertThatThrownBy(() -> PageTokens.decodeAfter(token, 3, "metric-history", "run", "loss"))
        .hasMessageContaining("page_token");
    String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    String edited =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(json.replace("\"5:", "\"6:").getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> PageTokens.decodeAfter(edited, 4, "metric-history", "run", "loss"))
        .hasMessageContaining("page_token");
    // an offset token is not an after token, and the other way round
    assertThatThrownBy(() -> PageTokens.decodeAfter(PageTokens.encode(5, "q"), 4, "q"))
        .hasMessageContaining("page_token");
    assertThatThrownBy(() -> PageTokens.decode(token, "metric-history", "run", "loss"))
        .hasMessageContaining("page_token");
  }
}
