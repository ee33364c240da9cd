package dev.trackbook.kernel.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The cells this kernel session executed, as Jupyter's {@code history_request} asks for them
 * (messaging spec, "History"): by {@code tail}, {@code range} and {@code search}, with IPython's
 * semantics for each. jupyter console loads its up-arrow history this way when it starts.
 *
 * <p>Only the current session is kept, in memory: a restarted kernel starts with none, and a range
 * of an earlier session is empty. Inputs are the cells as written; the Java a magic becomes is
 * internal to the kernel, so the "transformed" input a request may ask for is the same text.
 * Thread-safe.
 */
public final class SessionHistory {

  /** The session number of the current session, in ranges and in the entries, as IPython's. */
  public static final int CURRENT_SESSION = 0;

  private static final Pattern NOTHING = Pattern.compile("(?!)");

  // IPython's default for a tail request without n.
  private static final int DEFAULT_TAIL = 10;

  /**
   * One executed cell.
   *
   * @param line its execution count (In [N])
   * @param input the cell as written
   * @param output the text of its result (Out[N]), or null when it showed none
   */
  public record Entry(int line, String input, String output) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Records the cell that ran as execution count {@code line}; lines only ever grow. */
  public synchronized void record(int line, String input, String output) {
    entries.add(new Entry(line, input, output));
  }

  /** The last {@code n} cells, oldest first; 10 for an {@code n} below 1, as for a missing one. */
  public synchronized List<Entry> tail(int n) {
    int count = n > 0 ? n : DEFAULT_TAIL;
    return List.copyOf(entries.subList(Math.max(0, entries.size() - count), entries.size()));
  }

  /**
   * The cells of {@code session} with lines from {@code start} (inclusive) to {@code stop}
   * (exclusive), as IPython reads the current session: a negative start or stop counts back from
   * the end, and a stop of 0 (or none) or past the end means to the end.
   */
  public synchronized List<Entry> range(int session, int start, int stop) {
    if (session != CURRENT_SESSION) {
      return List.of();
    }
    // IPython's lines run 1..n-1 for n-1 cells; here lines may have gaps (requests not stored).
    int end = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).line() + 1;
    int from = start < 0 ? start + end : start;
    int to = stop == 0 || stop > end ? end : stop < 0 ? stop + end : stop;
    return entries.stream().filter(e -> e.line() >= from && e.line() < to).toList();
  }

  /**
   * The last {@code n} cells (all, for an {@code n} below 1) whose whole input matches the glob
   * {@code pattern}, oldest first; with {@code unique}, each input once, at its last run.
   */
  public synchronized List<Entry> search(String pattern, int n, boolean unique) {
    Pattern glob = glob(pattern == null ? "*" : pattern);
    List<Entry> found = new ArrayList<>();
    for (Entry e : entries) {
      if (glob.matcher(e.input()).matches()) {
        found.add(e);
      }
    }
    if (unique) {
      Map<String, Entry> last = new LinkedHashMap<>();
      for (Entry e : found) {
        last.remove(e.input());
        last.put(e.input(), e);
      }
      found = new ArrayList<>(last.values());
    }
    if (n > 0 && found.size() > n) {
      found = found.subList(found.size() - n, found.size());
    }
    return Collections.unmodifiableList(new ArrayList<>(found));
  }

  /**
   * A glob as SQLite's GLOB reads it (IPython searches its history database with one): {@code *}
   * any text, {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [^a-z]} one of (or
   * none of) a set; case-sensitive, over the whole input, lines included.
   */
  static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      int close = c == '[' ? classEnd(pattern, i) : -1;
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (close > 0) {
        regex.append(characterClass(pattern.substring(i + 1, close)));
        i = close;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    try {
      return Pattern.compile(regex.toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      return NOTHING; // a range backwards, [z-a]: SQLite matches nothing with it either
    }
  }

  // Where the set opened at `open` closes; a `]` right after `[` or `[^` is a member. -1 if never.
  private static int classEnd(String pattern, int open) {
    int i = open + 1;
    if (i < pattern.length() && pattern.charAt(i) == '^') {
      i++;
    }
    if (i < pattern.length() && pattern.charAt(i) == ']') {
      i++;
    }
    return pattern.indexOf(']', i);
  }

  private static String characterClass(String members) {
    StringBuilder set = new StringBuilder("[");
    int first = 0;
    if (members.startsWith("^")) {
      set.append('^');
      first = 1;
    }
    for (int i = first; i < members.length(); i++) {
      char c = members.charAt(i);
      if (c == '-' && i > first && i < members.length() - 1) {
        set.append('-'); // a range, a-z; a first or last - is itself
      } else {
        set.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
      }
    }
    return set.append(']').toString();
  }
}
