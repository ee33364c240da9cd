package dev.trackbook.converter.percent;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.magic.MagicTranslator;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.CellType;
import dev.trackbook.converter.notebook.InputHash;
import dev.trackbook.converter.notebook.Notebook;
import dev.trackbook.converter.params.JavaStringLiteral;
import dev.trackbook.kernel.MagicCalls;
import dev.trackbook.kernel.dependencies.AddedRepositories;
import dev.trackbook.kernel.dependencies.MavenResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a notebook as a pipeline script in jupytext's percent format for Java
 * (https://jupytext.readthedocs.io/en/latest/formats-scripts.html#the-percent-format): {@code //
 * %%} markers carrying the cell type, tags and id; markdown and raw cells as {@code //} comments;
 * code cells as Java, their magics replaced by the Java the magics module generates. Output depends
 * only on its inputs, so the same notebook always gives the same bytes.
 */
public final class PercentWriter {

  private final MagicTranslator translator;
  private final Path notebookDirectory;

  /**
   * @param translator turns magics into Java
   * @param notebookDirectory the notebook's directory, which files its magics name are relative to
   */
  public PercentWriter(MagicTranslator translator, Path notebookDirectory) {
    this.translator = translator;
    this.notebookDirectory = notebookDirectory;
  }

  /**
   * The script body (everything after the header) and the Maven coordinates its magics need.
   *
   * @param body the text, starting with the blank line that follows the header
   * @param maven coordinates in first-use order, without duplicates
   * @param classpath {@code %classpath} paths and globs in first-use order, without duplicates
   * @param mavenRepositories {@code %addMavenRepo} repositories in first-use order, one per id (its
   *     latest URL, as in the kernel)
   * @param experiment the name the first {@code %experiment} magic sets, or null
   */
  public record Body(
      String body,
      List<String> maven,
      List<String> classpath,
      List<MavenResolver.Repository> mavenRepositories,
      String experiment) {}

  // What the magics module generates for %experiment; read from its output, not from the magic.
  private static final Pattern EXPERIMENT_CALL =
      Pattern.compile("\\s*Tracking\\.experiment\\((\"(?:[^\"\\\\]|\\\\.)*\")\\);?\\s*");

  /**
   * What the magics of one notebook need beyond their Java: Maven coordinates, class path, an
   * experiment.
   */
  private static final class Needs {
    final Set<String> maven = new LinkedHashSet<>();
    final Set<String> classpath = new LinkedHashSet<>();
    final AddedRepositories repositories = new AddedRepositories();
    String experiment;
  }

  /** Renders the body; a misused magic is a {@link ConversionException} naming the cell. */
  public Body body(Notebook notebook) {
    StringBuilder text = new StringBuilder();
    Needs needs = new Needs();
    for (int i = 0; i < notebook.cells().size(); i++) {
      Cell cell = notebook.cells().get(i);
      boolean notebookOnly = cell.type() == CellType.CODE && cell.hasTag(Cell.SKIP_PIPELINE_TAG);
      checkNoMarkerLines(notebook, i, notebookOnly);
      text.append('\n');
      text.append(new CellMarker(cell.type(), cell.id(), cell.tags(), notebookOnly).render());
      text.append('\n');
      List<String> lines =
          cell.type() == CellType.CODE && !notebookOnly
              ? codeLines(notebook, i, needs)
              : sourceLines(cell.source()).stream().map(ScriptSyntax::comment).toList();
      for (String line : lines) {
        text.append(line).append('\n');
      }
    }
    return new Body(
        text.toString(),
        List.copyOf(needs.maven),
        List.copyOf(needs.classpath),
        needs.repositories.list(),
        needs.experiment);
  }

  /**
   * A source line that would be written as a cell marker ({@code // %% section}, {@code // In[3]:}
   * in code, {@code %% x} in markdown) would split the cell when the script is read, by jupytext
   * too; refused here so the message names the notebook's cell and line, not a script line.
   */
  private static void checkNoMarkerLines(Notebook notebook, int index, boolean notebookOnly) {
    Cell cell = notebook.cells().get(index);
    boolean commented = cell.type() != CellType.CODE || notebookOnly;
    List<String> source = sourceLines(cell.source());
    for (int n = 0; n < source.size(); n++) {
      String line = source.get(n);
      if (CellMarker.isMarker(commented ? ScriptSyntax.comment(line) : line)) {
        throw new ConversionException(
            notebook.describeCell(index)
                + ", line "
                + (n + 1)
                + ": \""
                + line.strip()
                + "\" would read as a \"// %%\" cell marker in the pipeline script (jupytext's"
                + " percent format) and split the cell; reword it");
      }
    }
  }

  /** The whole script: the header (its body hash filled in) and the body. */
  public static String script(PipelineHeader header, Body body) {
    StringBuilder text = new StringBuilder();
    // jupytext writes this line for non-Python scripts with non-ASCII text (header.py,
    // encoding_and_executable); writing it too keeps a jupytext round trip byte-identical.
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(body.body())) {
      text.append(ScriptSyntax.CODING).append('\n');
    }
    for (String line : header.withBodySha256(InputHash.sha256(body.body())).render()) {
      text.append(line).append('\n');
    }
    return text.append(body.body()).toString();
  }

  private List<String> codeLines(Notebook notebook, int index, Needs needs) {
    Cell cell = notebook.cells().get(index);
    List<String> source = sourceLines(cell.source());
    List<String> out = new ArrayList<>();
    // A cell magic (%%name on the first line) owns the whole cell.
    if (!source.isEmpty() && source.get(0).stripLeading().startsWith("%%")) {
      magicBlock(notebook, index, source, translate(notebook, index, 0, cell.source()), out, needs);
      return out;
    }
    // Which lines are magics is a question about the whole cell, asked as the kernel asks it: a
    // `%` inside a text block or a block comment, or a `%n` continuing an expression, is Java; a
    // magic line ending in a backslash goes on in the next (joined, the rest left blank).
    List<String> joined = sourceLines(MagicCalls.joinContinuedLines(cell.source()));
    List<Integer> starts = MagicCalls.lineMagicStarts(String.join("\n", joined));
    int offset = 0;
    for (int n = 0; n < source.size(); n++) {
      String line = source.get(n);
      if (line.stripLeading().startsWith(ScriptSyntax.RESERVED)) {
        throw new ConversionException(
            notebook.describeCell(index)
                + ", line "
                + (n + 1)
                + ": comments starting with \""
                + ScriptSyntax.RESERVED
                + "\" are reserved for pipeline scripts; reword this comment");
      }
      int lineStart = offset;
      int lineEnd = offset + joined.get(n).length();
      offset = lineEnd + 1;
      if (starts.stream().anyMatch(at -> at >= lineStart && at < lineEnd)) {
        int next = n + 1;
        while (next < source.size()
            && source.get(next - 1).stripTrailing().endsWith("\\")
            && joined.get(next).isEmpty()) {
          offset += 1;
          next++;
        }
        MagicTranslator.Translation translation = translate(notebook, index, n, joined.get(n));
        if (!translation.javaSource().equals(joined.get(n))
            || !translation.mavenCoordinates().isEmpty()
            || !translation.classpath().isEmpty()
            || !translation.mavenRepositories().isEmpty()) {
          magicBlock(notebook, index, source.subList(n, next), translation, out, needs);
          n = next - 1;
          continue;
        }
      }
      // Java; jupytext comments a line that looks like a magic once more, and the reader undoes it.
      out.add(
          ScriptSyntax.JUPYTEXT_MAGIC.matcher(line).matches() ? ScriptSyntax.escape(line) : line);
    }
    return out;
  }

  private MagicTranslator.Translation translate(
      Notebook notebook, int index, int line, String source) {
    try {
      return translator.translate(source, notebookDirectory);
    } catch (IllegalArgumentException e) {
      throw new ConversionException(
          notebook.describeCell(index) + ", line " + (line + 1) + ": " + e.getMessage(), e);
    }
  }

  private static void magicBlock(
      Notebook notebook,
      int index,
      List<String> original,
      MagicTranslator.Translation translation,
      List<String> out,
      Needs needs) {
    for (String line : original) {
      out.add(ScriptSyntax.MAGIC + line);
    }
    if (!translation.javaSource().isEmpty()) {
      for (String line : translation.javaSource().split("\n", -1)) {
        if (line.stripLeading().startsWith(ScriptSyntax.RESERVED) || CellMarker.isMarker(line)) {
          throw new ConversionException(
              notebook.describeCell(index)
                  + ": the Java for "
                  + original.get(0).strip()
                  + " has a line a pipeline script cannot hold: "
                  + line.strip());
        }
        out.add(line);
      }
    }
    out.add(ScriptSyntax.END_MAGIC);
    needs.maven.addAll(translation.mavenCoordinates());
    needs.classpath.addAll(translation.classpath());
    translation.mavenRepositories().forEach(needs.repositories::add);
    Matcher call = EXPERIMENT_CALL.matcher(translation.javaSource());
    if (needs.experiment == null && call.matches()) {
      needs.experiment = JavaStringLiteral.unquote(call.group(1));
    }
  }

  /** The lines of a source; an empty source has none. */
  static List<String> sourceLines(String source) {
    return source.isEmpty() ? List.of() : List.of(source.split("\n", -1));
  }
}
