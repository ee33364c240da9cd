package dev.trackbook.magics.args;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument text into tokens, the one way the kernel and a converted pipeline both
 * read a magic's arguments: whitespace separates tokens, double quotes group words (and may produce
 * an empty token), a backslash escapes the next quote or backslash and is kept before any other
 * character ({@code C:\data}, {@code \d+}). Single quotes are ordinary characters, which keeps
 * MLflow filter strings such as {@code params.opt = 'adam'} intact. The tokens remember the text
 * they came from, for arguments that take the rest of the line as written ({@link Tokens#from}).
 * The Trackbook kernel and the converter first remove comments after the arguments ({@link
 * dev.trackbook.kernel.MagicComments}).
 */
public final class MagicTokenizer {

  private MagicTokenizer() {}

  /** The tokens of {@code argumentText}, quotes removed. */
  public static Tokens split(String argumentText) {
    String text = argumentText.strip();
    List<String> tokens = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inQuotes = false;
    boolean escaped = false;
    int start = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (start < 0 && (inQuotes || (c != ' ' && c != '\t'))) {
        start = i;
      }
      if (escaped) {
        if (c != '"' && c != '\\') {
          current.append('\\');
        }
        current.append(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        if (inQuotes) {
          tokens.add(current.toString());
          starts.add(start);
          current.setLength(0);
          start = -1;
        }
        inQuotes = !inQuotes;
      } else if ((c == ' ' || c == '\t') && !inQuotes) {
        if (!current.isEmpty()) {
          tokens.add(current.toString());
          starts.add(start);
          current.setLength(0);
        }
        start = -1;
      } else {
        current.append(c);
      }
    }
    if (escaped) {
      current.append('\\');
    }
    if (!current.isEmpty()) {
      tokens.add(current.toString());
      starts.add(start);
    }
    return new Tokens(text, tokens, starts);
  }

  /** Tokens with the text they were split from. */
  public static final class Tokens extends AbstractList<String> {
    private final String text;
    private final List<String> tokens;
    private final List<Integer> starts;

    private Tokens(String text, List<String> tokens, List<Integer> starts) {
      this.text = text;
      this.tokens = List.copyOf(tokens);
      this.starts = List.copyOf(starts);
    }

    @Override
    public String get(int index) {
      return tokens.get(index);
    }

    @Override
    public int size() {
      return tokens.size();
    }

    /** Whether the argument text ends with a ';' outside quotes ({@code %param lr=0.01;}). */
    public boolean endsWithSemicolon() {
      return text.endsWith(";");
    }

    /**
     * The argument text from token {@code index} to the end, as written: quotes, backslashes and
     * spacing kept ({@code %note he said "hi"}), except that one quoted token is its content.
     */
    public String from(int index) {
      if (index == tokens.size() - 1 && text.charAt(starts.get(index)) == '"') {
        return tokens.get(index);
      }
      return text.substring(starts.get(index));
    }
  }
}
