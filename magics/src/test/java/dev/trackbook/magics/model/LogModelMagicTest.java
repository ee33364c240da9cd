package dev.trackbook.magics.model;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.expression;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogModelMagicTest {

  private final LogModelMagic magic = new LogModelMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %log_model NAME [MODEL]

            Log a model with its descriptor (signature, example input, metrics, hash) to the
            active run. Value: its URI runs:/RUN_ID/NAME.

            Arguments:
              NAME   the model's name: its artifact directory and registry name
              MODEL  the variable holding the model (default: model)
            """);
  }

  @Test
  void nameAndModelVariable() {
    assertThat(expression(magic, "mlp")).isEqualTo("Tracking.logModel(model, \"mlp\")");
    assertThat(expression(magic, "iris-mlp trainer.model"))
        .isEqualTo("Tracking.logModel(trainer.model, \"iris-mlp\")");
  }

  @Test
  void mistakes() {
    assertUsageError(magic, "", "%log_model: missing NAME (usage: %log_model NAME [MODEL])");
    assertUsageError(
        magic,
        "a/b",
        "%log_model: model name 'a/b' must be letters, digits, '_', '.' or '-' (no '/')");
    assertUsageError(magic, "mlp 1x", "%log_model: MODEL must be a variable name, not '1x'");
    assertUsageError(
        magic,
        "mlp m extra",
        "%log_model: unexpected argument 'extra' (usage: %log_model NAME [MODEL])");
  }
}
