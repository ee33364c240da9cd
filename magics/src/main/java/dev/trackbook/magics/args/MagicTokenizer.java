package dev.trackbook.magics.args;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a magic's argument text into tokens the way jjava-jupyter's magic parser does, so that a
 * magic reads the same arguments in the kernel and in a converted pipeline: whitespace separates
 * tokens, double quotes group words (and may produce an empty token), a backslash escapes the next
 * quote or backslash. Single quotes are ordinary characters, which keeps MLflow filter strings such
 * as {@code params.opt = 'adam'} intact.
 */
public final class MagicTokenizer {

  private MagicTokenizer() {}

  /** The tokens of {@code argumentText}, quotes removed. */
  public static List<String> split(String argumentText) {
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean inQuotes = false;
    boolean escaped = false;
    for (char c : argumentText.strip().toCharArray()) {
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
          current.setLength(0);
        }
        inQuotes = !inQuotes;
      } else if ((c == ' ' || c == '\t') && !inQuotes) {
        if (!current.isEmpty()) {
          tokens.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (escaped) {
      current.append('\\');
    }
    if (!current.isEmpty()) {
      tokens.add(current.toString());
    }
    return tokens;
  }
}
