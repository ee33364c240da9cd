package dev.trackbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trackbook.kernel.dependencies.MavenResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel without a Jupyter connection: what each request handler computes. */
class TrackbookKernelTest {

  @TempDir static Path repos;

  private static TrackbookKernel kernel;
  private static final List<String> magicRuns = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path remote = repos.resolve("remote");
    FakeMavenRepository.publishAll(
        remote,
        "demo.lib:greeter:1.0 demo.lib.Greeter",
        "demo.lib:base:1.0 demo.lib.Base1",
        "demo.lib:base:2.0 demo.lib.Base2",
        "demo.lib:old-user:1.0 demo.lib.OldUser demo.lib:base:1.0",
        "demo.lib:new-user:1.0 demo.lib.NewUser demo.lib:base:2.0",
        "demo.lib:shared:1.0 demo.lib.Shared1",
        "demo.lib:shared:2.0 demo.lib.Shared2",
        "demo.lib:left:1.0 demo.lib.Left demo.lib:shared:1.0",
        "demo.lib:right:1.0 demo.lib.Right demo.lib:shared:2.0",
        "demo.lib:lonely:1.0 demo.lib.Lonely",
        "demo.lib:cut:1.0 demo.lib.Cut",
        "demo.lib:needs-cut:1.0 demo.lib.NeedsCut demo.lib:cut:1.0");
    // What a proxy's error page or a cut download leaves: no zip, whatever the name says.
    Files.writeString(
        remote.resolve("demo/lib/cut/1.0/cut-1.0.jar"), "<html>502 Bad Gateway</html>");
    kernel =
        TrackbookKernel.builder()
            .mavenResolver(
                new MavenResolver(repos.resolve("local"), List.of(remote.toUri().toString())))
            .build();
    kernel
        .getMagicsRegistry()
        .registerLineMagic(
            "define", (k, args) -> k.evalRaw("int " + args.get(0) + " = " + args.get(1) + ";"));
    kernel
        .getMagicsRegistry()
        .registerLineMagic(
            "where",
            (k, args) -> {
              boolean compiled =
                  java.util.Arrays.stream(Thread.currentThread().getStackTrace())
                      .anyMatch(f -> f.getClassName().startsWith("REPL."));
              magicRuns.add(args.get(0) + (compiled ? " compiled" : " direct"));
              return args.get(0);
            });
    kernel.onStartup();
  }

  @AfterAll
  static void stop() {
    kernel.onShutdown(false);
  }

  private static String text(DisplayData data) {
    return (String) data.getData(org.dflib.jjava.jupyter.kernel.display.common.Text.PLAIN);
  }

  @Test
  void valuesRenderAsText() {
    assertThat(text(kernel.eval("var xs = List.of(1, 2);\nxs"))).isEqualTo("[1, 2]");
    assertThat(kernel.eval("int quiet = 3;")).isNull();
  }

  @Test
  void arraysShowTheirElementsAsInJShell() {
    assertThat(text(kernel.eval("new int[] {1, 2, 3}"))).isEqualTo("int[3] { 1, 2, 3 }");
    assertThat(text(kernel.eval("new String[] {\"a\\n\", null}")))
        .isEqualTo("String[2] { \"a\\n\", null }");
    assertThat(text(kernel.eval("new int[][] {{1}, {2, 3}}")))
        .isEqualTo("int[2][] { int[1] { 1 }, int[2] { 2, 3 } }");
    assertThat(text(kernel.eval("new char[] {'x'}"))).isEqualTo("char[1] { 'x' }");
    assertThat(text(kernel.eval("new double[0]"))).isEqualTo("double[0] { }");
    assertThat(text(kernel.eval("new long[1500]"))).endsWith(", 0, ... 500 more }");
    assertThat(text(kernel.eval("Object[] self = new Object[1]; self[0] = self; self")))
        .isEqualTo("Object[1] { Object[1] { ... } }");
  }

  @Test
  void arraysRenderAsInJShellWhenDisplayedToo() {
    // display(arr) and render(arr) go through the kernel's renderer, not the cell-value path.
    assertThat(text(kernel.eval("render(new int[] {1, 2})"))).isEqualTo("int[2] { 1, 2 }");
    assertThat(text(kernel.eval("render(new String[] {\"a\"})"))).isEqualTo("String[1] { \"a\" }");
    // Registrations still come first: an image keeps its PNG.
    DisplayData image =
        kernel.eval(
            "render(new java.awt.image.BufferedImage(2, 2, java.awt.image.BufferedImage.TYPE_INT_RGB))");
    assertThat(image.getData(org.dflib.jjava.jupyter.kernel.display.common.Image.PNG)).isNotNull();
  }

  @Test
  void aBufferedImageRendersAsPng() {
    DisplayData data =
        kernel.eval(
            "var img = new java.awt.image.BufferedImage(8, 8,"
                + " java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg");
    assertThat(data.getData(org.dflib.jjava.jupyter.kernel.display.common.Image.PNG))
        .isInstanceOf(String.class)
        .asString()
        .startsWith("iVBOR"); // base64 of the PNG signature
  }

  @Test
  void htmlMarkdownAndSvgHelpersRenderAsTheirTypes() {
    assertThat(
            kernel
                .eval("html(\"<b>x</b>\")")
                .getData(org.dflib.jjava.jupyter.kernel.display.common.Text.HTML))
        .isEqualTo("<b>x</b>");
    assertThat(
            kernel
                .eval("markdown(\"# T\")")
                .getData(org.dflib.jjava.jupyter.kernel.display.common.Text.MARKDOWN))
        .isEqualTo("# T");
    assertThat(
            kernel
                .eval("svg(\"<svg/>\")")
                .getData(org.dflib.jjava.jupyter.kernel.display.common.Text.SVG))
        .isEqualTo("<svg/>");
  }

  @Test
  void anXChartChartRendersAsPng() {
    DisplayData data =
        kernel.eval(
            "var chart = new org.knowm.xchart.XYChart(200, 100);\n"
                + "chart.addSeries(\"loss\", new double[] {1, 2, 3}, new double[] {3, 2, 1});\n"
                + "chart");
    assertThat(data.getData(org.dflib.jjava.jupyter.kernel.display.common.Image.PNG))
        .asString()
        .startsWith("iVBOR");
  }

  @Test
  void aTablesawTableRendersAsAnHtmlTable() throws Exception {
    // A stand-in with Tablesaw's public shape (Relation, Column, api.Table): the renderer only
    // reaches it by reflection, so this is what it must cope with.
    Path classes =
        FakeMavenRepository.compile(
            repos.resolve("tablesaw"),
            Map.of(
                "tech/tablesaw/columns/Column.java",
                "package tech.tablesaw.columns; public interface Column<T> {"
                    + " String name(); String getString(int row); }",
                "tech/tablesaw/table/Relation.java",
                "package tech.tablesaw.table; public abstract class Relation {"
                    + " public abstract String name(); public abstract int rowCount();"
                    + " public abstract java.util.List<tech.tablesaw.columns.Column<?>> columns(); }",
                "tech/tablesaw/api/Table.java",
                "package tech.tablesaw.api; import java.util.*; import tech.tablesaw.columns.Column;"
                    + " public class Table extends tech.tablesaw.table.Relation {"
                    + " public String name() { return \"scores\"; }"
                    + " public int rowCount() { return 2; }"
                    + " public List<Column<?>> columns() { return List.of(col(\"model\", \"a<b\", \"c\"),"
                    + " col(\"acc\", \"0.9\", \"0.8\")); }"
                    + " static Column<String> col(String n, String... v) { return new Column<>() {"
                    + " public String name() { return n; }"
                    + " public String getString(int r) { return v[r]; } }; }"
                    + " public String toString() { return \"scores table\"; } }"));
    kernel.addToClasspath(List.of(classes.toString()));
    DisplayData data = kernel.eval("new tech.tablesaw.api.Table()");
    assertThat(data.getData(org.dflib.jjava.jupyter.kernel.display.common.Text.HTML))
        .isEqualTo(
            "<table><caption>scores</caption><thead><tr><th>model</th><th>acc</th></tr></thead>"
                + "<tbody><tr><td>a&lt;b</td><td>0.9</td></tr><tr><td>c</td><td>0.8</td></tr>"
                + "</tbody></table>");
    assertThat(text(data)).isEqualTo("scores table");
  }

  @Test
  void anExceptionWithoutStackIsOneLine() {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                kernel.eval(
                    "class Usage extends RuntimeException {\n"
                        + "  Usage() { super(\"%x: expected k=v\", null, false, false); }\n"
                        + "  public String toString() { return \"UsageError: \" + getMessage(); }\n"
                        + "}\n"
                        + "throw new Usage();"));
    List<String> lines = kernel.formatError(thrown);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("UsageError: %x: expected k=v");
  }

  @Test
  void compileErrorsNameTheLineOfTheCell() {
    assertThatThrownBy(() -> kernel.eval("int a = 1;\nint b = a + missing;"))
        .isInstanceOfSatisfying(
            CellException.CompilationException.class,
            e -> {
              assertThat(e.traceback().get(0)).startsWith("line 2: cannot find symbol");
              assertThat(e.traceback().get(1)).isEqualTo("    int b = a + missing;");
            });
  }

  @Test
  void userExceptionsKeepTheirTypeAndShowOnlyUserFrames() {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                kernel.eval(
                    "void check() {\n  throw new UnsupportedOperationException(\"no\");\n}\ncheck();"));
    assertThat(thrown).isInstanceOf(UnsupportedOperationException.class).hasMessage("no");
    List<String> lines = kernel.formatError(thrown);
    String all = String.join("\n", lines);
    assertThat(all).contains("java.lang.UnsupportedOperationException: no");
    assertThat(all).containsPattern("at check \\(cell \\d+, line 2\\)");
    assertThat(all).doesNotContain("dev.trackbook.kernel").doesNotContain("jdk.internal.reflect");
  }

  @Test
  void interruptStopsWhileTrueWithinTwoSecondsAndTheKernelStillEvaluates() throws Exception {
    CompletableFuture<Throwable> cell =
        CompletableFuture.supplyAsync(
            () ->
                org.assertj.core.api.Assertions.catchThrowable(() -> kernel.eval("while(true){}")));
    Thread.sleep(300);
    assertThat(cell).isNotDone();
    long start = System.nanoTime();
    kernel.interrupt();
    Throwable t = cell.get(2, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(2));
    assertThat(t).isInstanceOf(CellException.InterruptedException.class);
    assertThat(text(kernel.eval("1+1"))).isEqualTo("2");
  }

  @Test
  void completionAndInspectionComeFromJShell() {
    kernel.eval("String word = \"abc\";");
    ReplacementOptions options = kernel.complete("word.toLow", 10);
    assertThat(options.getReplacements()).contains("toLowerCase(");
    assertThat(options.getSourceStart()).isEqualTo(5);
    assertThat(text(kernel.inspect("Integer.parseInt(", 17, false))).contains("parseInt(String s)");
    assertThat(kernel.isComplete("if (true) {")).isNotEqualTo("complete");
    assertThat(kernel.isComplete("int z = 1;")).isEqualTo("complete");
    // The Java after a magic line counts; a magic line itself is complete.
    assertThat(kernel.isComplete("%where x\nfor (int i = 0; i < 3; i++) {"))
        .isNotEqualTo("complete");
    assertThat(kernel.isComplete("%where x")).isEqualTo("complete");
    // A magic line ending in a backslash goes on on the next line (jupyter console waits for it).
    assertThat(kernel.isComplete("%where x \\")).isNotEqualTo("complete");
    assertThat(kernel.isComplete("int a = 1;\n%where x \\\n  y \\")).isNotEqualTo("complete");
    assertThat(kernel.isComplete("%where x \\\n  y")).isEqualTo("complete");
    assertThat(kernel.isComplete("String s = \"a\\\\\";")).isEqualTo("complete");
    assertThat(kernel.isComplete("%%where\nit's free text")).isEqualTo("complete");
    // Magic names complete as in IPython, at a line's start or after `=`.
    ReplacementOptions magic = kernel.complete("int a = 1;\n%mav", 15);
    assertThat(magic.getReplacements()).containsExactly("%maven", "%mavenRepo");
    assertThat(magic.getSourceStart()).isEqualTo(11);
    assertThat(kernel.complete("var w = %wh", 11).getReplacements()).containsExactly("%where");
    assertThat(kernel.complete("%", 1).getReplacements())
        .contains("%addMavenRepo", "%classpath", "%jars", "%maven", "%mavenRepo")
        .noneMatch(n -> n.endsWith("?"));
    assertThat(kernel.complete("%ja", 3).getReplacements()).containsExactly("%jars");
  }

  @Test
  void cursorPositionsCountCodePointsAsJupyterDoes() {
    kernel.eval("String smile = \"😀\";");
    // 27 code points (a Python str's length) but 28 UTF-16 units: the emoji is two.
    String code = "String s = \"😀\"; smile.toLow";
    int cursor = code.codePointCount(0, code.length());
    ReplacementOptions options = kernel.complete(code, cursor);
    assertThat(options.getReplacements()).containsExactly("toLowerCase(");
    assertThat(options.getSourceStart()).isEqualTo(cursor - "toLow".length());
    assertThat(options.getSourceEnd()).isEqualTo(cursor);
    ReplacementOptions magic = kernel.complete("// 😀\n%mav", 9);
    assertThat(magic.getReplacements()).containsExactly("%maven", "%mavenRepo");
    assertThat(magic.getSourceStart()).isEqualTo(5);
    String call = "String t = \"😀\"; Integer.parseInt(";
    assertThat(text(kernel.inspect(call, call.codePointCount(0, call.length()), false)))
        .contains("parseInt(String s)");
  }

  @Test
  void classpathMagicIsAnExpressionAddingJars() throws Exception {
    Path jar = FakeMavenRepository.jarWithClass(repos.resolve("cp"), "demo.cp.Tool");
    DisplayData added = kernel.eval("var added = %classpath " + jar + "\nadded");
    assertThat(text(added)).contains(jar.toString());
    assertThat(text(kernel.eval("new demo.cp.Tool().toString()"))).isEqualTo("demo.cp.Tool");
  }

  @Test
  void jarsMagicOfIJavaNotebooksAddsJarsAndItsErrorsNameIt() throws Exception {
    Path jar = FakeMavenRepository.jarWithClass(repos.resolve("ij"), "demo.ij.Tool");
    DisplayData added = kernel.eval("var added = %jars " + repos.resolve("ij") + "/*.jar\nadded");
    assertThat(text(added)).contains(jar.toString());
    assertThat(text(kernel.eval("new demo.ij.Tool().toString()"))).isEqualTo("demo.ij.Tool");
    Throwable nothing = catchThrowable(() -> kernel.eval("%jars /no/such/dir/*.jar"));
    assertThat(kernel.formatError(nothing))
        .singleElement()
        .asString()
        .contains("UsageError: %jars: nothing matches '/no/such/dir/*.jar'");
    Throwable none = catchThrowable(() -> kernel.eval("%jars"));
    assertThat(kernel.formatError(none))
        .singleElement()
        .asString()
        .contains("UsageError: %jars: expected one or more paths or globs");
    Path empty = Files.createFile(repos.resolve("empty-ij.jar"));
    assertThatThrownBy(() -> kernel.eval("%jars " + empty))
        .hasMessage("%jars: not a jar: " + empty + " (zip file is empty)");
  }

  @Test
  void aRepositoryAddedWithAddMavenRepoIsSearchedByLaterMavenLines() throws Exception {
    Path extra = repos.resolve("extra");
    FakeMavenRepository.publishAll(extra, "demo.extra:far:1.0 demo.extra.Far");
    Throwable before = catchThrowable(() -> kernel.eval("%maven demo.extra:far:1.0"));
    assertThat(kernel.formatError(before))
        .singleElement()
        .asString()
        .contains("UsageError: %maven: cannot resolve demo.extra:far:1.0");
    kernel.eval("%addMavenRepo extra " + extra.toUri());
    kernel.eval("%maven demo.extra:far:1.0");
    assertThat(text(kernel.eval("new demo.extra.Far().toString()"))).isEqualTo("demo.extra.Far");
    // IJava's name for it; errors name the magic as typed.
    Throwable noUrl = catchThrowable(() -> kernel.eval("%mavenRepo extra"));
    assertThat(kernel.formatError(noUrl))
        .singleElement()
        .asString()
        .contains("UsageError: %mavenRepo: expected ID URL, got 'extra'");
    Throwable notUrl = catchThrowable(() -> kernel.eval("%addMavenRepo extra repo.example/m2"));
    assertThat(kernel.formatError(notUrl))
        .singleElement()
        .asString()
        .contains(
            "UsageError: %addMavenRepo: expected an http://, https:// or file:// URL,"
                + " got 'repo.example/m2'");
    assertThat(kernel.complete("%addMavenR", 10).getReplacements())
        .containsExactly("%addMavenRepo");
    assertThat(kernel.complete("%mavenR", 7).getReplacements()).containsExactly("%mavenRepo");
  }

  @Test
  void loadFromPomResolvesAPomFragmentFromItsOwnRepositoryAsMavenDoes() throws Exception {
    Path pomRepo = repos.resolve("pom-repo");
    FakeMavenRepository.publishAll(
        pomRepo,
        "demo.pom:core:1.0 demo.pom.Core1",
        "demo.pom:core:2.0 demo.pom.Core2",
        "demo.pom:widget:1.0 demo.pom.Widget demo.pom:core:1.0",
        "demo.pom:gadget:1.0 demo.pom.Gadget demo.pom:core:2.0");

    // As IJava's docs show it: a <repository> and a <dependency> pasted from a README.
    DisplayData added =
        kernel.eval(
            "%%loadFromPOM\n"
                + "<repository><id>pom-repo</id><url>"
                + pomRepo.toUri()
                + "</url></repository>\n"
                + "<properties><widget.version>1.0</widget.version></properties>\n"
                + "<dependency>\n"
                + "  <groupId>demo.pom</groupId><artifactId>widget</artifactId>\n"
                + "  <version>${widget.version}</version>\n"
                + "</dependency>");

    assertThat(text(added)).contains("widget-1.0.jar").contains("core-1.0.jar");
    assertThat(text(kernel.eval("new demo.pom.Widget() + \" \" + new demo.pom.Core1()")))
        .isEqualTo("demo.pom.Widget demo.pom.Core1");
    // IJava's name for %maven: the POM's repository is searched, core keeps its version.
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      kernel.eval("%addMavenDependencies demo.pom:gadget:1.0");
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "%addMavenDependencies: kept the versions added earlier, left out demo.pom:core:2.0"
                + " (1.0 is on the classpath); restart the kernel to change versions\n");
    assertThat(text(kernel.eval("new demo.pom.Gadget().toString()"))).isEqualTo("demo.pom.Gadget");
    // Mistakes are one line naming the magic.
    Throwable parent =
        catchThrowable(() -> kernel.eval("%%loadFromPOM\n<project><parent/></project>"));
    assertThat(kernel.formatError(parent))
        .singleElement()
        .asString()
        .contains("UsageError: %%loadFromPOM: <parent> is not supported");
    Throwable missing =
        catchThrowable(
            () ->
                kernel.eval(
                    "%%loadFromPOM compile runtime\n<dependency><groupId>demo.pom</groupId>"
                        + "<artifactId>missing</artifactId><version>1.0</version></dependency>"));
    assertThat(kernel.formatError(missing))
        .singleElement()
        .asString()
        .contains("UsageError: %%loadFromPOM: cannot resolve demo.pom:missing:1.0: ");
    Throwable noArgs = catchThrowable(() -> kernel.eval("%addMavenDependency"));
    assertThat(kernel.formatError(noArgs))
        .singleElement()
        .asString()
        .contains("UsageError: %addMavenDependency: expected group:artifact:version ...");
    assertThat(kernel.complete("%%load", 6).getReplacements()).containsExactly("%%loadFromPOM");
    assertThat(kernel.complete("%addMavenD", 10).getReplacements())
        .containsExactly("%addMavenDependencies", "%addMavenDependency");
  }

  @Test
  void loadFromPomLineMagicReadsAPomFileAsTheCellMagicReadsItsBody() throws Exception {
    Path pomRepo = repos.resolve("pom-file-repo");
    FakeMavenRepository.publishAll(
        pomRepo,
        "demo.pomfile:tool:1.0 demo.pomfile.Tool",
        "demo.pomfile:checker:1.0 demo.pomfile.Checker",
        "demo.pomfile:later:1.0 demo.pomfile.Later");
    Path pom =
        Files.writeString(
            Files.createDirectories(repos.resolve("pom-file-notebook")).resolve("pom.xml"),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
                + "  <properties><tool.version>1.0</tool.version></properties>\n"
                + "  <repositories><repository><id>pom-file-repo</id><url>"
                + pomRepo.toUri()
                + "</url></repository></repositories>\n"
                + "  <dependencies>\n"
                + "    <dependency><groupId>demo.pomfile</groupId><artifactId>tool</artifactId>"
                + "<version>${tool.version}</version></dependency>\n"
                + "    <dependency><groupId>demo.pomfile</groupId><artifactId>checker</artifactId>"
                + "<version>1.0</version><scope>test</scope></dependency>\n"
                + "  </dependencies>\n"
                + "</project>\n");
    // Relative to the kernel's working directory, which Jupyter makes the notebook's.
    String relative = Path.of("").toAbsolutePath().relativize(pom).toString();

    DisplayData added = kernel.eval("var fromPom = %loadFromPOM " + relative + "\nfromPom");

    assertThat(text(added)).contains("tool-1.0.jar").doesNotContain("checker");
    assertThat(text(kernel.eval("new demo.pomfile.Tool().toString()")))
        .isEqualTo("demo.pomfile.Tool");
    // Scopes as the cell magic's arguments; the POM's repository is searched by later %maven too.
    assertThat(text(kernel.eval("var testJars = %loadFromPOM " + pom + " test\ntestJars")))
        .contains("checker-1.0.jar");
    assertThat(text(kernel.eval("var later = %maven demo.pomfile:later:1.0\nlater")))
        .contains("later-1.0.jar");
    // Mistakes are one line naming the magic and the path.
    assertThat(kernel.formatError(catchThrowable(() -> kernel.eval("%loadFromPOM no/pom.xml"))))
        .singleElement()
        .asString()
        .contains("UsageError: %loadFromPOM: no such file: no/pom.xml (in ");
    assertThat(kernel.formatError(catchThrowable(() -> kernel.eval("%loadFromPOM"))))
        .singleElement()
        .asString()
        .contains("UsageError: %loadFromPOM: expected the path of a pom.xml, then optional scopes");
    Path parent =
        Files.writeString(pom.resolveSibling("parent.xml"), "<project><parent/></project>");
    assertThat(kernel.formatError(catchThrowable(() -> kernel.eval("%loadFromPOM " + parent))))
        .singleElement()
        .asString()
        .contains("UsageError: %loadFromPOM " + parent + ": <parent> is not supported");
    assertThat(kernel.complete("%load", 5).getReplacements()).containsExactly("%loadFromPOM");
  }

  @Test
  void mavenMagicResolvesIntoTheNotebook() {
    kernel.eval("%maven demo.lib:greeter:1.0");
    assertThat(text(kernel.eval("new demo.lib.Greeter().toString()")))
        .isEqualTo("demo.lib.Greeter");
    assertThat(Files.exists(repos.resolve("local/demo/lib/greeter/1.0/greeter-1.0.jar"))).isTrue();
  }

  @Test
  void aLaterMavenKeepsTheVersionOnTheClasspathAndSaysWhatItLeftOut() throws Exception {
    kernel.eval("%maven demo.lib:old-user:1.0");
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      kernel.eval("%maven demo.lib:new-user:1.0");
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "%maven: kept the versions added earlier, left out demo.lib:base:2.0 (1.0 is on the"
                + " classpath); restart the kernel to change versions\n");
    assertThat(text(kernel.eval("new demo.lib.NewUser().toString()")))
        .isEqualTo("demo.lib.NewUser");
    assertThat(text(kernel.eval("new demo.lib.Base1().toString()"))).isEqualTo("demo.lib.Base1");
    // base 2.0 never reached the classpath.
    assertThatThrownBy(() -> kernel.eval("new demo.lib.Base2()"))
        .isInstanceOf(CellException.CompilationException.class);
  }

  @Test
  void aMavenThatCannotResolveIsOneLineAndAddsNothingOfItsOtherCoordinates() {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> kernel.eval("%maven demo.lib:lonely:1.0 demo.lib:missing:1.0"));
    assertThat(kernel.formatError(thrown))
        .singleElement()
        .asString()
        .contains("UsageError: %maven: cannot resolve demo.lib:lonely:1.0 demo.lib:missing:1.0: ")
        .contains("Could not find artifact demo.lib:missing:jar:1.0");
    // lonely resolved, yet did not reach the classpath, and is not taken for added.
    assertThatThrownBy(() -> kernel.eval("new demo.lib.Lonely()"))
        .isInstanceOf(CellException.CompilationException.class);
    kernel.eval("%maven demo.lib:lonely:1.0");
    assertThat(text(kernel.eval("new demo.lib.Lonely().toString()"))).isEqualTo("demo.lib.Lonely");
  }

  @Test
  void aJarThatIsNoZipIsOneLineAndTheKernelGoesOnCompiling() throws Exception {
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> kernel.eval("%maven demo.lib:needs-cut:1.0"));
    assertThat(kernel.formatError(thrown))
        .singleElement()
        .asString()
        .contains("UsageError: %maven: not a jar: ")
        .contains("cut-1.0.jar (zip END header not found); delete it to download it again");
    assertThat(text(kernel.eval("40 + 2"))).isEqualTo("42");
    // None of the graph was added, nor taken for added.
    assertThatThrownBy(() -> kernel.eval("new demo.lib.NeedsCut()"))
        .isInstanceOf(CellException.CompilationException.class);
    Path empty = Files.createFile(repos.resolve("empty.jar"));
    assertThatThrownBy(() -> kernel.eval("%classpath " + empty))
        .hasMessage("%classpath: not a jar: " + empty + " (zip file is empty)");
    assertThat(text(kernel.eval("40 + 2"))).isEqualTo("42");
  }

  @Test
  void adjacentMavenLinesResolveAsOneGraphAndKeepTheCellsLineNumbers() {
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    Throwable thrown;
    try {
      thrown =
          org.assertj.core.api.Assertions.catchThrowable(
              () ->
                  kernel.eval(
                      "%maven demo.lib:left:1.0\n"
                          + "  %maven demo.lib:right:1.0  \n"
                          + "int atLine3 = 3;\n"
                          + "throw new IllegalStateException(\"line 4\");"));
    } finally {
      System.setErr(err);
    }
    // One graph as in a pom: the first declaration's shared:1.0 wins, nothing is "left out".
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).isEmpty();
    assertThat(String.join("\n", kernel.formatError(thrown))).containsPattern("line 4\\)");
    assertThat(text(kernel.eval("new demo.lib.Right().toString() + new demo.lib.Shared1()")))
        .isEqualTo("demo.lib.Rightdemo.lib.Shared1");
    assertThatThrownBy(() -> kernel.eval("new demo.lib.Shared2()"))
        .isInstanceOf(CellException.CompilationException.class);
  }

  @Test
  void aTopLevelMagicLineRunsWithoutCompilingAndOthersCompileACall() {
    magicRuns.clear();
    assertThat(
            kernel.eval(
                "%where top\n"
                    + "for (int i = 0; i < 2; i++) {\n"
                    + "  %where loop\n"
                    + "}\n"
                    + "String where(String s) {\n"
                    + "  String w = %where method\n"
                    + "  return w + s;\n"
                    + "}\n"
                    + "var assigned = %where assigned"))
        .isNull(); // a magic statement, like an assignment, shows no value
    assertThat(text(kernel.eval("where(\"!\") + assigned"))).isEqualTo("method!assigned");
    assertThat(magicRuns)
        .containsExactly(
            "top direct", "loop compiled", "loop compiled", "assigned compiled", "method compiled");
  }

  @Test
  void aRemainderOnAContinuedLineIsJavaWhileAMagicRightAfterAnotherIsAMagic() {
    assertThat(text(kernel.eval("int total = 10, n = 3;\nint r = total\n    %n;\nr")))
        .isEqualTo("1");
    assertThat(text(kernel.eval("long big = 7L;\nlong m = big // seven\n  %n;\nm"))).isEqualTo("1");
    magicRuns.clear();
    assertThat(
            text(
                kernel.eval(
                    "var first = %where first\n%where second\n// a note\n\n%where third\nfirst")))
        .isEqualTo("first");
    assertThat(magicRuns).containsExactly("first compiled", "second direct", "third direct");
  }

  @Test
  void aMagicLineEndingInABackslashContinuesOnTheNextLineAndLaterLinesKeepTheirNumbers() {
    magicRuns.clear();
    assertThat(text(kernel.eval("var joined = %where first \\\n   second \\\n third\njoined")))
        .isEqualTo("first");
    assertThat(magicRuns).containsExactly("first compiled");
    assertThat(MagicCalls.joinContinuedLines("%param a=1 \\\n  b=2\nint c = 3;"))
        .isEqualTo("%param a=1  b=2\n\nint c = 3;");
    // Only magic lines continue: Java text and strings keep their backslashes.
    String java = "String s = \"%d \\\\\";\n// %x \\\nint y = 1;";
    assertThat(MagicCalls.joinContinuedLines(java)).isEqualTo(java);
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> kernel.eval("%where a \\\n b\nthrow new IllegalStateException();"));
    assertThat(String.join("\n", kernel.formatError(thrown))).containsPattern("line 3\\)");
  }

  @Test
  void aCommentAfterAMagicsArgumentsIsNoArgument() throws Exception {
    kernel.getMagicsRegistry().registerLineMagic("argsOf", (k, args) -> String.join("|", args));
    kernel
        .getMagicsRegistry()
        .registerCellMagic("cellArgsOf", (k, args, body) -> String.join("|", args) + "/" + body);
    assertThat(text(kernel.eval("var a = %argsOf x=1 // the comment\na"))).isEqualTo("x=1");
    assertThat(text(kernel.eval("var b = %argsOf lr=0.1 /* tuned */ n=3 // why\nb")))
        .isEqualTo("lr=0.1|n=3");
    assertThat(text(kernel.eval("var c = %argsOf uri=http://x \"a // b\" // c\nc")))
        .isEqualTo("uri=http://x|a // b");
    assertThat(text(kernel.eval("%%cellArgsOf name // why\nbody // kept")))
        .isEqualTo("name/body // kept");
    // The kernel's own magics too: no jar is named "//".
    Path classes = Files.createDirectories(repos.resolve("comment-classes"));
    assertThat(
            text(
                kernel.eval(
                    "java.util.List<String> cp = %classpath "
                        + classes
                        + " // empty yet\ncp.size()")))
        .isEqualTo("1");
    // A backslash in the comment continues nothing: the next line is Java.
    assertThat(text(kernel.eval("%argsOf a // see \\\nint afterComment = 5;\nafterComment")))
        .isEqualTo("5");
    assertThat(kernel.isComplete("%argsOf a // see \\")).isEqualTo("complete");
  }

  @Test
  void helpForCellMagicsAndTheKernelsOwnMagics() {
    kernel
        .getMagicsRegistry()
        .registerLineMagic(
            "timed?",
            (k, args) -> {
              magicRuns.add("help of %%timed");
              return null;
            });
    magicRuns.clear();
    kernel.eval("%%timed?");
    kernel.eval("%%timed?\nthrow new IllegalStateException(\"the body must not run\");");
    assertThat(magicRuns).containsExactly("help of %%timed", "help of %%timed");
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      kernel.eval("%maven?");
      kernel.eval("%classpath?");
      kernel.eval("%jars?");
      kernel.eval("%addMavenRepo?");
      kernel.eval("%%loadFromPOM?");
      kernel.eval("%loadFromPOM?");
      kernel.eval("%addMavenDependencies?");
    } finally {
      System.setOut(out);
    }
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("%maven GROUP:ARTIFACT")
        .contains(
            "settings.xml's active\n  profiles, those added with %addMavenRepo or %mavenRepo, and"
                + " Maven Central")
        .contains("%classpath PATH...")
        .contains("%jars PATH...\n  IJava's and JJava's name for %classpath")
        .contains("%addMavenRepo ID URL   (or %mavenRepo ID URL)\n  Search the remote Maven")
        .contains("%%loadFromPOM [SCOPE...]\n")
        .contains("%loadFromPOM PATH [SCOPE...]\n  the pom.xml at PATH (UTF-8), relative to the")
        .contains("%addMavenDependencies GROUP:ARTIFACT[:EXTENSION[:CLASSIFIER]]:VERSION...\n");
  }

  @Test
  void aMagicsOwnFailureShowsItsFramesNotTheKernelsThreads() {
    kernel
        .getMagicsRegistry()
        .registerLineMagic(
            "broken",
            (k, args) -> {
              throw new UnsupportedOperationException("not yet");
            });
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> kernel.eval("%broken"));
    assertThat(thrown).isInstanceOf(UnsupportedOperationException.class).hasMessage("not yet");
    String trace = String.join("\n", kernel.formatError(thrown));
    assertThat(trace).contains("TrackbookKernelTest").doesNotContain("java.util.concurrent");
  }

  @Test
  void magicLikeTextInAStringANotebookVariableNamedDevAndBlankLinesAreNoTrouble() {
    assertThat(text(kernel.eval("String.format(\"lr=%s%n\", 0.5)"))).isEqualTo("lr=0.5\n");
    assertThat(text(kernel.eval("char q = '\"';\nString fmt = \"n=%d\";\nString.format(fmt, 3)")))
        .isEqualTo("n=3");
    assertThat(text(kernel.eval("String slash = \"\\\\\"; var v = %where afterSlash\nv")))
        .isEqualTo("afterSlash");
    // `dev` (a dev set) hides a package named dev for qualified names; magics still work.
    kernel.eval("var dev = java.util.List.of(1, 2);");
    assertThat(text(kernel.eval("var w = %where dev\nfor (int d : dev) {\n  %where loop\n}\nw")))
        .isEqualTo("dev");
    // The blank lines before a magic keep their place: the error is on line 4.
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> kernel.eval("int a = 1;\n\n%where blank\nthrow new IllegalStateException();"));
    assertThat(String.join("\n", kernel.formatError(thrown))).containsPattern("line 4\\)");
  }

  @Test
  void anErrorIsNamedAsItsNearestKnownErrorClassWithItsMessageAsTheValue() {
    // Jupyter shows the simple class name of what the kernel throws as the error's name.
    assertThatThrownBy(() -> kernel.eval("assert 1 > 2 : \"arithmetic\";"))
        .isInstanceOf(CellException.AssertionError.class)
        .hasMessage("arithmetic");
    assertThatThrownBy(
            () ->
                kernel.eval(
                    "class Failed extends AssertionError { Failed() { super(\"expected 1\"); } }\n"
                        + "throw new Failed();"))
        .isInstanceOf(CellException.AssertionError.class)
        .hasMessage("Failed: expected 1");
    assertThatThrownBy(
            () ->
                kernel.eval(
                    "throw new ExceptionInInitializerError(new IllegalStateException(\"static\"));"))
        .isInstanceOf(CellException.ExceptionInInitializerError.class)
        .hasMessage("java.lang.IllegalStateException: static");
    assertThatThrownBy(() -> kernel.eval("int down(int n) { return down(n + 1); }\ndown(0)"))
        .isInstanceOf(CellException.StackOverflowError.class);
    // One it does not name keeps the generic name and says what it was.
    assertThatThrownBy(() -> kernel.eval("throw new InternalError(\"vm\");"))
        .isExactlyInstanceOf(CellException.UserError.class)
        .hasMessage("java.lang.InternalError: vm");
  }

  @Test
  void mavenLinesInsideATextBlockStayText() {
    String text = "%maven a:b:1\n%maven c:d:2\n";
    assertThat(text(kernel.eval("String doc = \"\"\"\n" + text + "\"\"\";\ndoc"))).isEqualTo(text);
  }

  @Test
  void aMagicCanEvaluateCodeWhileItsCellRuns() {
    // Like %param lr=0.01 defining `lr`: the magic runs on the execution thread and evaluates.
    assertThat(kernel.eval("%define seven 7")).isNull();
    assertThat(text(kernel.eval("seven * 6"))).isEqualTo("42");
  }

  @Test
  void aMagicMistakeIsAnErrorNotACrash() {
    assertThatThrownBy(() -> kernel.eval("%classpath /no/such/dir/anywhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("%classpath: nothing matches '/no/such/dir/anywhere'");
    assertThat(text(kernel.eval("40 + 2"))).isEqualTo("42");
  }
}
