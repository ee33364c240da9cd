package dev.trackbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Telling code from literals and comments, for magics found inside text. */
class JavaTextTest {

  private static boolean insideAtPercent(String source) {
    return JavaText.insideLiteralOrComment(source, source.lastIndexOf('%'));
  }

  @Test
  void stringsCharsEscapesTextBlocksAndComments() {
    assertThat(insideAtPercent("printf(\"epoch=%d\", e)")).isTrue();
    assertThat(insideAtPercent("if (c == '\"') fmt = \"n=%d\";")).isTrue();
    assertThat(insideAtPercent("s = s.replace(\"\\\\\", \"/\"); f = \"x=%d\";")).isTrue();
    assertThat(insideAtPercent("String s = \"\\\\\"; var w = %where x")).isFalse();
    assertThat(insideAtPercent("String t = \"\"\"\n  lr=%s\n  \"\"\";")).isTrue();
    assertThat(insideAtPercent("String t = \"\"\"\n  a\n  \"\"\";\nvar x = %run")).isFalse();
    assertThat(insideAtPercent("int a = 1; // lr=%s")).isTrue();
    assertThat(insideAtPercent("/* x =\n %foo */ int b;")).isTrue();
    assertThat(insideAtPercent("/* c */ var x = %run start")).isFalse();
    assertThat(insideAtPercent("var s = \"unterminated\nvar x = %run")).isFalse();
  }
}
