package dev.trackbook.magics.args;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JavaLiteralsTest {

  @Test
  void stringLiteralsEscapeEverythingJavacWouldMisread() {
    assertThat(JavaLiterals.string("a\"b\\c\nd\te\u0001"))
        .isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    // A backslash-u in user text must not become a unicode escape in the generated source.
    assertThat(JavaLiterals.string("\\u000a")).isEqualTo("\"\\\\u000a\"");
    assertThat(JavaLiterals.string(null)).isEqualTo("null");
  }

  @Test
  void identifiers() {
    assertThat(JavaLiterals.isIdentifier("lr_2")).isTrue();
    assertThat(JavaLiterals.isIdentifier("2lr")).isFalse();
    assertThat(JavaLiterals.isIdentifier("var")).isFalse();
    assertThat(JavaLiterals.isQualifiedName("model.acc")).isTrue();
    assertThat(JavaLiterals.isQualifiedName("model.class")).isFalse();
  }
}
