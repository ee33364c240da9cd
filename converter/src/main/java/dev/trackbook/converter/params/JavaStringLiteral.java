package dev.trackbook.converter.params;

/** Java string literal escaping (JLS 3.10.5 / 3.10.7), both ways. */
public final class JavaStringLiteral {

  private JavaStringLiteral() {}

  public static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** The value of a literal including its quotes; throws IllegalArgumentException if malformed. */
  public static String unquote(String literal) {
    if (literal.length() < 2
        || literal.charAt(0) != '"'
        || literal.charAt(literal.length() - 1) != '"') {
      throw new IllegalArgumentException("not a string literal: " + literal);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 >= literal.length() - 1) {
        throw new IllegalArgumentException("dangling backslash in " + literal);
      }
      char e = literal.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 's' -> out.append(' ');
        case '"', '\'', '\\' -> out.append(e);
        case 'u' -> {
          while (i + 1 < literal.length() && literal.charAt(i + 1) == 'u') {
            i++;
          }
          if (i + 4 >= literal.length()) {
            throw new IllegalArgumentException("bad \\u escape in " + literal);
          }
          out.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> {
          if (e >= '0' && e <= '7') {
            int end = i;
            int max = e <= '3' ? 3 : 2;
            while (end + 1 < literal.length() - 1
                && end - i + 1 < max
                && literal.charAt(end + 1) >= '0'
                && literal.charAt(end + 1) <= '7') {
              end++;
            }
            out.append((char) Integer.parseInt(literal.substring(i, end + 1), 8));
            i = end;
          } else {
            throw new IllegalArgumentException("unknown escape \\" + e + " in " + literal);
          }
        }
      }
    }
    return out.toString();
  }
}
