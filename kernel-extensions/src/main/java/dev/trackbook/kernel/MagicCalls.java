package dev.trackbook.kernel;

import dev.trackbook.kernel.engine.EvalResult;
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
import org.dflib.jjava.jupyter.kernel.magic.CellMagicArgs;
import org.dflib.jjava.jupyter.kernel.magic.LineMagicArgs;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.ParsedCellMagic;
import org.dflib.jjava.jupyter.kernel.magic.ParsedLineMagic;

/**
 * How a line magic reaches the notebook's Java: {@code %metric loss=l} becomes {@code $magic(3);},
 * 3 naming the parsed call, instead of jjava's {@code lineMagic("metric", List.of(new
 * String(Base64...)))} with a {@code {}} block after it (two snippets, four or five javac tasks). A
 * magic line that is a top-level statement of its cell is not compiled at all: the engine runs the
 * call in its place ({@link #asStatement}), as it would have run, on the execution thread. JShell
 * spent ~50 ms on each magic line; a loop body or a method still compiles the short call. A magic
 * inside a block becomes the Java the {@link BlockMagics} give for it, when they give some,
 * followed by {@code $magicRan(3)}: it then reads the block's locals, as in a pipeline script. So
 * does a magic whose value is assigned ({@code var id = %run start}), at any depth, so that the
 * variable has the type the magic's Java gives it, as in the pipeline. {@code $magic} and {@code
 * $magicRan} are statically imported (a qualified {@code dev.trackbook...} name would break in a
 * notebook with a variable named {@code dev}, such as a dev set).
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
   * Where the line magics of {@code cell} start, as the kernel reads the cell: the offset of each
   * one's {@code %}, in order. A line magic is a {@code %} and a name at the start of a line or
   * after an assignment's {@code =}, outside literals and comments; at a line's start it is not one
   * when the code since the previous magic line ends mid-expression ({@code total\n %n;} is Java's
   * remainder). A cell magic's {@code %%} is not one. The kernel's transpiler, its is-complete
   * check and the pipeline converter all ask this.
   */
  public static List<Integer> lineMagicStarts(String cell) {
    List<Integer> starts = new ArrayList<>();
    int previousMagicLineEnd = 0;
    int offset = 0;
    for (String line : cell.split("\n", -1)) {
      int percent = line.indexOf('%');
      if (percent >= 0 && percent + 1 < line.length()) {
        String prefix = line.substring(0, percent);
        char next = line.charAt(percent + 1);
        boolean atLineStart = prefix.isBlank();
        int at = offset + percent;
        if ((Character.isLetterOrDigit(next) || next == '_')
            && (atLineStart || prefix.stripTrailing().endsWith("="))
            // From the previous magic line's end, as below: that line is no Java, and its text
            // (`%param glob=data/*.csv`) would open a comment hiding every magic after it.
            && !JavaText.insideLiteralOrComment(
                cell.substring(previousMagicLineEnd), at - previousMagicLineEnd)
            && !(atLineStart
                && JavaText.continuesExpression(
                    cell.substring(previousMagicLineEnd), at - previousMagicLineEnd))) {
          starts.add(at);
          previousMagicLineEnd = offset + line.length();
        }
      }
      offset += line.length() + 1;
    }
    return starts;
  }

  /**
   * Whether the line magic at {@code percent} (one of {@code starts}, from {@link
   * #lineMagicStarts}) is the brace-less body of an {@code if (...)}, {@code else}, {@code for
   * (...)}, {@code while (...)} or {@code do} ({@link JavaText#bracelessBody}). Judged on the code
   * since the previous magic line, as {@link #lineMagicStarts} judges a continued expression: that
   * line is a statement of its own, and its text ({@code %experiment churn (v2)}, {@code %note what
   * to do}) would otherwise read as the header of a statement whose body is this magic.
   */
  public static boolean bracelessBody(String cell, List<Integer> starts, int percent) {
    int from = 0;
    for (int start : starts) {
      if (start >= percent) {
        break;
      }
      int end = cell.indexOf('\n', start);
      from = end < 0 ? cell.length() : end;
    }
    return JavaText.bracelessBody(cell.substring(from), percent - from);
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
    List<Integer> starts = lineMagicStarts(cell);
    String[] lines = cell.split("\n", -1);
    StringBuilder out = new StringBuilder(cell.length());
    int offset = 0;
    int i = 0;
    while (i < lines.length) {
      int lineStart = offset;
      int lineEnd = offset + lines[i].length();
      int percent =
          starts.stream()
              .filter(at -> at >= lineStart && at < lineEnd)
              .findFirst()
              .map(at -> at - lineStart)
              .orElse(-1);
      String joined = lines[i];
      int next = i + 1;
      while (percent >= 0 && continues(joined, percent) && next < lines.length) {
        String kept = joined.stripTrailing();
        joined = kept.substring(0, kept.length() - 1) + " " + lines[next].strip();
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

  // A backslash in a trailing comment (`%param a=1 // see \`) is the comment's, as in Java.
  private static boolean continues(String line, int percent) {
    String arguments = line.substring(MagicComments.argumentsStart(line, percent));
    return MagicComments.strip(arguments).stripTrailing().endsWith("\\");
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

  /**
   * One line for a compile error inside an inlined magic's value ({@code $magicRan(3, ...)}): what
   * the {@link BlockMagics} say of it, as the magic's own call would have said it (the library to
   * add, javac's reason); null for an error elsewhere in the cell, shown as javac gives it.
   */
  static String compileError(List<EvalResult.Diagnostic> diagnostics) {
    BlockMagics block = blockMagics;
    if (block == null || diagnostics.isEmpty()) {
      return null;
    }
    EvalResult.Diagnostic first = diagnostics.get(0);
    String line = first.sourceLine();
    int at = Math.min(Math.max(0, first.column() - 1), line.length());
    Matcher m = INLINED_VALUE.matcher(line);
    Integer id = null;
    while (m.find() && m.end() <= at) {
      id = Integer.parseInt(m.group(1)); // the nearest value before the error starts
    }
    if (id == null || line.indexOf(");", at) < 0) {
      return null;
    }
    LineMagicArgs call = call(id);
    return block.compileError(call.name, call.args, first.message());
  }

  private static final Pattern INLINED_VALUE = Pattern.compile("\\$magicRan\\((\\d+), ");

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

  // A cell magic's line alone: jjava's cell magic pattern wants a body of one character or more,
  // and without one the line went to JShell as Java (three lines of compile error).
  private static final Pattern BODILESS_CELL_MAGIC = Pattern.compile("(%%\\w[^\\r\\n]*)\\s*");

  // What withEmptyBody puts below the line, a character no cell has; the transpiler reads it as "".
  private static final String EMPTY_BODY = "\u0000";

  /**
   * {@code cell} as jjava's parser reads a cell magic with an empty body ({@code %%note} alone, as
   * the converter reads it: the magic's own one-line error, or "no cell magic %%x"); {@code cell}
   * itself when it is anything else.
   */
  static String withEmptyBody(String cell) {
    Matcher m = BODILESS_CELL_MAGIC.matcher(cell);
    return m.matches() ? m.group(1).stripTrailing() + "\n" + EMPTY_BODY : cell;
  }

  /**
   * The kernel's transpiler: cell magics as jjava writes them but as the cell's last expression,
   * line magics as above.
   */
  static MagicTranspiler transpiler() {
    return new MagicTranspiler() {
      // jjava ends a cell magic's call with an empty block, a statement with no value. Without it
      // the call is the cell's expression: what the magic returns (a %%track body's value) is the
      // cell's result, Out[N], as a cell's own last expression is.
      @Override
      public String transpileCell(ParsedCellMagic magic) {
        if (magic.magicCall.body.equals(EMPTY_BODY)) {
          CellMagicArgs args = magic.magicCall;
          magic =
              new ParsedCellMagic(
                  new CellMagicArgs(args.name, args.args, ""), magic.rawArgsLine, magic.rawCell);
        }
        String call = super.transpileCell(magic);
        return call.endsWith(";{};") ? call.substring(0, call.length() - 3) : call;
      }

      // Where in the cell the previous magic of the same cell was found: the parser hands them
      // over in order, without their offsets.
      private String cell;
      private int cursor;
      // Where the cell's line magics are as the kernel reads them (jjava's parser finds more).
      private List<Integer> starts;

      @Override
      public synchronized String transpileLine(ParsedLineMagic magic) {
        if (magic.rawCell != cell) {
          cell = magic.rawCell;
          cursor = 0;
          starts = lineMagicStarts(cell);
        }
        int at = cell.indexOf(magic.raw, cursor);
        if (at < 0) {
          at = cell.indexOf(magic.raw); // the same String object evaluated again
        }
        boolean expression = !magic.linePrefix.isBlank();
        int depth = 0;
        boolean bracelessBody = false;
        if (at >= 0) {
          cursor = at + magic.raw.length();
          int percent = at + magic.raw.indexOf('%');
          if (!starts.contains(percent)) {
            // `printf("epoch=%d", e)`, a comment, `total\n    %n;`: text, not a magic
            return magic.raw;
          }
          depth = JavaText.braceDepth(cell, percent);
          bracelessBody = !expression && bracelessBody(cell, starts, percent);
        }
        // The match starts with the blank lines before the magic: keep them, or every later line
        // of the cell would be reported with a wrong number.
        String lines = magic.raw.substring(0, magic.raw.indexOf('%')).replaceAll("[^\n]", "");
        BlockMagics block = blockMagics;
        // The body of a brace-less `for (...)` reads the loop's variables, as a block's does. A
        // value (`var id = %run start`) is inlined at the top level too: `$magic` returns a type
        // variable, which `var` would infer as Object, where the pipeline's line has the real type.
        String inlined =
            (depth > 0 || bracelessBody || expression) && block != null
                ? block.inline(magic.magicCall.name, WrittenArgs.of(magic), expression)
                : null;
        if (inlined != null) {
          int id = register(magic);
          if (expression) {
            String value = "$magicRan(" + id + ", " + inlined + ");";
            // At the top level, the empty block keeps an assignment's value from being shown, as
            // after the call below.
            return lines + (depth == 0 ? value + "{};" : value);
          }
          String statements = inlined + " $magicRan(" + id + ");";
          // After `if (...)` or `else`, several statements would leave all but the first outside
          // the condition (and an `else` after them without its `if`): one block keeps them in.
          return lines + (bracelessBody ? "{ " + statements + " }" : statements);
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
