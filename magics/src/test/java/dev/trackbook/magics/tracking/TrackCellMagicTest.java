package dev.trackbook.magics.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrackCellMagicTest {

  private final TrackCellMagic magic = new TrackCellMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %%track [NAME]

            Run the cell, then log its duration (metric track.NAME.duration_s) and the sha256 of its source
            (tag track.NAME.source_sha256) to the active run.

            Arguments:
              NAME       label in the metric and tag keys (default: cell)
              cell body  the Java code to run; its value is the cell's value
            """);
  }

  @Test
  void defaultNameIsCell() {
    String java = magic.toJava(magic.schema().parse(List.of()), "work();", "T").statements();
    assertThat(java)
        .contains("work();\nT.metric(\"track.cell.duration_s\"")
        .contains("T.tag(\"track.cell.source_sha256\", \"" + sha("work();") + "\");");
  }

  @Test
  void badNameIsRefused() {
    assertThatThrownBy(() -> magic.toJava(magic.schema().parse(List.of("a*b")), "x();", "T"))
        .hasMessage(
            "%%track: metric key 'track.a*b.duration_s' is invalid: use letters, digits, '_', '-',"
                + " '.', ' ', ':' and '/'");
  }

  private static String sha(String s) {
    return dev.trackbook.magics.provenance.SourceHash.sha256(s);
  }
}
