package dev.trackbook.magics.args;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns magic argument words into Java source: string literals, typed literals for {@code %param},
 * and checks that a word can be a variable name. Both the kernel and the pipeline rewriter build
 * their Java through here.
 */
public final class JavaLiterals {

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern LONG = Pattern.compile("[+-]?\\d+[lL]");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?[dD]?");
  // Java names in any script (JLS 3.8): %param α=0.1 declares a variable as javac would.
  private static final String NAME = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";
  private static final Pattern IDENTIFIER = Pattern.compile(NAME);
  private static final Pattern QUALIFIED_NAME = Pattern.compile(NAME + "(\\." + NAME + ")*");
  // JLS 3.9: keywords, contextual words that cannot name a variable, and the literals
  // true/false/null.
  private static final Set<String> RESERVED =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "true",
          "false",
          "null",
          "var",
          "yield",
          "record",
          "_");

  private JavaLiterals() {}

  /** A Java string literal holding {@code text} exactly. */
  public static String string(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Whether {@code word} can name a Java variable. */
  public static boolean isIdentifier(String word) {
    return IDENTIFIER.matcher(word).matches() && !RESERVED.contains(word);
  }

  /**
   * Whether {@code word} is a number literal we accept (integer or decimal, optional sign and
   * exponent).
   */
  public static boolean isNumber(String word) {
    return INTEGER.matcher(word).matches()
        || LONG.matcher(word).matches()
        || DECIMAL.matcher(word).matches();
  }

  /** Whether {@code word} names a variable or field ({@code acc}, {@code result.acc}). */
  public static boolean isQualifiedName(String word) {
    if (!QUALIFIED_NAME.matcher(word).matches()) {
      return false;
    }
    for (String part : word.split("\\.")) {
      if (RESERVED.contains(part)) {
        return false;
      }
    }
    return true;
  }

  /** A typed Java value: {@code javaType} and a literal of that type. */
  public record TypedValue(String javaType, String literal) {}

  /**
   * The type a {@code %param} value gets: {@code true}/{@code false} are boolean; whole numbers
   * int, or long when they do not fit (or end in L); other numbers double; anything else a String.
   * Single quotes force a String: {@code '0.1'} is the text 0.1.
   */
  public static TypedValue typed(String word) {
    if (word.length() >= 2 && word.startsWith("'") && word.endsWith("'")) {
      return new TypedValue("String", string(word.substring(1, word.length() - 1)));
    }
    if (word.equals("true") || word.equals("false")) {
      return new TypedValue("boolean", word);
    }
    String unsigned = word.startsWith("+") ? word.substring(1) : word;
    if (INTEGER.matcher(word).matches()) {
      try {
        return new TypedValue("int", Integer.toString(Integer.parseInt(unsigned)));
      } catch (NumberFormatException notAnInt) {
        try {
          return new TypedValue("long", Long.parseLong(unsigned) + "L");
        } catch (NumberFormatException notALong) {
          return new TypedValue("double", Double.toString(Double.parseDouble(unsigned)));
        }
      }
    }
    if (LONG.matcher(word).matches()) {
      try {
        return new TypedValue(
            "long", Long.parseLong(unsigned.substring(0, unsigned.length() - 1)) + "L");
      } catch (NumberFormatException tooBig) {
        return new TypedValue("String", string(word));
      }
    }
    if (DECIMAL.matcher(word).matches()) {
      double d = Double.parseDouble(unsigned);
      if (Double.isFinite(d)) {
        return new TypedValue("double", Double.toString(d));
      }
    }
    return new TypedValue("String", string(word));
  }
}
