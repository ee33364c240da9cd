package dev.trackbook.magics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.kernel.dependencies.MavenResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicRewriterTest {

  private static String java(String cell) {
    return MagicRewriter.forPipeline(cell).javaSource();
  }

  @Test
  void paramDeclaresTypedVariablesThenLogsThem() {
    assertThat(java("%param lr=0.01 epochs=10 big=3000000000 opt=adam early=true label='1.5'"))
        .isEqualTo(
            """
            double lr = 0.01;
            int epochs = 10;
            long big = 3000000000L;
            String opt = "adam";
            boolean early = true;
            String label = "1.5";
            Tracking.param("lr", lr);
            Tracking.param("epochs", epochs);
            Tracking.param("big", big);
            Tracking.param("opt", opt);
            Tracking.param("early", early);
            Tracking.param("label", label);""");
  }

  @Test
  void aMagicAfterAnotherMagicLineIsNoBodyWhateverThatLineEndsWith() {
    // The earlier magic line is a statement: "(v2)" or "do" ending it is not a statement header.
    assertThat(java("%experiment churn (v2)\n%param lr=0.1\n%note what to do\n%metric a=1"))
        .isEqualTo(
            """
            Tracking.experiment("churn (v2)");
            double lr = 0.1;
            Tracking.param("lr", lr);
            Tracking.note("what to do");
            Tracking.metric("a", 1);""");
    // Only the first magic after `if (x)` is its body.
    assertThat(java("if (x)\n  %metric a=1\n%param p=3"))
        .isEqualTo(
            """
            if (x)
              {
                Tracking.metric("a", 1);
              }
            int p = 3;
            Tracking.param("p", p);""");
  }

  @Test
  void aMagicThatIsTheBodyOfAnIfOrElseWithoutBracesStaysItsWholeBody() {
    assertThat(
            java(
                """
                for (int i = 0; i < 4; i++)
                  if (i % 2 == 0)
                    %metric a=i b=i
                  else
                    %metric c=i"""))
        .isEqualTo(
            """
            for (int i = 0; i < 4; i++)
              if (i % 2 == 0)
                {
                  Tracking.metric("a", i);
                  Tracking.metric("b", i);
                }
              else
                {
                  Tracking.metric("c", i);
                }""");
  }

  @Test
  void plainJavaIsLeftAlone() {
    String cell =
        """
        int a = 7 % 3;
        int b = a%2;
        String s = "100%sure %metric x=1";
        // %metric acc=1 in a comment
        char c = '%';
        """;
    assertThat(java(cell)).isEqualTo(cell);
  }

  @Test
  void magicsAmongCodeKeepTheirIndentation() {
    String cell =
        """
        for (int epoch = 0; epoch < 3; epoch++) {
          double loss = 1.0 / (epoch + 1);
          %metric loss=loss step=epoch
        }""";
    assertThat(java(cell))
        .isEqualTo(
            """
            for (int epoch = 0; epoch < 3; epoch++) {
              double loss = 1.0 / (epoch + 1);
              Tracking.metric("loss", loss, epoch);
            }""");
  }

  @Test
  void metricWithStepAndSeveralValues() {
    assertThat(java("%metric acc=0.91 loss=result.loss step=3"))
        .isEqualTo(
            """
            Tracking.metric("acc", 0.91, 3L);
            Tracking.metric("loss", result.loss, 3L);""");
  }

  @Test
  void magicsWithAValueAreExpressions() {
    assertThat(java("var id = %run start baseline\nString e = %experiment churn model"))
        .isEqualTo(
            """
            var id = Tracking.startRun("baseline").runId();
            String e = Tracking.experiment("churn model");""");
    assertThat(java("%run start")).isEqualTo("Tracking.startRun(null);");
    assertThat(java("%run end failed")).isEqualTo("Tracking.endRun(\"FAILED\");");
    assertThat(java("%run end")).isEqualTo("Tracking.endRun();");
  }

  @Test
  void aMagicWithoutValueCannotBeAnExpression() {
    assertThatThrownBy(() -> java("var x = %metric acc=1"))
        .isInstanceOf(MagicUsageException.class)
        .hasMessage("%metric: has no value; write it on a line of its own");
  }

  @Test
  void tagsNotesArtifactsAndTrackingUri() {
    assertThat(
            java(
                """
                %tag team="data science" stage=dev
                %note first "try"  of the day
                %artifact out/model.bin models
                %artifact report.html
                %tracking http://localhost:5001"""))
        .isEqualTo(
            """
            Tracking.tag("team", "data science");
            Tracking.tag("stage", "dev");
            Tracking.note("first \\"try\\"  of the day");
            Tracking.artifact(java.nio.file.Path.of("out/model.bin"), "models");
            Tracking.artifact(java.nio.file.Path.of("report.html"));
            Tracking.setTrackingUri("http://localhost:5001");""");
  }

  @Test
  void aMagicLineEndingInABackslashContinuesAsInTheKernel() {
    String java = java("%param lr=0.01 \\\n   epochs=10\nint x = epochs;");
    assertThat(java)
        .contains("int epochs = 10;")
        .contains("Tracking.param(\"epochs\", epochs);")
        .endsWith("\nint x = epochs;")
        .doesNotContain("\\");
  }

  @Test
  void aCommentAfterAMagicsArgumentsIsNoArgumentAsInTheKernel() {
    assertThat(java("%metric x=1 // comment")).isEqualTo("Tracking.metric(\"x\", 1);");
    assertThat(java("%param lr=0.1 // learning rate"))
        .isEqualTo("double lr = 0.1;\nTracking.param(\"lr\", lr);");
    assertThat(java("%tag a=b /* why */ url=http://x // \"quoted\""))
        .isEqualTo("Tracking.tag(\"a\", \"b\");\nTracking.tag(\"url\", \"http://x\");");
    assertThat(java("%note \"see // here\" // not the note's"))
        .isEqualTo("Tracking.note(\"see // here\");");
    assertThat(java("var id = %run start first // why"))
        .isEqualTo("var id = Tracking.startRun(\"first\").runId();");
    PipelineCell deps = MagicRewriter.forPipeline("%maven g:a:1 // charts\n%classpath lib // x");
    assertThat(deps.mavenCoordinates()).containsExactly("g:a:1");
    assertThat(deps.classpath()).containsExactly("lib");
    // %jars, IJava's name for %classpath, is the same for the header.
    PipelineCell jars = MagicRewriter.forPipeline("%jars lib/*.jar // ijava\nint x = 1;");
    assertThat(jars.classpath()).containsExactly("lib/*.jar");
    assertThat(jars.javaSource()).isEqualTo("\nint x = 1;");
    PipelineCell repo =
        MagicRewriter.forPipeline(
            "%addMavenRepo extra https://repo.example/m2 // ours\n%maven g:a:1");
    assertThat(repo.mavenRepositories())
        .containsExactly(new MavenResolver.Repository("extra", "https://repo.example/m2"));
    assertThat(repo.javaSource()).isEqualTo("\n");
    // The %%track line, and the magic lines of its body.
    assertThat(java("%%track fit // the slow part\nint n = 3;\n%metric n=n // last"))
        .contains("track.fit.duration_s")
        .contains("Tracking.metric(\"n\", n);")
        .doesNotContain("last");
    // A backslash in a comment continues nothing: the next line stays Java.
    assertThat(java("%metric a=1 // see \\\nint b = 2;"))
        .isEqualTo("Tracking.metric(\"a\", 1);\nint b = 2;");
  }

  @Test
  void textThatOnlyLooksLikeAMagicStaysAsInTheKernel() {
    String cell =
        "String doc = \"\"\"\n"
            + "    %metric acc=1\n"
            + "    \"\"\";\n"
            + "/* a note:\n"
            + "%note not a magic\n"
            + "*/\n"
            + "int total = 10, n = 3;\n"
            + "int r = total\n"
            + "    %n;";
    assertThat(java(cell)).isEqualTo(cell);
    // A magic right after another is still one.
    assertThat(java("%metric a=1\n%metric b=2"))
        .isEqualTo("Tracking.metric(\"a\", 1);\nTracking.metric(\"b\", 2);");
  }

  @Test
  void displayOnlyMagicsAndHelpVanish() {
    assertThat(java("%runs metrics.acc > 0.9\n%compare abc def\n%metric?\nint x = 1;"))
        .isEqualTo("\n\n\nint x = 1;");
  }

  @Test
  void mavenCoordinatesAreCollected() {
    PipelineCell cell =
        MagicRewriter.forPipeline(
            "%maven tech.tablesaw:tablesaw-core:0.43.1\n%maven org.knowm.xchart:xchart:4.0.3 a:b:jar:c:1\nint x;");
    assertThat(cell.javaSource()).isEqualTo("\n\nint x;");
    assertThat(cell.mavenCoordinates())
        .containsExactly(
            "tech.tablesaw:tablesaw-core:0.43.1", "org.knowm.xchart:xchart:4.0.3", "a:b:jar:c:1");
    assertThatThrownBy(() -> MagicRewriter.forPipeline("%maven tablesaw"))
        .hasMessage("%maven: expected group:artifact:version, got 'tablesaw'");
  }

  @Test
  void ijavasDependencyMagicsGoToTheHeaderAsMavenAndMavenRepoDo() {
    PipelineCell alias =
        MagicRewriter.forPipeline("%addMavenDependencies a:b:1\n%addMavenDependency c:d:2");
    assertThat(alias.javaSource()).isEqualTo("\n");
    assertThat(alias.mavenCoordinates()).containsExactly("a:b:1", "c:d:2");
    assertThatThrownBy(() -> MagicRewriter.forPipeline("%addMavenDependencies tablesaw"))
        .hasMessage("%addMavenDependencies: expected group:artifact:version, got 'tablesaw'");

    PipelineCell pom =
        MagicRewriter.forPipeline(
            "%%loadFromPOM\n"
                + "<repository><id>corp</id><url>https://repo.corp/m2/</url></repository>\n"
                + "<properties><v>2.1</v></properties>\n"
                + "<dependency><groupId>g</groupId><artifactId>a</artifactId>"
                + "<version>${v}</version></dependency>\n"
                + "<dependency><groupId>g</groupId><artifactId>t</artifactId>"
                + "<version>1</version><scope>test</scope></dependency>");
    assertThat(pom.javaSource()).isEmpty();
    assertThat(pom.mavenCoordinates()).containsExactly("g:a:2.1");
    assertThat(pom.mavenRepositories())
        .containsExactly(new MavenResolver.Repository("corp", "https://repo.corp/m2/"));
    assertThat(
            MagicRewriter.forPipeline(
                    "%%loadFromPOM compile test\n<dependency><groupId>g</groupId>"
                        + "<artifactId>t</artifactId><version>1</version><scope>test</scope>"
                        + "</dependency>")
                .mavenCoordinates())
        .containsExactly("g:t:1");
    assertThatThrownBy(() -> MagicRewriter.forPipeline("%%loadFromPOM\n<parent/>"))
        .isInstanceOf(MagicUsageException.class)
        .hasMessageStartingWith("%%loadFromPOM: <parent> is not supported");
    assertThat(MagicRewriter.forPipeline("%%loadFromPOM?\n<dependency/>").mavenCoordinates())
        .isEmpty();
  }

  @Test
  void aLoadFromPomLineGivesTheHeaderWhatThePomFileInTheNotebooksDirectoryAsksFor(
      @TempDir Path notebooks) throws Exception {
    Files.writeString(
        notebooks.resolve("pom.xml"),
        "<project>\n<repositories><repository><id>corp</id><url>https://repo.corp/m2/</url>"
            + "</repository></repositories>\n<dependencies>\n"
            + "<dependency><groupId>g</groupId><artifactId>a</artifactId><version>1</version>"
            + "</dependency>\n"
            + "<dependency><groupId>g</groupId><artifactId>t</artifactId><version>1</version>"
            + "<scope>test</scope></dependency>\n</dependencies>\n</project>\n");

    PipelineCell cell =
        MagicRewriter.forPipeline("%loadFromPOM pom.xml\nint x = 1;\n%maven c:d:2", notebooks);

    assertThat(cell.javaSource()).isEqualTo("\nint x = 1;\n");
    assertThat(cell.mavenCoordinates()).containsExactly("g:a:1", "c:d:2");
    assertThat(cell.mavenRepositories())
        .containsExactly(new MavenResolver.Repository("corp", "https://repo.corp/m2/"));
    assertThat(
            MagicRewriter.forPipeline("%loadFromPOM pom.xml compile test", notebooks)
                .mavenCoordinates())
        .containsExactly("g:a:1", "g:t:1");
    assertThatThrownBy(() -> MagicRewriter.forPipeline("%loadFromPOM nope.xml", notebooks))
        .isInstanceOf(MagicUsageException.class)
        .hasMessage("%loadFromPOM: no such file: nope.xml (in " + notebooks + ")");
    assertThatThrownBy(() -> MagicRewriter.forPipeline("%loadFromPOM", notebooks))
        .isInstanceOf(MagicUsageException.class)
        .hasMessage("%loadFromPOM: expected the path of a pom.xml, then optional scopes");
    assertThat(MagicRewriter.forPipeline("%loadFromPOM?", notebooks).mavenCoordinates()).isEmpty();
  }

  @Test
  void noteCellBecomesOneEscapedString() {
    assertThat(java("%%note\n# Baseline\nUses \"quotes\" and \\backslashes\\.\n"))
        .isEqualTo("Tracking.note(\"# Baseline\\nUses \\\"quotes\\\" and \\\\backslashes\\\\.\");");
  }

  @Test
  void trackCellWrapsTheBodyInATimerAndRewritesItsMagics() {
    String java = java("%%track training\nint n = 3;\n%metric n=n");
    assertThat(java)
        .matches(
            "(?s)long trackStart_([0-9a-f]{12}) = System.nanoTime\\(\\);\n"
                + "int n = 3;\n"
                + "Tracking.metric\\(\"n\", n\\);\n"
                + "Tracking.metric\\(\"track.training.duration_s\", \\(System.nanoTime\\(\\) - trackStart_\\1\\) / 1e9\\);\n"
                + "Tracking.tag\\(\"track.training.source_sha256\", \"[0-9a-f]{64}\"\\);");
    // The hash is of the body as written, so it matches what the kernel logs for the same cell.
    assertThat(java)
        .contains(dev.trackbook.magics.provenance.SourceHash.sha256("int n = 3;\n%metric n=n"));
  }

  @Test
  void trackCellEndingInABareExpressionStillCompilesBeforeTheTimingCall() {
    String java = java("%%track prepare\nlong sum = 0;\nsum // the value shown");
    assertThat(java)
        .contains("sum // the value shown\n;\nTracking.metric(\"track.prepare.duration_s\"");
    assertThat(java("%%track prepare\nfor (int i = 0; i < 3; i++) {\n}"))
        .contains("{\n}\nTracking.metric(");
  }

  @Test
  void userMistakesAreOneLineUsageErrors() {
    assertThat(
            List.of(
                "%metric acc",
                "%metric",
                "%foo x",
                "%classpath",
                "%load x.jsh",
                "%%bogus\nx",
                "int x;\n%%track\n"))
        .allSatisfy(
            cell ->
                assertThatThrownBy(() -> java(cell))
                    .isInstanceOf(MagicUsageException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
    assertThatThrownBy(() -> java("%metric acc"))
        .hasMessage("%metric: expected key=value, got 'acc'")
        .hasToString("UsageError: %metric: expected key=value, got 'acc'");
    assertThatThrownBy(() -> java("%foo x")).hasMessage("%foo: unknown magic");
    assertThatThrownBy(() -> java("%jars"))
        .hasMessage("%jars: expected one or more paths or globs");
    assertThatThrownBy(() -> java("%mavenRepo"))
        .isInstanceOf(MagicUsageException.class)
        .hasMessage("%mavenRepo: expected ID URL");
    assertThatThrownBy(() -> java("int x;\n%%track\n"))
        .hasMessage("%%track: a cell magic must be the first line of its cell");
  }

  @Test
  void windowsLineEndingsAreRead() {
    assertThat(java("%tag a=b\r\nint x;")).isEqualTo("Tracking.tag(\"a\", \"b\");\nint x;");
  }
}
