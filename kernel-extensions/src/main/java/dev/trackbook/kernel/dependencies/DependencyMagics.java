package dev.trackbook.kernel.dependencies;

import dev.trackbook.kernel.JavaText;
import dev.trackbook.kernel.TrackbookKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.magic.CellMagic;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;

/**
 * {@code %classpath PATH...} (and {@code %jars PATH...}, its name in IJava and JJava notebooks) and
 * {@code %maven g:a:v...}: add jars to the notebook. They return the list of entries they added, so
 * {@code var jars = %maven ...} works.
 */
public final class DependencyMagics {

  // A whole line that is a %maven call (not `var jars = %maven ...`, whose value the user wants),
  // by any of its names.
  private static final Pattern MAVEN_LINE =
      Pattern.compile(
          "^[ \\t]*%(maven|addMavenDependencies|addMavenDependency)[ \\t]+(\\S.*?)[ \\t]*\\r?$");

  private DependencyMagics() {}

  /**
   * Adjacent {@code %maven} lines of a cell become one {@code %maven} with all their coordinates,
   * so a cell that lists its dependencies line by line resolves them as one pom would: one graph,
   * nearest version wins, and the shared libraries are resolved once. The lines it empties stay, so
   * the cell's line numbers still mean what the user sees. IJava's names for it ({@link
   * #MAVEN_NAMES}) join alike, under the first line's name.
   */
  public static String joinAdjacentMavenLines(String cell) {
    if (!cell.contains("%maven") && !cell.contains("%addMavenDependenc")) {
      return cell;
    }
    String[] lines = cell.split("\n", -1);
    int[] starts = new int[lines.length];
    for (int i = 1; i < lines.length; i++) {
      starts[i] = starts[i - 1] + lines[i - 1].length() + 1;
    }
    StringBuilder out = new StringBuilder(cell.length());
    int i = 0;
    while (i < lines.length) {
      Matcher first = mavenLine(cell, lines, starts, i);
      if (first == null) {
        out.append(lines[i]).append('\n');
        i++;
        continue;
      }
      StringBuilder joined =
          new StringBuilder("%").append(first.group(1)).append(' ').append(first.group(2));
      int next = i + 1;
      for (Matcher m;
          next < lines.length && (m = mavenLine(cell, lines, starts, next)) != null;
          next++) {
        joined.append(' ').append(m.group(2));
      }
      out.append(joined).append('\n');
      out.append("\n".repeat(next - i - 1));
      i = next;
    }
    out.setLength(out.length() - 1); // split kept a last, possibly empty, line: no newline after it
    return out.toString();
  }

  // Line i as a %maven call, or null: also when it lies in a string, text block or comment, which
  // the kernel's transpiler leaves as text too.
  private static Matcher mavenLine(String cell, String[] lines, int[] starts, int i) {
    Matcher m = MAVEN_LINE.matcher(lines[i]);
    return m.matches() && !JavaText.insideLiteralOrComment(cell, starts[i]) ? m : null;
  }

  /**
   * The names of {@code %classpath} (IJava's and JJava's {@code %jars} too) and of {@code
   * %mavenRepo} (with IJava's alias {@code %addMavenRepo}): the kernel registers them and the
   * converter turns them into the pipeline header, so both read them here.
   */
  public static final List<String> CLASSPATH_NAMES = List.of("classpath", "jars");

  public static final List<String> REPOSITORY_NAMES = List.of("addMavenRepo", "mavenRepo");

  /**
   * The names of {@code %maven}: IJava documents {@code %addMavenDependencies} and {@code
   * %addMavenDependency} as its aliases (JJava keeps the latter, deprecated).
   */
  public static final List<String> MAVEN_NAMES =
      List.of("maven", "addMavenDependencies", "addMavenDependency");

  /**
   * The name of the cell magic {@code %%loadFromPOM} and of the line magic {@code %loadFromPOM
   * PATH} ({@link PomDependencies}).
   */
  public static final String LOAD_FROM_POM_NAME = "loadFromPOM";

  public static final String CLASSPATH_HELP =
      "%classpath PATH...\n"
          + "  Add jars, class directories or globs (lib/*.jar) to the notebook's class path.\n"
          + "  Value: the paths added.\n";

  public static final String JARS_HELP =
      "%jars PATH...\n"
          + "  IJava's and JJava's name for %classpath: add jars, class directories or globs\n"
          + "  (lib/*.jar) to the notebook's class path.\n"
          + "  Value: the paths added.\n";

  public static final String MAVEN_HELP =
      "%maven GROUP:ARTIFACT[:EXTENSION[:CLASSIFIER]]:VERSION...\n"
          + "  Resolve the artifacts and their dependencies onto the notebook's class path,\n"
          + "  searching the local repository, then the repositories of settings.xml's active\n"
          + "  profiles, those added with %addMavenRepo or %mavenRepo, and Maven Central\n"
          + "  (through settings.xml's mirrors). Adjacent %maven lines resolve together; a\n"
          + "  library already added keeps its version.\n"
          + "  Value: the jars added.\n";

  public static final String ADD_MAVEN_DEPENDENCIES_HELP =
      "%addMavenDependencies GROUP:ARTIFACT[:EXTENSION[:CLASSIFIER]]:VERSION...\n"
          + "  IJava's name for %maven (also %addMavenDependency): resolve the artifacts and\n"
          + "  their dependencies onto the notebook's class path, as %maven does.\n"
          + "  Value: the jars added.\n";

  public static final String LOAD_FROM_POM_HELP =
      "%%loadFromPOM [SCOPE...]\n"
          + "  <dependency>, <dependencies>, <repository>, <repositories>, <properties>\n"
          + "  (or a whole <project>) as in a pom.xml\n"
          + "%loadFromPOM PATH [SCOPE...]\n"
          + "  the pom.xml at PATH (UTF-8), relative to the notebook's directory\n"
          + "  Resolve the POM's dependencies of the given scopes (default: compile, runtime)\n"
          + "  together, as one %maven line, searching its repositories too; they are added as\n"
          + "  %mavenRepo adds them, for later %maven lines too. A library already added keeps\n"
          + "  its version. ${name} reads the POM's <properties>; <parent>,\n"
          + "  <dependencyManagement>, <profiles> and <exclusions> are not supported.\n"
          + "  Value: the jars added.\n";

  public static final String MAVEN_REPO_HELP =
      "%addMavenRepo ID URL   (or %mavenRepo ID URL)\n"
          + "  Search the remote Maven repository at URL (http, https or file) in later %maven\n"
          + "  lines, after settings.xml's profile repositories and before Maven Central; ID\n"
          + "  names its credentials (<server>) and mirrors in settings.xml. An ID added\n"
          + "  again takes the new URL.\n";

  /** {@code %name?}: prints {@code text}. */
  public static LineMagic<Void, BaseKernel> help(String text) {
    return (kernel, args) -> {
      System.out.print(text);
      System.out.flush();
      return null;
    };
  }

  /**
   * {@code %classpath PATH...}: jars, class directories or globs ({@code lib/*.jar}).
   *
   * @param magic the name the notebook calls it by ({@code %classpath} or {@code %jars}), which its
   *     errors start with
   */
  public static LineMagic<List<String>, BaseKernel> classpath(String magic) {
    return (kernel, args) -> {
      List<String> added = classpathEntries(magic, args);
      addToClasspath(kernel, magic, added);
      return added;
    };
  }

  /**
   * What {@code %classpath PATH...} adds: each path or glob ({@code lib/*.jar}), relative to the
   * working directory, as absolute paths; a pipeline converted from the notebook adds the same.
   *
   * @param magic the magic the paths come from, which the message starts with
   * @throws IllegalArgumentException with a one-line message when there are no paths, or one
   *     matches nothing
   */
  public static List<String> classpathEntries(String magic, List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException(magic + ": expected one or more paths or globs");
    }
    List<String> added = new ArrayList<>();
    for (String arg : args) {
      List<Path> matches;
      try {
        matches = PathsHandler.splitAndResolveGlobs(arg);
      } catch (RuntimeException e) {
        // jjava cannot list a glob's directory that does not exist (a NoSuchFileException inside)
        matches = List.of();
      }
      if (matches.isEmpty()) {
        throw new IllegalArgumentException(magic + ": nothing matches '" + arg + "'");
      }
      for (Path p : matches) {
        if (!Files.exists(p)) {
          throw new IllegalArgumentException(magic + ": no such file or directory: " + p);
        }
        added.add(p.toAbsolutePath().toString());
      }
    }
    return added;
  }

  /**
   * {@code %mavenRepo ID URL} (IJava's and JJava's name; {@code %addMavenRepo} is IJava's alias for
   * it): a remote repository for the later {@code %maven} lines of the notebook.
   *
   * @param magic the name the notebook calls it by, which its errors start with
   */
  public static LineMagic<Void, BaseKernel> mavenRepo(String magic, AddedRepositories added) {
    return (kernel, args) -> {
      added.add(AddedRepositories.parse(magic, args));
      return null;
    };
  }

  /**
   * {@code %maven g:a:v...} (and IJava's {@code %addMavenDependencies}): resolves the coordinates
   * together, as one pom's dependencies (adjacent lines too: {@link #joinAdjacentMavenLines}), from
   * the local repository, settings.xml's profile repositories, those of {@code %mavenRepo} and
   * Maven Central (through settings.xml's mirrors and proxies). A library an earlier call put on
   * the classpath keeps its version ({@link MavenClasspath}).
   *
   * @param magic the name the notebook calls it by, which its errors start with
   */
  public static LineMagic<List<String>, BaseKernel> maven(String magic, MavenClasspath maven) {
    return (kernel, args) -> {
      if (args.isEmpty()) {
        throw new IllegalArgumentException(magic + ": expected group:artifact:version ...");
      }
      return maven.add(kernel, magic, args);
    };
  }

  /**
   * {@code %%loadFromPOM [SCOPE...]}: the dependencies of a pom.xml or of POM fragments in the
   * cell's body ({@link PomDependencies}), resolved together as one {@code %maven} line. Its
   * repositories are added as {@code %mavenRepo} adds them, so later {@code %maven} lines search
   * them too, as the pipeline made from the notebook does (its header has one list of them).
   */
  public static CellMagic<List<String>, BaseKernel> loadFromPom(MavenClasspath maven) {
    return (kernel, args, body) ->
        load(kernel, maven, PomDependencies.MAGIC, PomDependencies.parse(args, body));
  }

  /**
   * {@code %loadFromPOM PATH [SCOPE...]}: what {@link #loadFromPom} does with the pom.xml at PATH,
   * relative to the working directory (the notebook's), as IJava and JJava read it.
   */
  public static LineMagic<List<String>, BaseKernel> loadFromPomFile(MavenClasspath maven) {
    return (kernel, args) ->
        load(
            kernel,
            maven,
            PomDependencies.LINE_MAGIC,
            PomDependencies.read(Path.of("").toAbsolutePath(), args));
  }

  private static List<String> load(
      BaseKernel kernel, MavenClasspath maven, String magic, PomDependencies pom) {
    pom.repositories().forEach(maven.repositories()::add);
    if (pom.coordinates().isEmpty()) {
      return List.of();
    }
    return maven.add(kernel, magic, pom.coordinates());
  }

  /** The kernel's {@code %maven} family, resolving into one {@link MavenClasspath}. */
  public static MavenClasspath mavenClasspath(
      MavenResolver resolver, AddedRepositories repositories) {
    return new MavenClasspath(resolver, repositories);
  }

  /**
   * Puts {@code entries} on the notebook's class path, all or none.
   *
   * @throws IllegalStateException as one line naming {@code magic} and a file that is no jar
   */
  private static void addToClasspath(BaseKernel kernel, String magic, List<String> entries) {
    try {
      TrackbookKernel.of(kernel).addToClasspath(entries);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(magic + ": " + e.getMessage(), e);
    }
  }
}
