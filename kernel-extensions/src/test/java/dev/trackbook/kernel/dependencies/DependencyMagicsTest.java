package dev.trackbook.kernel.dependencies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DependencyMagicsTest {

  @Test
  void adjacentMavenLinesBecomeOneAndTheCellKeepsItsLineCount() {
    assertThat(
            DependencyMagics.joinAdjacentMavenLines(
                "%maven a:b:1\n  %maven c:d:2  \nint x = 1;\n%maven e:f:3"))
        .isEqualTo("%maven a:b:1 c:d:2\n\nint x = 1;\n%maven e:f:3");
  }

  @Test
  void aCellWithWindowsLineEndsJoinsAlike() {
    assertThat(
            DependencyMagics.joinAdjacentMavenLines(
                "%maven a:b:1\r\n%maven c:d:2\r\nint x = 1;\r\n"))
        .isEqualTo("%maven a:b:1 c:d:2\n\nint x = 1;\r\n");
  }

  @Test
  void aMavenLineInsideAStringOrCommentIsText() {
    String cell = "String s = \"\"\"\n%maven a:b:1\n%maven c:d:2\n\"\"\";";
    assertThat(DependencyMagics.joinAdjacentMavenLines(cell)).isEqualTo(cell);
  }

  @Test
  void ijavasNamesForMavenJoinUnderTheFirstLinesName() {
    assertThat(
            DependencyMagics.joinAdjacentMavenLines(
                "%addMavenDependencies a:b:1\n%maven c:d:2\n%addMavenDependency e:f:3\nint x;"))
        .isEqualTo("%addMavenDependencies a:b:1 c:d:2 e:f:3\n\n\nint x;");
  }
}
