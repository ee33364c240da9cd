package dev.trackbook.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.LifecycleStage;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.RunData;
import dev.trackbook.server.model.RunInfo;
import dev.trackbook.server.model.RunStatus;
import dev.trackbook.server.model.Tag;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineageTest {

  private static Run child() {
    return new Run(
        new RunInfo(
            "child", "child", "0", "u", RunStatus.FINISHED, 1, 2L, "a", LifecycleStage.ACTIVE),
        new RunData(
            List.of(),
            List.of(),
            List.of(
                new Tag("mlflow.parentRunId", "parent"),
                new Tag("mlflow.source.name", "notebooks/a.ipynb"))),
        List.of());
  }

  @Test
  void aParentThatIsGoneEndsTheWalk() {
    List<Tag> tags =
        Lineage.of(
            child(),
            id -> {
              throw new TrackingException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "no run " + id);
            });
    assertThat(tags).extracting(Tag::key).contains(Lineage.NOTEBOOK);
  }

  @Test
  void anyOtherErrorReadingAParentFailsRatherThanDropLineage() {
    // a busy database is not "no parent": a version registered then would lack its lineage for good
    assertThatThrownBy(
            () ->
                Lineage.of(
                    child(),
                    id -> {
                      throw new TrackingException(ErrorCode.TEMPORARILY_UNAVAILABLE, "busy");
                    }))
        .isInstanceOf(TrackingException.class)
        .hasMessage("busy");
  }
}
