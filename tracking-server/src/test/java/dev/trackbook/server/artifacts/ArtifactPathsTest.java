package dev.trackbook.server.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactPathsTest {

  @ParameterizedTest
  @CsvSource({
    "'', ''",
    "a, a",
    "a/b/c.txt, a/b/c.txt",
    "a//b/, a/b",
    "1/0123abcd/artifacts/model.pkl, 1/0123abcd/artifacts/model.pkl",
    "..a/b.., ..a/b..",
    "a b/c+d.txt, a b/c+d.txt"
  })
  void keepsSafePathsInCanonicalForm(String path, String expected) {
    assertThat(ArtifactPaths.normalize(path)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "../x",
        "a/../../x",
        "a/..",
        "./a",
        "a/./b",
        "/etc/passwd",
        "C:/Windows",
        "c:x",
        "a\\..\\b",
        "a\u0000b",
        "a\nb",
        "%2e%2e/x",
        "a/%2E%2e",
        "a/..%2f..%2fx",
        "a/%5c"
      })
  void refusesPathsThatCouldLeaveTheRoot(String path) {
    assertThatThrownBy(() -> ArtifactPaths.normalize(path))
        .isInstanceOfSatisfying(
            TrackingException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage()).startsWith("Invalid artifact path");
            });
  }

  @org.junit.jupiter.api.Test
  void messagesShowControlCharactersEscaped() {
    assertThatThrownBy(() -> ArtifactPaths.normalize("a\u0000b")).hasMessageContaining("a\\u0000b");
  }
}
