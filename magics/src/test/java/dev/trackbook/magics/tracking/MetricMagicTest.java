package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricMagicTest {

  private final MetricMagic magic = new MetricMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %metric KEY=VALUE... [step=N]

            Log metric values to the active run (a run starts by itself on the first log).

            Arguments:
              KEY=VALUE  metric name and value: a number, or a Java variable or field holding one
              step=N     the values' step, a whole number or a variable holding one (default: next per key)
            """);
  }

  @Test
  void numbersAndVariables() {
    assertThat(statements(magic, "acc=0.9 n=3 loss=history.last"))
        .isEqualTo(
            """
            Tracking.metric("acc", 0.9);
            Tracking.metric("n", 3);
            Tracking.metric("loss", history.last);""");
  }

  @Test
  void stepMayComeAnywhere() {
    assertThat(statements(magic, "step=4 acc=1")).isEqualTo("Tracking.metric(\"acc\", 1, 4L);");
  }

  @Test
  void stepMayBeAVariable() {
    assertThat(statements(magic, "loss=loss step=epoch"))
        .isEqualTo("Tracking.metric(\"loss\", loss, epoch);");
    assertThat(statements(magic, "acc=1 step=state.batch"))
        .isEqualTo("Tracking.metric(\"acc\", 1, state.batch);");
  }

  @Test
  void mistakes() {
    assertUsageError(magic, "acc", "%metric: expected key=value, got 'acc'");
    assertUsageError(
            magic,
            "acc=90%",
            "%metric: value of 'acc' must be a number or a variable name, got '90%'")
        .hasToString(
            "UsageError: %metric: value of 'acc' must be a number or a variable name, got '90%'");
    assertUsageError(
        magic, "acc=1+2", "%metric: value of 'acc' must be a number or a variable name, got '1+2'");
    assertUsageError(
        magic,
        "acc=1 step=1.5",
        "%metric: step must be a whole number or a variable name, got '1.5'");
    assertUsageError(magic, "acc=1e400", "%metric: value of 'acc' is not a finite number: 1e400");
    assertUsageError(magic, "acc=1 step=1 step=2", "%metric: step given twice");
    assertUsageError(
        magic, "step=1", "%metric: expected key=value (usage: %metric KEY=VALUE... [step=N])");
    assertUsageError(
        magic,
        "a*b=1",
        "%metric: metric key 'a*b' is invalid: use letters, digits, '_', '-', '.', ' ', ':' and"
            + " '/'");
    assertUsageError(
        magic,
        "a//b=1",
        "%metric: metric key 'a//b' is invalid: it must be a relative path"
            + " without empty parts");
  }

  @Test
  void keysAndVariablesAsTrackingMetricTakesThem() {
    // MLflow's names are Unicode letters and digits, with colons since 2.x: the client and the
    // server take these, so the magic must too.
    assertThat(statements(magic, "précision=précision val:loss=0.25 学习率=1e-3"))
        .isEqualTo(
            """
            Tracking.metric("précision", précision);
            Tracking.metric("val:loss", 0.25);
            Tracking.metric("学习率", 0.001);""");
  }
}
