package dev.trackbook.client.flush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.client.journal.JournalChunk;
import dev.trackbook.client.journal.JournalEntry;
import dev.trackbook.client.journal.JournalPosition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingTest {

  @Test
  void aBatchStopsAtMlflowsMetricLimit() {
    List<JournalChunk.Positioned> entries = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      entries.add(at(i, new JournalEntry.MetricLogged("k", "loss", i, i, i)));
    }
    assertThat(Flusher.batchEnd(entries, 0, Flusher.MAX_METRICS)).isEqualTo(1000);
    assertThat(Flusher.batchEnd(entries, 2000, Flusher.MAX_METRICS)).isEqualTo(2500);
    assertThat(Flusher.batchEnd(entries, 0, 250)).isEqualTo(250); // after a timed-out call
  }

  @Test
  void aBatchStopsAtMlflowsParamAndTagLimits() {
    List<JournalChunk.Positioned> params = new ArrayList<>();
    List<JournalChunk.Positioned> tags = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      params.add(at(i, new JournalEntry.ParamLogged("k", "p" + i, "v")));
      tags.add(at(i, new JournalEntry.TagSet("k", "t" + i, "v")));
    }
    assertThat(Flusher.batchEnd(params, 0, Flusher.MAX_METRICS)).isEqualTo(100);
    assertThat(Flusher.batchEnd(tags, 0, Flusher.MAX_METRICS)).isEqualTo(100);
  }

  @Test
  void aBatchStopsAtAnotherRunARunBoundaryOrARepeatedKey() {
    List<JournalChunk.Positioned> entries =
        List.of(
            at(0, new JournalEntry.MetricLogged("a", "loss", 1, 1, 0)),
            at(1, new JournalEntry.TagSet("a", "phase", "warmup")),
            at(2, new JournalEntry.ParamLogged("a", "lr", "0.1")),
            at(3, new JournalEntry.TagSet("a", "phase", "train")), // same tag again: new call
            at(4, new JournalEntry.MetricLogged("b", "loss", 1, 1, 0)),
            at(5, new JournalEntry.RunEnded("b", "FINISHED", 9)));
    assertThat(Flusher.batchEnd(entries, 0, Flusher.MAX_METRICS)).isEqualTo(3);
    assertThat(Flusher.batchEnd(entries, 3, Flusher.MAX_METRICS)).isEqualTo(4);
    assertThat(Flusher.batchEnd(entries, 4, Flusher.MAX_METRICS)).isEqualTo(5);
  }

  private static JournalChunk.Positioned at(int i, JournalEntry entry) {
    return new JournalChunk.Positioned(entry, new JournalPosition(1, i + 1));
  }
}
