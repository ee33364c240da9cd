package dev.trackbook.converter.params;

import java.util.Locale;

/**
 * The Java types a parameter may have. Each knows how to read a value given as text (on the command
 * line or in an environment variable) and how to write a value back as a Java literal.
 */
public enum ParameterType {
  INT("int"),
  LONG("long"),
  DOUBLE("double"),
  FLOAT("float"),
  BOOLEAN("boolean"),
  STRING("String");

  private final String javaName;

  ParameterType(String javaName) {
    this.javaName = javaName;
  }

  /** The Java type name, as written in a declaration and in the pipeline header. */
  public String javaName() {
    return javaName;
  }

  /** The type whose Java name is {@code name}, or null. */
  public static ParameterType fromJavaName(String name) {
    for (ParameterType type : values()) {
      if (type.javaName.equals(name)) {
        return type;
      }
    }
    return null;
  }

  /**
   * Reads {@code text} as a value of this type.
   *
   * @throws IllegalArgumentException with a message fit for the user when it is not one
   */
  public Object parse(String text) {
    String trimmed = text.strip();
    try {
      return switch (this) {
        case INT -> Integer.parseInt(trimmed.replace("_", ""));
        case LONG -> Long.parseLong(stripSuffix(trimmed.replace("_", ""), "lL"));
        case DOUBLE -> {
          double value = Double.parseDouble(stripSuffix(trimmed.replace("_", ""), "dD"));
          yield requireInRange(value, text);
        }
        case FLOAT -> {
          float value = Float.parseFloat(stripSuffix(trimmed.replace("_", ""), "fF"));
          yield (float) requireInRange(value, text);
        }
        case BOOLEAN -> {
          String lower = trimmed.toLowerCase(Locale.ROOT);
          if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException("expected true or false, got '" + text + "'");
          }
          yield Boolean.parseBoolean(lower);
        }
        case STRING -> text;
      };
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected " + article() + " " + javaName + ", got '" + text + "'");
    }
  }

  /**
   * Refuses a nonzero number that became infinite or zero in this type, as javac refuses such a
   * literal (JLS 3.10.2): 1e40 for a float or 1e400 for a double would otherwise run the pipeline
   * with Infinity, 1e-50 for a float with 0. One check for notebook literals and given values.
   */
  double requireInRange(double value, String text) {
    String written = text.strip();
    if (Double.isInfinite(value) && !written.toLowerCase(Locale.ROOT).contains("infinity")) {
      throw new IllegalArgumentException(
          "'" + written + "' is out of range for " + article() + " " + javaName);
    }
    if (value == 0 && hasNonZeroDigit(written)) {
      throw new IllegalArgumentException(
          "'" + written + "' is too small for " + article() + " " + javaName + ", it would be 0");
    }
    return value;
  }

  // The significand's digits: those before the exponent (e, or p in a hex literal).
  private static boolean hasNonZeroDigit(String number) {
    String lower = number.toLowerCase(Locale.ROOT);
    int hex = lower.indexOf("0x");
    if (hex >= 0) {
      int p = lower.indexOf('p');
      return lower.substring(hex + 2, p < 0 ? lower.length() : p).matches(".*[1-9a-f].*");
    }
    int e = lower.indexOf('e');
    return lower.substring(0, e < 0 ? lower.length() : e).matches(".*[1-9].*");
  }

  /** {@code value} (of this type) as Java source, e.g. {@code 3L} or {@code "a\"b"}. */
  public String toJavaLiteral(Object value) {
    return switch (this) {
      case INT, BOOLEAN -> String.valueOf(value);
      case LONG -> value + "L";
      case DOUBLE -> doubleLiteral((Double) value);
      case FLOAT -> floatLiteral((Float) value);
      case STRING -> JavaStringLiteral.quote((String) value);
    };
  }

  private static String doubleLiteral(double value) {
    if (Double.isNaN(value)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    return Double.toString(value);
  }

  private static String floatLiteral(float value) {
    if (Float.isNaN(value)) {
      return "Float.NaN";
    }
    if (Float.isInfinite(value)) {
      return value > 0 ? "Float.POSITIVE_INFINITY" : "Float.NEGATIVE_INFINITY";
    }
    return Float.toString(value) + "f";
  }

  private String article() {
    return this == INT ? "an" : "a";
  }

  private static String stripSuffix(String text, String suffixes) {
    if (!text.isEmpty() && suffixes.indexOf(text.charAt(text.length() - 1)) >= 0) {
      return text.substring(0, text.length() - 1);
    }
    return text;
  }
}
