package dev.trackbook.magics.model;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.expression;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegisterMagicTest {

  private final RegisterMagic magic = new RegisterMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %register NAME [alias=ALIAS]

            Register the active run's logged model NAME as a new version in the model
            registry. Value: the version number.

            Arguments:
              NAME         the name the model was logged under (%log_model NAME)
              alias=ALIAS  point this alias (e.g. champion) at the new version
            """);
  }

  @Test
  void nameAndOptionalAlias() {
    assertThat(expression(magic, "mlp")).isEqualTo("Tracking.registerModel(\"mlp\", null)");
    assertThat(expression(magic, "mlp alias=champion"))
        .isEqualTo("Tracking.registerModel(\"mlp\", \"champion\")");
  }

  @Test
  void mistakes() {
    assertUsageError(magic, "", "%register: missing NAME (usage: %register NAME [alias=ALIAS])");
    assertUsageError(
        magic,
        "mlp alias=v3",
        "%register: alias 'v3' must be letters, digits, '_' or '-', and not latest or vN");
    assertUsageError(
        magic,
        "mlp alias=a.b",
        "%register: alias 'a.b' must be letters, digits, '_' or '-', and not latest or vN");
  }
}
