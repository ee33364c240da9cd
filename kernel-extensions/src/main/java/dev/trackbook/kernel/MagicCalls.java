package dev.trackbook.kernel;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.BaseNotebookStatics;
import org.dflib.jjava.jupyter.kernel.magic.LineMagicArgs;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.ParsedLineMagic;

/**
 * How a line magic reaches the notebook's Java: {@code %metric loss=l} becomes {@code $magic(3);},
 * 3 naming the parsed call, instead of jjava's {@code lineMagic("metric", List.of(new
 * String(Base64...)))} with a {@code {}} block after it (two snippets, four or five javac tasks). A
 * magic line that is a top-level statement of its cell is not compiled at all: the engine runs the
 * call in its place ({@link #asStatement}), as it would have run, on the execution thread. JShell
 * spent ~50 ms on each magic line; a loop body or a method still compiles the short call. A magic
 * inside a block becomes the Java the {@link BlockMagics} give for it, when they give some,
 * followed by {@code $magicRan(3)}: it then reads the block's locals, as in a pipeline script.
 * {@code $magic} and {@code $magicRan} are statically imported (a qualified {@code
 * dev.trackbook...} name would break in a notebook with a variable named {@code dev}, such as a dev
 * set).
 */
public final class MagicCalls {

  /** What the engine imports statically so that transpiled cells can call {@link #$magic}. */
  public static final String STATIC_IMPORT = MagicCalls.class.getName() + ".$magic";

  /** The same for {@link #$magicRan}. */
  public static final String RAN_STATIC_IMPORT = MagicCalls.class.getName() + ".$magicRan";

  private static final String CALL = "$magic(";
  // JShell keeps the comments before a statement in its snippet.
  private static final Pattern STATEMENT =
      Pattern.compile(
          "(?s)(?:\\s|//[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*" + Pattern.quote(CALL) + "(\\d+)\\);\\s*");

  // Content-addressed, so the same line in a loop or in two cells is one entry, and a method
  // declared in one cell can run its magic line in any later one.
  private static final Map<List<String>, Integer> ids = new ConcurrentHashMap<>();
  private static final List<LineMagicArgs> calls = new ArrayList<>();

  private static volatile BlockMagics blockMagics;

  private MagicCalls() {}

  /**
   * Runs line magic call {@code id} in the running notebook's kernel, as jjava's {@code
   * lineMagic(name, args)} does. Called by the code cells are transpiled to.
   */
  public static <T> T $magic(int id) {
    LineMagicArgs call = call(id);
    return BaseNotebookStatics.lineMagic(call.name, call.args);
  }

  /**
   * A line magic whose line ends with a backslash continues on the next line, as in IPython: {@code
   * %param lr=0.01 \} then {@code epochs=10}. The lines are joined (the backslash becomes a space)
   * and the continuation lines left blank, so later lines keep their numbers. The kernel and the
   * pipeline converter both read cells through this.
   */
  public static String joinContinuedLines(String cell) {
    if (cell.indexOf('\\') < 0 || cell.indexOf('%') < 0) {
      return cell;
    }
    String[] lines = cell.split("\n", -1);
    StringBuilder out = new StringBuilder(cell.length());
    int offset = 0;
    int i = 0;
    while (i < lines.length) {
      String line = lines[i];
      int percent = line.indexOf('%');
      // Where the kernel's parser finds a line magic: at the start of the line or after `=`.
      boolean magic =
          percent >= 0
              && (line.substring(0, percent).isBlank()
                  || line.substring(0, percent).stripTrailing().endsWith("="))
              && !line.startsWith("%%", percent)
              && !JavaText.insideLiteralOrComment(cell, offset + percent);
      StringBuilder joined = new StringBuilder(line);
      int next = i + 1;
      while (magic && endsWithBackslash(joined) && next < lines.length) {
        String kept = joined.toString().stripTrailing();
        joined.setLength(0);
        joined.append(kept, 0, kept.length() - 1).append(' ').append(lines[next].strip());
        next++;
      }
      out.append(joined).append("\n".repeat(next - i));
      for (int k = i; k < next; k++) {
        offset += lines[k].length() + 1;
      }
      i = next;
    }
    out.setLength(out.length() - 1); // no newline after the last line, as in the cell
    return out.toString();
  }

  private static boolean endsWithBackslash(CharSequence line) {
    String s = line.toString().stripTrailing();
    return s.endsWith("\\");
  }

  /** After the inlined Java of magic call {@code id} ran (see {@link BlockMagics#ran}). */
  public static void $magicRan(int id) {
    BlockMagics block = blockMagics;
    if (block != null) {
      LineMagicArgs call = call(id);
      block.ran(call.name, call.args);
    }
  }

  /** {@link #$magicRan(int)} for an inlined expression: returns its value. */
  public static <T> T $magicRan(int id, T value) {
    $magicRan(id);
    return value;
  }

  private static LineMagicArgs call(int id) {
    synchronized (calls) {
      return calls.get(id);
    }
  }

  static void blockMagics(BlockMagics magics) {
    blockMagics = magics;
  }

  /**
   * The magic call {@code snippetSource} consists of, to run as a statement instead of compiling
   * it; null for any other snippet.
   */
  static Callable<Object> asStatement(String snippetSource) {
    if (!snippetSource.contains(CALL)) {
      return null;
    }
    Matcher m = STATEMENT.matcher(snippetSource);
    if (!m.matches()) {
      return null;
    }
    int id = Integer.parseInt(m.group(1));
    return () -> $magic(id);
  }

  /** The kernel's transpiler: cell magics as jjava writes them, line magics as above. */
  static MagicTranspiler transpiler() {
    return new MagicTranspiler() {
      // Where in the cell the previous magic of the same cell was found: the parser hands them
      // over in order, without their offsets.
      private String cell;
      private int cursor;
      // Where the previous magic of the same cell ended: a magic line right after one is a magic.
      private int magicEnd;

      @Override
      public synchronized String transpileLine(ParsedLineMagic magic) {
        if (magic.rawCell != cell) {
          cell = magic.rawCell;
          cursor = 0;
          magicEnd = 0;
        }
        int at = cell.indexOf(magic.raw, cursor);
        if (at < 0) {
          at = cell.indexOf(magic.raw); // the same String object evaluated again
        }
        int depth = 0;
        if (at >= 0) {
          cursor = at + magic.raw.length();
          int percent = at + magic.raw.indexOf('%');
          if (JavaText.insideLiteralOrComment(cell, percent)) {
            return magic.raw; // `printf("epoch=%d", e)`, a comment: text, not a magic
          }
          // Code since the previous magic that ends mid-expression: `total\n    %n;` is Java's
          // remainder operator on a continued line.
          int since = Math.min(magicEnd, percent);
          if (magic.linePrefix.isBlank()
              && JavaText.continuesExpression(cell.substring(since), percent - since)) {
            return magic.raw;
          }
          magicEnd = cursor;
          depth = JavaText.braceDepth(cell, percent);
        }
        // The match starts with the blank lines before the magic: keep them, or every later line
        // of the cell would be reported with a wrong number.
        String lines = magic.raw.substring(0, magic.raw.indexOf('%')).replaceAll("[^\n]", "");
        boolean expression = !magic.linePrefix.isBlank();
        BlockMagics block = blockMagics;
        String inlined =
            depth > 0 && block != null
                ? block.inline(magic.magicCall.name, WrittenArgs.of(magic), expression)
                : null;
        if (inlined != null) {
          int id = register(magic);
          return lines
              + (expression
                  ? "$magicRan(" + id + ", " + inlined + ");"
                  : inlined + " $magicRan(" + id + ");");
        }
        String call = CALL + register(magic) + ");";
        // After `x = ` the call is an expression; jjava's empty block after it keeps an
        // assignment's value from being shown, as it always did.
        return lines + (magic.linePrefix.isBlank() ? call : call + "{};");
      }
    };
  }

  private static int register(ParsedLineMagic magic) {
    LineMagicArgs call = magic.magicCall;
    WrittenArgs args = WrittenArgs.of(magic);
    List<String> key = List.of(call.name, args.get());
    return ids.computeIfAbsent(
        key,
        k -> {
          synchronized (calls) {
            calls.add(new LineMagicArgs(call.name, args));
            return calls.size() - 1;
          }
        });
  }

  /**
   * A line magic's arguments as jjava split them, with the text they were split from ({@link
   * #get()}): jjava drops a backslash before an ordinary character and the spacing and quotes of a
   * text, so an extension that reads arguments its own way (the tracking magics, which must read
   * them as a converted pipeline does) takes the text, through {@link Supplier}, without depending
   * on this class.
   */
  static final class WrittenArgs extends AbstractList<String> implements Supplier<String> {
    private final List<String> split;
    private final String text;

    private WrittenArgs(List<String> split, String text) {
      this.split = List.copyOf(split);
      this.text = text;
    }

    static WrittenArgs of(ParsedLineMagic magic) {
      String raw = magic.raw;
      int after = raw.indexOf('%') + 1 + magic.magicCall.name.length();
      return new WrittenArgs(
          magic.magicCall.args, after <= raw.length() ? raw.substring(after).strip() : "");
    }

    @Override
    public String get() {
      return text;
    }

    @Override
    public String get(int index) {
      return split.get(index);
    }

    @Override
    public int size() {
      return split.size();
    }
  }
}
