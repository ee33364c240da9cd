package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.expression;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExperimentMagicTest {

  private final ExperimentMagic magic = new ExperimentMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %experiment NAME

            Set the active experiment (created if missing); runs started later log to it.
            Value: the experiment id, or null while the server is unreachable.

            Arguments:
              NAME  experiment name; may contain spaces
            """);
  }

  @Test
  void nameMayHaveSpacesAndQuotes() {
    assertThat(expression(magic, "churn model v2"))
        .isEqualTo("Tracking.experiment(\"churn model v2\")");
    assertThat(statements(magic, "\"say \\\"hi\\\"\""))
        .isEqualTo("Tracking.experiment(\"say \\\"hi\\\"\");");
  }

  @Test
  void nameIsRequired() {
    assertUsageError(magic, "", "%experiment: missing NAME (usage: %experiment NAME)");
    assertUsageError(magic, "\"  \"", "%experiment: experiment name must not be empty");
    assertUsageError(
        magic,
        "x".repeat(257),
        "%experiment: experiment name '" + "x".repeat(37) + "...' is longer than 256 characters");
  }
}
