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

  private static int depthAtPercent(String source) {
    return JavaText.braceDepth(source, source.lastIndexOf('%'));
  }

  @Test
  void braceDepthCountsBlocksButNotBracesInTextOrComments() {
    assertThat(depthAtPercent("double x = 1;\n%metric x=x")).isZero();
    assertThat(depthAtPercent("for (;;) {\n  %metric x=x\n}")).isEqualTo(1);
    assertThat(depthAtPercent("class A { void m() {\n  %metric x=x")).isEqualTo(2);
    assertThat(depthAtPercent("if (a) { b(); }\n%metric x=x")).isZero();
    assertThat(depthAtPercent("String s = \"{{\"; char c = '{'; // {\n/* { */ %metric x=x"))
        .isZero();
    assertThat(depthAtPercent("String t = \"\"\"\n  {\n  \"\"\";\n%metric x=x")).isZero();
    assertThat(depthAtPercent("}\n%metric x=x")).isZero(); // a stray brace does not go below 0
  }

  private static boolean continues(String before) {
    return JavaText.continuesExpression(before, before.length());
  }

  @Test
  void aPercentAfterANameNumberLiteralOrBracketContinuesAnExpression() {
    assertThat(continues("int r = total\n  ")).isTrue();
    assertThat(continues("x = a[1] /* c */\n  ")).isTrue();
    assertThat(continues("s = \"a\"\n")).isTrue();
    assertThat(continues("int a = 1;\n")).isFalse();
    assertThat(continues("for (;;) {\n")).isFalse();
    assertThat(continues("if (ready)\n")).isFalse();
    assertThat(continues("")).isFalse();
    assertThat(continues("x = 1; // total\n")).isFalse();
    assertThat(continues("if (a) b();\nelse\n")).isFalse();
    assertThat(continues("do\n")).isFalse();
    assertThat(continues("int r = undo\n")).isTrue();
  }

  private static boolean bracelessBody(String source) {
    return JavaText.bracelessBody(source, source.lastIndexOf('%'));
  }

  @Test
  void aLineAfterAControlHeaderWithoutBracesIsItsBody() {
    assertThat(bracelessBody("if (i % 2 == 0)\n  %metric x=i")).isTrue();
    assertThat(bracelessBody("for (int i = 0; i < 3; i++) // each\n  %metric x=i")).isTrue();
    assertThat(bracelessBody("if (a) b();\nelse\n  %metric x=i")).isTrue();
    assertThat(bracelessBody("do\n  %metric x=i")).isTrue();
    assertThat(bracelessBody("if (a) {\n  %metric x=i")).isFalse();
    assertThat(bracelessBody("b();\n%metric x=i")).isFalse();
    assertThat(bracelessBody("%metric x=i")).isFalse();
    assertThat(bracelessBody("String s = \"else\";\n%metric x=i")).isFalse();
  }
}
