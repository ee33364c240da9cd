package dev.trackbook.magics;

import dev.trackbook.kernel.JavaText;
import dev.trackbook.kernel.MagicCalls;
import dev.trackbook.kernel.MagicComments;
import dev.trackbook.kernel.dependencies.AddedRepositories;
import dev.trackbook.kernel.dependencies.DependencyMagics;
import dev.trackbook.kernel.dependencies.MavenResolver;
import dev.trackbook.kernel.dependencies.PomDependencies;
import dev.trackbook.magics.args.MagicTokenizer;
import dev.trackbook.magics.args.ParsedArgs;
import dev.trackbook.magics.tracking.MavenMagic;
import dev.trackbook.magics.tracking.TrackCellMagic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a notebook cell's source with magics into plain Java for a pipeline script. The converter
 * uses it; the kernel evaluates the very same Java for each magic (see {@link Magic}), so a
 * pipeline logs what its notebook logged.
 *
 * <ul>
 *   <li>{@code %param lr=0.01} → {@code double lr = 0.01;} and {@code Tracking.param("lr", lr);}
 *   <li>{@code var id = %run start} → {@code var id = Tracking.startRun(null).runId();}: magics
 *       with a value are expressions after {@code =}
 *   <li>display-only magics ({@code %runs}, {@code %compare}) and help ({@code %metric?}) → nothing
 *   <li>{@code %maven g:a:v} (or {@code %addMavenDependencies}) → nothing in the source; the
 *       coordinates are returned for the dependency header; so are the paths of {@code %classpath}
 *       and {@code %jars}, the repositories of {@code %addMavenRepo}, and the dependencies and
 *       repositories of a {@code %%loadFromPOM} cell and of the pom.xml a {@code %loadFromPOM PATH}
 *       line names
 *   <li>{@code %%note} → {@code Tracking.note("...")}; {@code %%track} → the body between a timer
 *       start and the duration metric and source-hash tag
 * </ul>
 *
 * <p>A line magic is recognised as in the kernel (jjava-jupyter's parser): {@code %} followed by a
 * name, to the end of the line or a comment after its arguments ({@link MagicComments}), unless it
 * is inside a string literal or a {@code //} comment. Only whole-line magics and magics after an
 * assignment's {@code =} are rewritten; other text with a {@code %} (such as {@code a%b}) stays as
 * it is. A cell magic must be the cell's first line. Stateless and thread-safe.
 */
public final class MagicRewriter {

  /** The import a pipeline script needs for the rewritten cells. */
  public static final String TRACKING_IMPORT = "import dev.trackbook.client.Tracking;";

  /**
   * Why a magic without a value cannot stand after {@code =}, in the notebook and at conversion.
   */
  public static final String NO_VALUE = "has no value; write it on a line of its own";

  private static final String TRACKING = "Tracking";
  private static final Pattern LINE_MAGIC =
      Pattern.compile("%(?<name>\\w+)(?<help>\\?)?(?<args>(\\s.*)?)$");
  private static final Pattern CELL_MAGIC =
      Pattern.compile("%%(?<name>\\w+)(?<help>\\?)?(?<args>(\\s.*)?)");
  // As in the Trackbook kernel's magic parser: a magic starts a line or follows an assignment's =.
  private static final Pattern EXPRESSION_PREFIX = Pattern.compile(".*[^=!<>+\\-*/%&|^]=\\s*");
  // Kernel magics that only make sense in a live session; a pipeline cannot honour them.
  private static final Set<String> SESSION_ONLY = Set.of("load");

  // %maven by each of its names, so errors name the magic as typed.
  private static final Map<String, MavenMagic> MAVEN =
      DependencyMagics.MAVEN_NAMES.stream()
          .collect(Collectors.toUnmodifiableMap(n -> n, MavenMagic::new));

  private MagicRewriter() {}

  /** {@link #forPipeline(String, Path)} for a notebook in the working directory. */
  public static PipelineCell forPipeline(String cellSource) {
    return forPipeline(cellSource, Path.of("").toAbsolutePath());
  }

  /**
   * Rewrites one cell.
   *
   * @param cellSource the cell's source as in the notebook
   * @param notebookDirectory the notebook's directory, where the kernel ran it: what the path of
   *     {@code %loadFromPOM PATH} is relative to
   * @return the cell as plain Java, and its {@code %maven} coordinates
   * @throws MagicUsageException with a one-line message when a magic is unknown or its arguments
   *     are wrong, or a POM it names cannot be read
   */
  public static PipelineCell forPipeline(String cellSource, Path notebookDirectory) {
    Needs needs = new Needs();
    // A line magic ending in a backslash continues on the next line, in the kernel too.
    String source = MagicCalls.joinContinuedLines(cellSource.replace("\r\n", "\n"));
    String firstLine = source.lines().findFirst().orElse("");
    Matcher cell = CELL_MAGIC.matcher(firstLine.strip());
    if (firstLine.stripLeading().startsWith("%%") && cell.matches()) {
      String body = source.substring(Math.min(source.length(), firstLine.length() + 1));
      if (cell.group("help") != null) {
        return needs.cell("");
      }
      String name = cell.group("name");
      if (name.equals(DependencyMagics.LOAD_FROM_POM_NAME)) {
        return loadFromPom(arguments(cell), body, needs);
      }
      Magic magic =
          MagicCatalog.cellMagic(name)
              .orElseThrow(() -> new MagicUsageException("%%" + name + ": unknown cell magic"));
      ParsedArgs args = magic.schema().parse(arguments(cell));
      if (magic instanceof TrackCellMagic track) {
        // The body of %%track is code like any other cell: its own line magics are rewritten too.
        String code = rewriteLines(body, notebookDirectory, needs);
        return needs.cell(track.timed(args, body, code, TRACKING).statements());
      }
      return needs.cell(magic.toJava(args, body, TRACKING).statements());
    }
    return needs.cell(rewriteLines(source, notebookDirectory, needs));
  }

  /**
   * {@code %%loadFromPOM}: the POM's dependencies and repositories go to the header, read as the
   * kernel reads them, so the pipeline resolves what the notebook did.
   */
  private static PipelineCell loadFromPom(List<String> scopes, String body, Needs needs) {
    PomDependencies pom;
    try {
      pom = PomDependencies.parse(scopes, body);
    } catch (IllegalArgumentException e) {
      throw new MagicUsageException(e.getMessage());
    }
    needs.add(pom);
    return needs.cell("");
  }

  /** What a cell's dependency magics add to the pipeline's header, in order. */
  private static final class Needs {
    final List<String> maven = new ArrayList<>();
    final List<String> classpath = new ArrayList<>();
    final List<MavenResolver.Repository> repositories = new ArrayList<>();

    PipelineCell cell(String javaSource) {
      return new PipelineCell(javaSource, maven, classpath, repositories);
    }

    void add(PomDependencies pom) {
      maven.addAll(pom.coordinates());
      repositories.addAll(pom.repositories());
    }
  }

  private static String rewriteLines(String source, Path notebookDirectory, Needs needs) {
    StringBuilder out = new StringBuilder();
    String[] lines = source.split("\n", -1);
    List<Integer> starts = MagicCalls.lineMagicStarts(source);
    int offset = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int indent = line.length() - line.stripLeading().length();
      if (line.startsWith("%%", indent)
          && !JavaText.insideLiteralOrComment(source, offset + indent)) {
        Matcher cell = CELL_MAGIC.matcher(line.strip());
        String name = cell.lookingAt() ? cell.group("name") : "";
        throw new MagicUsageException(
            "%%" + name + ": a cell magic must be the first line of its cell");
      }
      int percent = magicStart(starts, offset, line.length());
      boolean bracelessBody =
          percent >= 0 && MagicCalls.bracelessBody(source, starts, offset + percent);
      out.append(rewriteLine(line, percent, bracelessBody, notebookDirectory, needs));
      if (i < lines.length - 1) {
        out.append('\n');
      }
      offset += line.length() + 1;
    }
    return out.toString();
  }

  private static String rewriteLine(
      String line, int percent, boolean bracelessBody, Path notebookDirectory, Needs needs) {
    if (percent < 0) {
      return line;
    }
    Matcher m = LINE_MAGIC.matcher(line.substring(percent));
    if (!m.matches()) {
      return line;
    }
    String prefix = line.substring(0, percent);
    boolean expression = !prefix.isBlank();
    if (expression && !EXPRESSION_PREFIX.matcher(prefix).matches()) {
      return line;
    }
    String name = m.group("name");
    if (m.group("help") != null) {
      return expression ? line : "";
    }
    List<String> tokens = arguments(m);
    MavenMagic maven = MAVEN.get(name);
    if (maven != null) {
      needs.maven.addAll(maven.coordinates(maven.schema().parse(tokens)));
      return "";
    }
    if (name.equals(DependencyMagics.LOAD_FROM_POM_NAME)) {
      // Read at conversion: the header records the POM's dependencies, as a %%loadFromPOM cell's.
      try {
        needs.add(PomDependencies.read(notebookDirectory, tokens));
      } catch (IllegalArgumentException e) {
        throw new MagicUsageException(e.getMessage());
      }
      return "";
    }
    if (DependencyMagics.REPOSITORY_NAMES.contains(name)) {
      try {
        needs.repositories.add(AddedRepositories.parse("%" + name, tokens));
      } catch (IllegalArgumentException e) {
        throw new MagicUsageException(e.getMessage());
      }
      return "";
    }
    if (DependencyMagics.CLASSPATH_NAMES.contains(name)) {
      // Resolved when the pipeline runs, in the notebook's directory, as the kernel resolves them.
      if (tokens.isEmpty()) {
        throw new MagicUsageException("%" + name + ": expected one or more paths or globs");
      }
      needs.classpath.addAll(tokens);
      return "";
    }
    if (SESSION_ONLY.contains(name)) {
      throw new MagicUsageException("%" + name + ": only works in a notebook, not in a pipeline");
    }
    Magic magic =
        MagicCatalog.lineMagic(name)
            .orElseThrow(() -> new MagicUsageException("%" + name + ": unknown magic"));
    JavaCall call = magic.toJava(magic.schema().parse(tokens), null, TRACKING);
    if (!expression) {
      String statements = call.statements();
      if (bracelessBody) {
        // The body of `if (...)` or `else` is one statement: of several, all but the first would
        // run always; of none, the next line would become the body.
        statements = "{\n" + statements.indent(2) + "}";
      }
      return statements.lines().map(l -> prefix + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
    if (call.expression() == null) {
      throw magic.schema().usageError(NO_VALUE);
    }
    return prefix + call.expression() + ";";
  }

  /** A magic's arguments as the kernel reads them: without their comments, split. */
  private static MagicTokenizer.Tokens arguments(Matcher magic) {
    return MagicTokenizer.split(MagicComments.strip(magic.group("args")));
  }

  /** Where the line magic in the line at {@code offset} starts within it, or -1. */
  private static int magicStart(List<Integer> starts, int offset, int length) {
    for (int at : starts) {
      if (at >= offset && at < offset + length) {
        return at - offset;
      }
    }
    return -1;
  }
}
