package dev.trackbook.kernel;

/** Just enough of Java's lexical structure to tell code from text in a cell. */
public final class JavaText {

  private JavaText() {}

  /**
   * Whether position {@code at} of {@code source} is inside a string, character or text-block
   * literal or a comment, scanning from the start with Java's escapes.
   */
  public static boolean insideLiteralOrComment(String source, int at) {
    return scan(source, at).inText();
  }

  /**
   * How many braces are open at position {@code at} of {@code source}, not counting those in
   * literals and comments: 0 at a cell's top level, more inside a block, method or class body.
   */
  public static int braceDepth(String source, int at) {
    return scan(source, at).depth();
  }

  private record Position(boolean inText, int depth) {}

  private static Position scan(String source, int at) {
    int depth = 0;
    int i = 0;
    while (i < at) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        if (end < 0 || end >= at) {
          return new Position(true, depth);
        }
        i = end + 1;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        if (end < 0 || end + 2 > at) {
          return new Position(true, depth);
        }
        i = end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = closing(source, i + 3, "\"\"\"");
        if (end < 0 || end > at) {
          return new Position(true, depth);
        }
        i = end;
      } else if (c == '"' || c == '\'') {
        int end = closing(source, i + 1, String.valueOf(c));
        if (end < 0 || end > at) {
          return new Position(true, depth);
        }
        i = end;
      } else {
        if (c == '{') {
          depth++;
        } else if (c == '}' && depth > 0) {
          depth--;
        }
        i++;
      }
    }
    return new Position(false, depth);
  }

  // The position after the delimiter that closes a literal begun before {@code from}, skipping
  // escapes; a string or char literal also ends at the end of its line (unterminated). -1 if none.
  private static int closing(String source, int from, String delimiter) {
    boolean singleLine = delimiter.length() == 1;
    for (int i = from; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\') {
        i++;
      } else if (singleLine && c == '\n') {
        return i;
      } else if (source.startsWith(delimiter, i)) {
        return i + delimiter.length();
      }
    }
    return -1;
  }
}
