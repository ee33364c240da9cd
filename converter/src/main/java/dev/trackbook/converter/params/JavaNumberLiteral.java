package dev.trackbook.converter.params;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A Java number literal with an optional sign, valued as javac values it (JLS 3.10.1 integer and
 * 3.10.2 floating-point literals): octal after a leading 0, hex, binary, underscores between
 * digits, type suffixes, and javac's refusals (too large, too small). A parameters cell's defaults
 * must be what the notebook computed, or the pipeline would run with other values than the notebook
 * did.
 *
 * @param type {@link ParameterType#INT}, {@link ParameterType#LONG}, {@link ParameterType#FLOAT} or
 *     {@link ParameterType#DOUBLE}: the literal's own type
 * @param value its value, an {@link Integer}, {@link Long}, {@link Float} or {@link Double}
 */
public record JavaNumberLiteral(ParameterType type, Number value) {

  private static final String DIGITS = "[0-9](?:[0-9_]*[0-9])?";
  private static final String HEX = "[0-9a-fA-F](?:[0-9a-fA-F_]*[0-9a-fA-F])?";
  private static final String EXPONENT = "[eE][-+]?" + DIGITS;
  private static final Pattern DECIMAL_FLOAT =
      Pattern.compile(
          DIGITS
              + "\\.(?:"
              + DIGITS
              + ")?(?:"
              + EXPONENT
              + ")?[fFdD]?|\\."
              + DIGITS
              + "(?:"
              + EXPONENT
              + ")?[fFdD]?|"
              + DIGITS
              + EXPONENT
              + "[fFdD]?|"
              + DIGITS
              + "[fFdD]");
  private static final Pattern HEX_FLOAT =
      Pattern.compile(
          "0[xX](?:" + HEX + "\\.?|(?:" + HEX + ")?\\." + HEX + ")[pP][-+]?" + DIGITS + "[fFdD]?");
  private static final Pattern DECIMAL_INT = Pattern.compile("(?:0|[1-9](?:[0-9_]*[0-9])?)[lL]?");
  private static final Pattern HEX_INT = Pattern.compile("0[xX]" + HEX + "[lL]?");
  private static final Pattern OCTAL_INT = Pattern.compile("0_*[0-7](?:[0-7_]*[0-7])?[lL]?");
  private static final Pattern BINARY_INT = Pattern.compile("0[bB][01](?:[01_]*[01])?[lL]?");

  /**
   * The value of {@code text}, a literal with an optional {@code -} or {@code +}.
   *
   * @throws IllegalArgumentException naming the literal when javac would refuse it
   */
  public static JavaNumberLiteral parse(String text) {
    boolean negative = text.startsWith("-");
    String literal = negative || text.startsWith("+") ? text.substring(1) : text;
    if (DECIMAL_FLOAT.matcher(literal).matches() || HEX_FLOAT.matcher(literal).matches()) {
      return floating(literal, negative);
    }
    if (HEX_INT.matcher(literal).matches()) {
      return integer(literal, literal.substring(2), 16, negative);
    }
    if (BINARY_INT.matcher(literal).matches()) {
      return integer(literal, literal.substring(2), 2, negative);
    }
    if (DECIMAL_INT.matcher(literal).matches()) {
      return integer(literal, literal, 10, negative);
    }
    if (OCTAL_INT.matcher(literal).matches()) {
      return integer(literal, literal.substring(1), 8, negative);
    }
    String hint =
        literal.matches("0[0-9_]+[lL]?")
            ? ": a leading 0 makes it octal, whose digits are 0-7"
            : literal.contains("_") ? ": underscores may only stand between digits" : "";
    throw new IllegalArgumentException(text + " is not a Java number literal" + hint);
  }

  /**
   * This value as a variable of {@code target} holds it after Java's widening primitive conversion
   * (JLS 5.1.2), which may round: {@code double d = 0.1f} is 0.10000000149011612.
   */
  public Object widenTo(ParameterType target) {
    return switch (target) {
      case INT -> value.intValue();
      case LONG -> value.longValue();
      case FLOAT -> value.floatValue();
      case DOUBLE -> value.doubleValue();
      default -> throw new IllegalArgumentException("a number is not " + target.javaName());
    };
  }

  private static JavaNumberLiteral integer(
      String literal, String digits, int radix, boolean negative) {
    boolean isLong = Character.toLowerCase(literal.charAt(literal.length() - 1)) == 'l';
    String clean = digits.replace("_", "");
    BigInteger magnitude =
        new BigInteger(isLong ? clean.substring(0, clean.length() - 1) : clean, radix);
    int bits = isLong ? 64 : 32;
    // A decimal literal is below 2^(bits-1), or equal to it right after a minus (JLS 3.10.1);
    // hex, octal and binary ones may use every bit (0xFFFFFFFF is -1).
    BigInteger limit = BigInteger.ONE.shiftLeft(bits - 1);
    boolean tooLarge =
        radix == 10
            ? magnitude.compareTo(limit) > (negative ? 0 : -1)
            : magnitude.bitLength() > bits;
    String signed = (negative ? "-" : "") + literal;
    if (tooLarge) {
      boolean fitsLong = !isLong && magnitude.bitLength() < 64;
      throw new IllegalArgumentException(
          signed
              + " is too large for "
              + (isLong ? "a long" : "an int")
              + " (javac: integer number too large)"
              + (fitsLong ? "; a long literal needs an L: " + signed + "L" : ""));
    }
    if (isLong) {
      long value = magnitude.longValue();
      return new JavaNumberLiteral(ParameterType.LONG, negative ? -value : value);
    }
    int value = magnitude.intValue();
    return new JavaNumberLiteral(ParameterType.INT, negative ? -value : value);
  }

  private static JavaNumberLiteral floating(String literal, boolean negative) {
    // Float.parseFloat and Double.parseDouble read Java's floating-point literal syntax, the
    // suffix and the hex form included, and round once as javac does.
    String clean = literal.replace("_", "");
    String signed = (negative ? "-" : "") + literal;
    if (Character.toLowerCase(literal.charAt(literal.length() - 1)) == 'f') {
      float value = Float.parseFloat(clean);
      ParameterType.FLOAT.requireInRange(value, signed);
      return new JavaNumberLiteral(ParameterType.FLOAT, negative ? -value : value);
    }
    double value = Double.parseDouble(clean);
    ParameterType.DOUBLE.requireInRange(value, signed);
    return new JavaNumberLiteral(ParameterType.DOUBLE, negative ? -value : value);
  }
}
