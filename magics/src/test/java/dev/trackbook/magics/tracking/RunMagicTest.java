package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.expression;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunMagicTest {

  private final RunMagic magic = new RunMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %run {start,end} [ARG]

            Start a run (nested under the active one, if any) or end the active run.
            A run also starts by itself on the first log. Value of start: the run id.

            Arguments:
              ACTION  what to do (one of: start, end)
              ARG     start: the run name; end: the status FINISHED (default), FAILED or KILLED
            """);
  }

  @Test
  void startHasTheRunIdAsValue() {
    assertThat(expression(magic, "start")).isEqualTo("Tracking.startRun(null).runId()");
    assertThat(statements(magic, "start \"fine tune\""))
        .isEqualTo("Tracking.startRun(\"fine tune\");");
  }

  @Test
  void endTakesAStatusInAnyCase() {
    assertThat(statements(magic, "end")).isEqualTo("Tracking.endRun();");
    assertThat(statements(magic, "end killed")).isEqualTo("Tracking.endRun(\"KILLED\");");
    assertThat(expression(magic, "end")).isNull();
  }

  @Test
  void mistakes() {
    assertUsageError(magic, "", "%run: missing ACTION (usage: %run {start,end} [ARG])");
    assertUsageError(magic, "begin", "%run: ACTION must be one of start, end, got 'begin'");
    assertUsageError(
        magic, "end DONE", "%run: status must be one of FINISHED, FAILED, KILLED, got 'DONE'");
    assertUsageError(
        magic, "start a b", "%run: unexpected argument 'b' (usage: %run {start,end} [ARG])");
  }
}
