package dev.trackbook.nbtest;

/**
 * Long text cut to what a console line and a JUnit report can hold, saying how much was cut: a cell
 * may print a line of megabytes, or throw with such a message, and CI logs and report parsers choke
 * on it.
 */
public final class Excerpt {
  private Excerpt() {}

  /** The first {@code maxChars} characters of {@code text}, then how many more there were. */
  public static String head(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = unsplit(text, maxChars);
    return text.substring(0, end) + " [... " + (text.length() - end) + " more characters]";
  }

  /** Each line of {@code text} cut as {@link #head} cuts it. */
  public static String headOfEachLine(String text, int maxLineChars) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(head(line, maxLineChars));
    }
    return out.toString();
  }

  /** The last {@code maxChars} characters of {@code text} (all of it when it is that short). */
  public static String tail(String text, int maxChars) {
    return text.length() <= maxChars
        ? text
        : text.substring(unsplit(text, text.length() - maxChars));
  }

  // An index that does not fall between the two halves of a surrogate pair.
  private static int unsplit(String text, int index) {
    return index > 0
            && Character.isLowSurrogate(text.charAt(index))
            && Character.isHighSurrogate(text.charAt(index - 1))
        ? index - 1
        : index;
  }
}
