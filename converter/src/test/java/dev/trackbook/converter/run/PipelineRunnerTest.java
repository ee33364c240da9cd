package dev.trackbook.converter.run;

import static dev.trackbook.converter.NotebookFiles.cell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.Converter;
import dev.trackbook.converter.NotebookFiles;
import dev.trackbook.converter.magic.MagicsModuleTranslator;
import dev.trackbook.kernel.dependencies.MavenResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs converted notebooks with the kernel's real JShell engine. */
class PipelineRunnerTest {

  @TempDir Path root;
  final RecordingRunLog log = new RecordingRunLog();
  // Cells report back through system properties: the engine runs them in this JVM.
  String key;

  @BeforeEach
  void uniqueKey() {
    key = "pipeline.test." + UUID.randomUUID();
  }

  PipelineRunner runner() {
    return new PipelineRunner(
        PipelineRunner::kernelEngine,
        (coordinates, repositories) -> {
          throw new AssertionError("no dependencies expected");
        },
        log);
  }

  static PipelineRunner.Options options(String... assignments) {
    return new PipelineRunner.Options(List.of(assignments), null, Map.of(), null, false);
  }

  Path convert(NotebookFiles.TestCell... cells) throws IOException {
    Path notebook = NotebookFiles.write(root.resolve("notebooks/job.ipynb"), cells);
    Converter converter =
        new Converter(
            root,
            new MagicsModuleTranslator(),
            (r, f) -> new dev.trackbook.converter.SourceControl.Revision(null, false));
    return converter.convert(notebook, Path.of("pipelines")).script();
  }

  String reported(String name) {
    return System.getProperty(key + "." + name);
  }

  String report(String name, String expression) {
    return "System.setProperty(\"" + key + "." + name + "\", String.valueOf(" + expression + "));";
  }

  @Test
  void runsCellsInOrderAndLogsTheRunWithItsProvenance() throws IOException {
    Path script =
        convert(
            cell("p", "int epochs = 3;\ndouble lr = 0.5;", "parameters"),
            cell("train", "double total = epochs * lr;\n" + report("total", "total")));

    PipelineRunner.Result result = runner().run(script, options());

    assertThat(result.ok()).as(result.failure()).isTrue();
    assertThat(result.cellsRun()).isEqualTo(2);
    assertThat(reported("total")).isEqualTo("1.5");
    assertThat(log.status).isEqualTo("FINISHED");
    assertThat(log.runName).isEqualTo("job");
    assertThat(log.params).containsEntry("epochs", 3).containsEntry("lr", 0.5);
    assertThat(log.tags)
        .containsEntry("trackbook.pipeline.version", "1")
        .containsEntry("trackbook.pipeline.source", "notebooks/job.ipynb")
        .containsKey("trackbook.pipeline.source_sha256");
  }

  @Test
  void javaThatLooksLikeAMagicRunsAsTheNotebookRunsIt() throws IOException {
    Path script =
        convert(
            cell("text", "String s = \"\"\"\n%metric x=1\n\"\"\";\n" + report("text", "s")),
            cell("rem", "int n = 3;\nint total = 10;\nint r = total\n  %n;\n" + report("r", "r")),
            cell("comment", "/*\n%param lr=5\n*/\n" + report("comment", "1")),
            cell("continued", "%param a=1 \\\n   b=2\n" + report("sum", "a + b")));

    PipelineRunner.Result result = runner().run(script, options());

    assertThat(result.ok()).as(result.failure()).isTrue();
    // In the kernel a text block's line, a remainder on a continuation line and a block comment
    // are Java, and a magic line ending in a backslash goes on in the next.
    assertThat(reported("text")).isEqualTo("%metric x=1\n");
    assertThat(reported("r")).isEqualTo("1");
    assertThat(reported("comment")).isEqualTo("1");
    assertThat(reported("sum")).isEqualTo("3");
    assertThat(Files.readString(script))
        .contains("// trackbook:magic %param a=1 \\\n// trackbook:magic    b=2\n")
        .doesNotContain("// trackbook:magic %metric")
        .doesNotContain("// trackbook:magic %param lr");
  }

  @Test
  void theScriptIsTaggedByItsPathInTheProjectWhereverTheRunStarts() throws IOException {
    Path script = convert(cell("a", "int x = 1;"));

    assertThat(runner().run(script.toAbsolutePath(), options()).ok()).isTrue();
    assertThat(log.tags).containsEntry("trackbook.pipeline.script", "pipelines/job.java");
    Path fromNotebooks = Path.of("").toAbsolutePath().relativize(script.toAbsolutePath());
    assertThat(runner().run(fromNotebooks, options()).ok()).isTrue();
    assertThat(log.tags).containsEntry("trackbook.pipeline.script", "pipelines/job.java");
  }

  @Test
  void overridesReplaceTheParametersBeforeDependentCellsRun() throws IOException {
    Path script =
        convert(
            cell(
                "p",
                "int epochs = 3;\nString name = \"base\";\nboolean big = false;",
                "parameters"),
            cell(
                "derived",
                "int steps = epochs * 10;\n"
                    + report("steps", "steps")
                    + report("name", "name")
                    + report("big", "big")));

    PipelineRunner.Result result =
        runner().run(script, options("epochs=7", "name=tuned run", "big=true"));

    assertThat(result.ok()).as(result.failure()).isTrue();
    assertThat(reported("steps")).isEqualTo("70");
    assertThat(reported("name")).isEqualTo("tuned run");
    assertThat(reported("big")).isEqualTo("true");
    assertThat(log.params).containsEntry("epochs", 7).containsEntry("name", "tuned run");
  }

  @Test
  void environmentAndFileOverridesApplyInOrder() throws IOException {
    Path script =
        convert(
            cell("p", "int a = 1;\nint b = 2;\nlong c = 3L;", "parameters"),
            cell("use", report("sum", "a + \"/\" + b + \"/\" + c")));
    Path file = Files.writeString(root.resolve("params.yaml"), "b: 20\nc: 30\n");

    PipelineRunner.Result result =
        runner()
            .run(
                script,
                new PipelineRunner.Options(
                    List.of("c=300"),
                    file,
                    Map.of("TRACKBOOK_PARAM_A", "10", "TRACKBOOK_PARAM_B", "99"),
                    null,
                    false));

    assertThat(result.ok()).as(result.failure()).isTrue();
    // a from the environment, b from the file (it beats the environment), c from -p (beats both).
    assertThat(reported("sum")).isEqualTo("10/20/300");
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedBeforeAnythingRuns() throws IOException {
    Path script =
        convert(cell("p", "int epochs = 3;", "parameters"), cell("x", report("ran", "true")));

    assertThatThrownBy(() -> runner().run(script, options("epochs=many")))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("epochs")
        .hasMessageContaining("int")
        .hasMessageContaining("many");
    assertThatThrownBy(() -> runner().run(script, options("epoch=4")))
        .hasMessageContaining("unknown parameter epoch")
        .hasMessageContaining("epochs");
    assertThat(reported("ran")).isNull();
    assertThat(log.starts).isZero();
  }

  @Test
  void stopsAtTheFirstFailingCellAndNamesIt() throws IOException {
    Path script =
        convert(
            cell("ok", "int zero = 0;"),
            cell("md", "md:# just text"),
            cell("boom", "int ratio = 10 / zero;\nint more = 1;"),
            cell("after", report("after", "true")));

    PipelineRunner.Result result = runner().run(script, options());

    assertThat(result.ok()).isFalse();
    assertThat(result.cellsRun()).isEqualTo(2);
    assertThat(result.failure())
        .contains("cell 2 (id boom)")
        .contains("int ratio = 10 / zero;")
        .contains("java.lang.ArithmeticException: / by zero")
        .contains("(cell 2 (id boom), line 1)")
        .doesNotContain("jdk.jshell")
        .doesNotContain("dev.trackbook");
    assertThat(reported("after")).isNull();
    assertThat(log.status).isEqualTo("FAILED");
    assertThat(log.tags)
        .containsEntry("trackbook.pipeline.failed_cell", "2")
        .containsEntry("trackbook.pipeline.failed_cell_id", "boom");
  }

  @Test
  void aCellTaggedRaisesExceptionShowsItsErrorAndTheRunGoesOn() throws IOException {
    Path script =
        convert(
            cell("start", "int n = 1;"),
            cell("bad", "Integer.parseInt(\"not a number\");", "raises-exception"),
            cell("end", report("end", "true")));
    List<String> progress = new ArrayList<>();

    PipelineRunner.Result result = runner().run(script, options(), progress::add);

    assertThat(result.ok()).as(result.failure()).isTrue();
    assertThat(result.cellsRun()).isEqualTo(3);
    assertThat(reported("end")).isEqualTo("true");
    assertThat(log.status).isEqualTo("FINISHED");
    assertThat(progress)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("raises-exception")
                    .contains("cell 1 (id bad)")
                    .contains("java.lang.NumberFormatException"));
  }

  @Test
  void aCompileErrorFailsTheRunWithItsLine() throws IOException {
    Path script =
        convert(cell("a", "int x = 1;"), cell("typo", "int y = 2;\nint z = undefinedThing + 1;"));

    PipelineRunner.Result result = runner().run(script, options());

    assertThat(result.ok()).isFalse();
    assertThat(result.failure())
        .contains("cell 1 (id typo)")
        .contains("line 2")
        .contains("undefinedThing");
  }

  @Test
  void anEditedScriptIsRefusedUnlessForced() throws IOException {
    Path script = convert(cell("a", report("value", "1")));
    Files.writeString(
        script, Files.readString(script).replace("String.valueOf(1)", "String.valueOf(2)"));

    assertThatThrownBy(() -> runner().run(script, options()))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("edited")
        .hasMessageContaining("--force");
    assertThat(reported("value")).isNull();
    assertThat(log.starts).isZero();

    PipelineRunner.Result forced =
        runner().run(script, new PipelineRunner.Options(List.of(), null, Map.of(), null, true));
    assertThat(forced.ok()).isTrue();
    assertThat(reported("value")).isEqualTo("2");
  }

  @Test
  void aPomALoadFromPomLineReadsThatChangedSinceTheConversionIsRefusedSayingSo()
      throws IOException {
    Files.createDirectories(root.resolve("notebooks"));
    Files.writeString(
        root.resolve("notebooks/pom.xml"), "<project><modelVersion>4.0.0</modelVersion></project>");
    Path script = convert(cell("pom", "%loadFromPOM pom.xml"), cell("x", report("x", "1")));
    Files.writeString(
        root.resolve("notebooks/pom.xml"),
        "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
            + "<version>1</version></dependency></dependencies></project>");

    assertThatThrownBy(() -> runner().run(script, options()))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("a pom.xml a %loadFromPOM line reads changed since the conversion")
        .hasMessageContaining("convert notebooks/job.ipynb again");
    assertThat(reported("x")).isNull();
  }

  @Test
  void aPomALoadFromPomLineReadsThatIsGoneSinceTheConversionIsNamedWhenTheRunIsRefused()
      throws IOException {
    Files.createDirectories(root.resolve("notebooks"));
    Path pom = root.resolve("notebooks/pom.xml");
    Files.writeString(pom, "<project><modelVersion>4.0.0</modelVersion></project>");
    Path script = convert(cell("pom", "%loadFromPOM pom.xml"), cell("x", report("x", "1")));
    Files.delete(pom);

    assertThatThrownBy(() -> runner().run(script, options()))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("its cells no longer convert as they did:")
        .hasMessageContaining("%loadFromPOM: no such file: pom.xml")
        .hasMessageContaining("convert notebooks/job.ipynb again");
    assertThat(reported("x")).isNull();
  }

  @Test
  void aHeaderEditedByHandIsRefusedLikeAnEditedBody() throws IOException {
    Path script =
        convert(
            cell("p", "int epochs = 3;", "parameters"),
            cell("e", "%experiment from notebook"),
            cell("x", report("x", "epochs")));
    String converted = Files.readString(script);
    // The runner obeys the header's experiment, Maven coordinates and parameter defaults, which no
    // hash covers: each must still be what the cells say.
    for (String edited :
        List.of(
            converted.replace("experiment: from notebook", "experiment: hijacked"),
            converted.replace("maven: []", "maven:\n//       - g:a:1"),
            converted.replace("default: 3", "default: 4"))) {
      assertThat(edited).isNotEqualTo(converted);
      Files.writeString(script, edited);
      assertThatThrownBy(() -> runner().run(script, options()))
          .isInstanceOf(ConversionException.class)
          .hasMessageContaining("edited");
    }
    assertThat(reported("x")).isNull();
    assertThat(log.starts).isZero();
  }

  @Test
  void theRunLogsToTheNotebooksExperimentUnlessToldOtherwise() throws IOException {
    Path script = convert(cell("e", "%experiment from notebook"), cell("x", "int x = 1;"));

    assertThat(runner().run(script, options()).ok()).isTrue();
    assertThat(log.experiment).isEqualTo("from notebook");

    runner().run(script, new PipelineRunner.Options(List.of(), null, Map.of(), "from cli", false));
    assertThat(log.experiment).isEqualTo("from cli");
  }

  /** Compiles class {@code demo.NAME} from {@code source} into {@code dir} under the root. */
  Path compiledClass(String dir, String name, String source) throws IOException {
    Path src = Files.createDirectories(root.resolve("lib-src/demo"));
    Files.writeString(src.resolve(name + ".java"), source);
    Path classes = Files.createDirectories(root.resolve(dir));
    int compiled =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null, null, null, "-d", classes.toString(), src.resolve(name + ".java").toString());
    assertThat(compiled).isZero();
    return classes;
  }

  @Test
  void mavenDependenciesFromTheHeaderAreOnTheCellsClassPath() throws IOException {
    Path classes =
        compiledClass(
            "lib-classes",
            "Greeter",
            "package demo; public class Greeter { public static String hi() { return \"hi\"; } }");
    Path script =
        convert(
            cell("deps", "%maven demo:greeter:1.0"),
            cell("use", report("greeting", "demo.Greeter.hi()")));
    List<String> asked = new ArrayList<>();
    PipelineRunner runner =
        new PipelineRunner(
            () -> new KernelCellEngine(List.of()),
            (coordinates, repositories) -> {
              asked.addAll(coordinates);
              return List.of(classes);
            },
            log);

    PipelineRunner.Result result = runner.run(script, options());

    assertThat(result.ok()).as(result.failure()).isTrue();
    assertThat(asked).containsExactly("demo:greeter:1.0");
    assertThat(reported("greeting")).isEqualTo("hi");
  }

  /** demo:remote:1.0 (class demo.Remote) in a repository of Maven's layout; its file:// URL. */
  private String remoteRepository() throws IOException {
    Path classes =
        compiledClass(
            "remote-classes",
            "Remote",
            "package demo; public class Remote { public static String hi() { return \"far\"; } }");
    // A remote repository in Maven's layout, reached by file:// as by http(s)://.
    Path version = Files.createDirectories(root.resolve("extra-repo/demo/remote/1.0"));
    try (JarOutputStream jar =
        new JarOutputStream(Files.newOutputStream(version.resolve("remote-1.0.jar")))) {
      jar.putNextEntry(new JarEntry("demo/Remote.class"));
      jar.write(Files.readAllBytes(classes.resolve("demo/Remote.class")));
      jar.closeEntry();
    }
    Files.writeString(
        version.resolve("remote-1.0.pom"),
        "<project><modelVersion>4.0.0</modelVersion><groupId>demo</groupId>"
            + "<artifactId>remote</artifactId><version>1.0</version></project>");
    return root.resolve("extra-repo").toUri().toString();
  }

  /** A runner resolving with Maven's resolver with no repository of its own (no Central). */
  private PipelineRunner headerRepositoriesOnlyRunner() {
    MavenResolver maven = new MavenResolver(root.resolve("local-repo"), List.of());
    return new PipelineRunner(
        () -> new KernelCellEngine(List.of()),
        (coordinates, repositories) ->
            maven.resolve(coordinates, repositories).stream().map(MavenResolver.Jar::file).toList(),
        log);
  }

  @Test
  void aRepositoryTheNotebookAddedIsWhereThePipelinesMavenResolves() throws IOException {
    String url = remoteRepository();
    Path script =
        convert(
            cell("repo", "%addMavenRepo extra " + url + "\n%maven demo:remote:1.0"),
            cell("use", report("remote", "demo.Remote.hi()")));

    // Only the header's repository can serve.
    PipelineRunner.Result result = headerRepositoriesOnlyRunner().run(script, options());

    assertThat(result.ok()).as(result.failure()).isTrue();
    assertThat(reported("remote")).isEqualTo("far");
  }

  @Test
  void ijavasDependencyMagicsResolveInThePipelineAsInTheNotebook() throws IOException {
    String url = remoteRepository();
    Path pom =
        convert(
            cell(
                "pom",
                "%%loadFromPOM\n<repositories>\n  <repository><id>extra</id><url>"
                    + url
                    + "</url></repository>\n</repositories>\n<dependencies>\n"
                    + "  <dependency><groupId>demo</groupId><artifactId>remote</artifactId>"
                    + "<version>1.0</version></dependency>\n</dependencies>"),
            cell("use", report("remote", "demo.Remote.hi()")));

    PipelineRunner.Result fromPom = headerRepositoriesOnlyRunner().run(pom, options());

    assertThat(fromPom.ok()).as(fromPom.failure()).isTrue();
    assertThat(reported("remote")).isEqualTo("far");

    // %loadFromPOM PATH: the same POM as a file beside the notebook, read at conversion.
    System.clearProperty(key + ".remote");
    Files.createDirectories(root.resolve("notebooks/deps"));
    Files.writeString(
        root.resolve("notebooks/deps/pom.xml"),
        "<project>\n<repositories>\n  <repository><id>extra</id><url>"
            + url
            + "</url></repository>\n</repositories>\n<dependencies>\n"
            + "  <dependency><groupId>demo</groupId><artifactId>remote</artifactId>"
            + "<version>1.0</version></dependency>\n</dependencies>\n</project>\n");
    Path pomFile =
        convert(
            cell("pom", "%loadFromPOM deps/pom.xml"),
            cell("use", report("remote", "demo.Remote.hi()")));

    PipelineRunner.Result fromPomFile = headerRepositoriesOnlyRunner().run(pomFile, options());

    assertThat(fromPomFile.ok()).as(fromPomFile.failure()).isTrue();
    assertThat(reported("remote")).isEqualTo("far");

    System.clearProperty(key + ".remote");
    Path alias =
        convert(
            cell("repo", "%mavenRepo extra " + url + "\n%addMavenDependencies demo:remote:1.0"),
            cell("use", report("remote", "demo.Remote.hi()")));

    PipelineRunner.Result fromAlias = headerRepositoriesOnlyRunner().run(alias, options());

    assertThat(fromAlias.ok()).as(fromAlias.failure()).isTrue();
    assertThat(reported("remote")).isEqualTo("far");
  }

  @Test
  void classPathMagicsPutTheirJarsOnTheCellsClassPath() throws IOException {
    compiledClass(
        "lib/classes",
        "Shouter",
        "package demo; public class Shouter { public static String hey() { return \"HEY\"; } }");
    // A glob, as the kernel's %classpath takes; absolute here, since this test's JVM does not run
    // in the notebook's directory.
    Path script =
        convert(
            cell("deps", "%classpath " + root.resolve("lib").toAbsolutePath() + "/class*"),
            cell("use", report("shout", "demo.Shouter.hey()")));

    PipelineRunner.Result result = runner().run(script, options());

    assertThat(result.ok()).as(result.failure()).isTrue();
    assertThat(reported("shout")).isEqualTo("HEY");

    Path missing =
        convert(cell("deps", "%classpath " + root.resolve("nowhere").toAbsolutePath() + "/*.jar"));
    assertThatThrownBy(() -> runner().run(missing, options()))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("%classpath: nothing matches");
  }

  @Test
  void theKernelsDisplayApiShowsPlainTextInAPipeline() throws IOException {
    Path script =
        convert(
            cell(
                "show",
                "display(\"hello display\");\n"
                    + "display(new int[] {1, 2});\n"
                    + "String id = display(html(\"<b>bold</b>\"));\n"
                    + "updateDisplay(id, 43);\n"
                    + "printf(\"%d%n\", 7);\n"
                    + report(
                        "rendered",
                        "render(41).getData("
                            + "org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN)")));
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PipelineRunner.Result result;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      result = runner().run(script, options());
    } finally {
      System.setOut(original);
    }

    assertThat(result.ok()).as(result.failure()).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("hello display\n", "int[2] { 1, 2 }\n", "<b>bold</b>\n", "43\n", "7\n");
    assertThat(reported("rendered")).isEqualTo("41");
  }

  @Test
  void skippedCellsAndMarkdownDoNotRun() throws IOException {
    Path script =
        convert(
            cell("nb", report("skipped", "true"), "skip-pipeline"),
            cell("md", "md:" + report("markdown", "true")),
            cell("run", report("ran", "true")));

    assertThat(runner().run(script, options()).ok()).isTrue();
    assertThat(reported("skipped")).isNull();
    assertThat(reported("markdown")).isNull();
    assertThat(reported("ran")).isEqualTo("true");
  }

  @Test
  void aCellTaggedSkipExecutionIsNotRunAsInANotebookRun() throws IOException {
    Path script =
        convert(
            cell("params", "int n = 1;", "parameters"),
            cell("slow", report("skipped", "true"), "skip-execution"),
            cell("run", report("ran", "n")));
    List<String> progress = new ArrayList<>();

    PipelineRunner.Result result = runner().run(script, options("n=2"), progress::add);

    assertThat(result.ok()).as(result.failure()).isTrue();
    assertThat(result.cellsRun()).isEqualTo(2);
    assertThat(reported("skipped")).isNull();
    assertThat(reported("ran")).isEqualTo("2");
    assertThat(progress)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("skipping cell 1 (id slow)")
                    .endsWith("(tagged skip-execution)"));
  }
}
