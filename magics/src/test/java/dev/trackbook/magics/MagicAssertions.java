package dev.trackbook.magics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.magics.args.MagicTokenizer;
import dev.trackbook.magics.args.ParsedArgs;
import org.assertj.core.api.AbstractThrowableAssert;

/**
 * Shortcuts for magic tests: parse a line the way the kernel would and produce the pipeline Java.
 */
public final class MagicAssertions {

  private MagicAssertions() {}

  /** Parses {@code argumentText} with {@code magic}'s schema. */
  public static ParsedArgs parse(Magic magic, String argumentText) {
    return magic.schema().parse(MagicTokenizer.split(argumentText));
  }

  /** The pipeline statements for a line magic call. */
  public static String statements(Magic magic, String argumentText) {
    return magic.toJava(parse(magic, argumentText), null, "Tracking").statements();
  }

  /** The expression form, or null. */
  public static String expression(Magic magic, String argumentText) {
    return magic.toJava(parse(magic, argumentText), null, "Tracking").expression();
  }

  /** Asserts that the call is refused with exactly this one-line usage error. */
  public static AbstractThrowableAssert<?, ?> assertUsageError(
      Magic magic, String argumentText, String message) {
    return assertThatThrownBy(() -> statements(magic, argumentText))
        .isInstanceOf(MagicUsageException.class)
        .hasMessage(message)
        .hasNoCause();
  }
}
