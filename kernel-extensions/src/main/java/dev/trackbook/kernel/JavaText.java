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
   * )}, {@code else} or {@code do} it is taken as a magic, the body of that statement.
   */
  public static boolean continuesExpression(String source, int at) {
    Position p = scan(source, at);
    char last = p.lastCode();
    if (Character.isJavaIdentifierPart(last)) {
      return !endsStatementHeader(source, p);
    }
    return last == ']' || last == '"' || last == '\'';
  }

  /**
   * Whether the statement at {@code at} is the body of an {@code if (...)}, {@code else}, {@code
   * for (...)}, {@code while (...)} or {@code do} written without braces: the code before it
   * (comments and blanks aside) ends in {@code )}, {@code else} or {@code do}. Java that replaces a
   * magic line there must be one statement, or only its first statement would be the body.
   */
  public static boolean bracelessBody(String source, int at) {
    Position p = scan(source, at);
    return !p.inText() && (p.lastCode() == ')' || endsStatementHeader(source, p));
  }

  // The code before ends with the keyword else or do, after which a statement follows.
  private static boolean endsStatementHeader(String source, Position p) {
    int end = p.lastCodeAt() + 1;
    int start = end;
    while (start > 0 && Character.isJavaIdentifierPart(source.charAt(start - 1))) {
      start--;
    }
    String word = source.substring(start, end);
    return word.equals("else") || word.equals("do");
  }

  private record Position(boolean inText, int depth, char lastCode, int lastCodeAt) {}

  private static Position scan(String source, int at) {
    int depth = 0;
    char last = ';'; // as after a statement: the start of a cell
    int lastAt = -1;
    int i = 0;
    while (i < at) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        if (end < 0 || end >= at) {
          return new Position(true, depth, last, lastAt);
        }
        i = end + 1;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        if (end < 0 || end + 2 > at) {
          return new Position(true, depth, last, lastAt);
        }
        i = end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = closing(source, i + 3, "\"\"\"");
        if (end < 0 || end > at) {
          return new Position(true, depth, last, lastAt);
        }
        i = end;
        last = '"';
        lastAt = end - 1;
      } else if (c == '"' || c == '\'') {
        int end = closing(source, i + 1, String.valueOf(c));
        if (end < 0 || end > at) {
          return new Position(true, depth, last, lastAt);
        }
        i = end;
        last = c;
        lastAt = end - 1;
      } else {
        if (!Character.isWhitespace(c)) {
          last = c;
          lastAt = i;
        }
        if (c == '{') {
          depth++;
        } else if (c == '}' && depth > 0) {
          depth--;
        }
        i++;
      }
    }
    return new Position(false, depth, last, lastAt);
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
