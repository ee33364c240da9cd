package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MavenMagicTest {

  private final MavenMagic magic = new MavenMagic("maven");

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %maven COORDINATES...

            Add Maven artifacts (and their dependencies) to the classpath.

            Arguments:
              COORDINATES  group:artifact:version
            """);
  }

  @Test
  void coordinates() {
    assertThat(magic.coordinates(parse(magic, "g:a:1.0 g:a:jar:linux:2")))
        .containsExactly("g:a:1.0", "g:a:jar:linux:2");
    assertUsageError(magic, "g:a", "%maven: expected group:artifact:version, got 'g:a'");
    assertUsageError(magic, "", "%maven: missing COORDINATES (usage: %maven COORDINATES...)");
  }
}
