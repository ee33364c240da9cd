package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagMagicTest {

  private final TagMagic magic = new TagMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %tag KEY=VALUE...

            Set tags on the active run (a run starts by itself on the first log).

            Arguments:
              KEY=VALUE  tag name and text value; quote values with spaces: team="data science"
            """);
  }

  @Test
  void valuesAreAlwaysText() {
    assertThat(statements(magic, "stage=dev version=2 empty="))
        .isEqualTo(
            """
            Tracking.tag("stage", "dev");
            Tracking.tag("version", "2");
            Tracking.tag("empty", "");""");
  }

  @Test
  void mistakes() {
    assertUsageError(magic, "stage", "%tag: expected key=value, got 'stage'");
    assertUsageError(
        magic, "x=" + "v".repeat(8001), "%tag: value of 'x' is longer than 8000 characters");
    assertUsageError(
        magic,
        "k".repeat(251) + "=v",
        "%tag: key '" + "k".repeat(251) + "' is longer than 250 characters");
  }
}
