package dev.trackbook.magics.args;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MagicTokenizerTest {

  @Test
  void whitespaceSeparatesAndQuotesGroup() {
    assertThat(MagicTokenizer.split("  a\tb   \"c d\" e\"f g\"  "))
        .containsExactly("a", "b", "c d", "ef g");
  }

  @Test
  void emptyQuotesGiveAnEmptyWord() {
    assertThat(MagicTokenizer.split("k= \"\"")).containsExactly("k=", "");
  }

  @Test
  void backslashEscapesQuotesAndItselfOnly() {
    assertThat(MagicTokenizer.split("\"say \\\"hi\\\"\" C:\\data a\\\\b"))
        .containsExactly("say \"hi\"", "C:\\data", "a\\b");
  }

  @Test
  void singleQuotesAreOrdinary() {
    assertThat(MagicTokenizer.split("params.x = 'a b'"))
        .containsExactly("params.x", "=", "'a", "b'");
  }

  @Test
  void theTokensKnowTheTextTheyCameFrom() {
    MagicTokenizer.Tokens t =
        MagicTokenizer.split("  note he said \"hi there\"   loudly; C:\\tmp\\x\t");
    assertThat(t).containsExactly("note", "he", "said", "hi there", "loudly;", "C:\\tmp\\x");
    assertThat(t.from(1)).isEqualTo("he said \"hi there\"   loudly; C:\\tmp\\x");
    assertThat(t.from(3)).isEqualTo("\"hi there\"   loudly; C:\\tmp\\x");
    // One quoted token is its content.
    assertThat(MagicTokenizer.split("\"my experiment\"").from(0)).isEqualTo("my experiment");
    assertThat(MagicTokenizer.split("a \"\"").from(1)).isEmpty();
  }
}
