package dev.trackbook.kernel;

import java.util.List;

/**
 * Comments after a magic's arguments, written as in Java ({@code %metric acc=a // on the test
 * set}): they are not arguments. The kernel and the pipeline converter both read magic lines
 * through this class.
 *
 * <p>{@code //} or {@code /*} begins a comment only where a new argument could begin: after
 * whitespace, outside double quotes, as magic arguments are quoted (a backslash escapes the next
 * character). So values keep their slashes: {@code %tracking http://host:5000}, {@code %tag
 * link=a//b}, {@code %note "use // here"}. A {@code //} comment runs to the end of the line, a
 * backslash in it too (it does not continue the magic on the next line). A {@code /*} comment ends
 * where it closes on the same line, and the arguments go on after it; one not closed on its line is
 * no comment, so the magic reports the stray words rather than the lines after it vanishing; so is
 * a {@code /*} with no blank after it, a path or glob ({@code %classpath /*}{@code /lib/*.jar}).
 */
public final class MagicComments {

  private MagicComments() {}

  /**
   * {@code arguments} (the text after a magic's name) without its comments and the whitespace
   * before them; the very text when it has none.
   */
  public static String strip(String arguments) {
    StringBuilder out = new StringBuilder(arguments.length());
    boolean inQuotes = false;
    boolean escaped = false;
    boolean found = false;
    // Whether an argument may start here: after unquoted, unescaped whitespace or a comment.
    boolean argumentStart = false;
    for (int i = 0; i < arguments.length(); i++) {
      char c = arguments.charAt(i);
      if (escaped) {
        // An escaped blank is part of an argument, not the space before a new one.
        escaped = false;
        argumentStart = false;
        out.append(c);
        continue;
      }
      if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inQuotes = !inQuotes;
      } else if (!inQuotes && argumentStart && arguments.startsWith("//", i)) {
        found = true;
        break;
      } else if (!inQuotes && argumentStart && blockCommentAt(arguments, i)) {
        int end = arguments.indexOf("*/", i + 2);
        if (end >= 0) {
          found = true;
          // One space stands for the comment and the blanks around it: `a /* c */ b` is `a b`.
          i = end + 1;
          while (i + 1 < arguments.length() && isBlank(arguments.charAt(i + 1))) {
            i++;
          }
          continue;
        }
      }
      argumentStart = !inQuotes && !escaped && isBlank(c);
      out.append(c);
    }
    return found ? out.toString().stripTrailing() : arguments;
  }

  /**
   * {@code cell} with the comments of its magic lines removed ({@link #strip}): of each line magic
   * ({@link MagicCalls#lineMagicStarts}), or of a cell magic's first line (its body is the magic's,
   * a {@code %%note}'s text or a {@code %%track}'s code, read when it runs). Everything else, line
   * breaks included, stays as it is.
   */
  public static String stripCell(String cell) {
    if (cell.indexOf('/') < 0 || cell.indexOf('%') < 0) {
      return cell;
    }
    int firstLineEnd = lineEnd(cell, 0);
    if (cell.substring(0, firstLineEnd).stripLeading().startsWith("%%")) {
      return stripLine(cell, cell.indexOf("%%"));
    }
    List<Integer> starts = MagicCalls.lineMagicStarts(cell);
    String out = cell;
    // From the last, so that the earlier offsets still hold.
    for (int i = starts.size() - 1; i >= 0; i--) {
      out = stripLine(out, starts.get(i));
    }
    return out;
  }

  /**
   * Where the arguments of the magic whose {@code %} (the first of a cell magic's two) is at {@code
   * percent} begin: after its name and a help {@code ?}.
   */
  public static int argumentsStart(String text, int percent) {
    int i = percent;
    while (i < text.length() && text.charAt(i) == '%') {
      i++;
    }
    while (i < text.length()
        && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
      i++;
    }
    if (i < text.length() && text.charAt(i) == '?') {
      i++;
    }
    return i;
  }

  // The magic at `percent` with the comments of its arguments removed, up to its line's end.
  private static String stripLine(String text, int percent) {
    int from = argumentsStart(text, percent);
    int to = lineEnd(text, from);
    String arguments = text.substring(from, to);
    String stripped = strip(arguments);
    return stripped.equals(arguments)
        ? text
        : text.substring(0, from) + stripped + text.substring(to);
  }

  private static int lineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  // `/* ` with a blank after it: a path or glob (`%classpath /*/lib/*.jar`) is no comment.
  private static boolean blockCommentAt(String text, int i) {
    return text.startsWith("/*", i) && (i + 2 >= text.length() || isBlank(text.charAt(i + 2)));
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
