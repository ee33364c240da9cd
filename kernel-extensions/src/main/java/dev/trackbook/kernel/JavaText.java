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

  /**
   * Whether the code before position {@code at} (comments and blanks aside) ends in the middle of
   * an expression, after a name, number, literal or {@code ]}: a {@code %} at {@code at} is then
   * Java's remainder operator on a continued line ({@code total\n % n}), not a magic. After {@code
   * )} it is taken as a magic, which may follow {@code if (ready)} on its own line.
   */
  public static boolean continuesExpression(String source, int at) {
    char last = scan(source, at).lastCode();
    return Character.isJavaIdentifierPart(last) || last == ']' || last == '"' || last == '\'';
  }

  private record Position(boolean inText, int depth, char lastCode) {}

  private static Position scan(String source, int at) {
    int depth = 0;
    char last = ';'; // as after a statement: the start of a cell
    int i = 0;
    while (i < at) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        if (end < 0 || end >= at) {
          return new Position(true, depth, last);
        }
        i = end + 1;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        if (end < 0 || end + 2 > at) {
          return new Position(true, depth, last);
        }
        i = end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = closing(source, i + 3, "\"\"\"");
        if (end < 0 || end > at) {
          return new Position(true, depth, last);
        }
        i = end;
        last = '"';
      } else if (c == '"' || c == '\'') {
        int end = closing(source, i + 1, String.valueOf(c));
        if (end < 0 || end > at) {
          return new Position(true, depth, last);
        }
        i = end;
        last = c;
      } else {
        if (!Character.isWhitespace(c)) {
          last = c;
        }
        if (c == '{') {
          depth++;
        } else if (c == '}' && depth > 0) {
          depth--;
        }
        i++;
      }
    }
    return new Position(false, depth, last);
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
