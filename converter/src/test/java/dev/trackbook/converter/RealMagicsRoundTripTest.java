package dev.trackbook.converter;

import static dev.trackbook.converter.NotebookFiles.cell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.magic.MagicsModuleTranslator;
import dev.trackbook.converter.notebook.IpynbReader;
import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.converter.percent.PipelineScript;
import dev.trackbook.kernel.dependencies.MavenResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The magics module's real rewriter in a conversion: magics become Java, the notebook comes back
 * unchanged from the script, and a misused magic is an error naming the cell.
 */
class RealMagicsRoundTripTest {

  @TempDir Path root;

  Converter converter() {
    return new Converter(
        root, new MagicsModuleTranslator(), (r, f) -> new SourceControl.Revision(null, false));
  }

  /** The notebook's pipeline script, read back, after checking it holds the notebook unchanged. */
  private PipelineScript convertedAndBack(Path nb) throws Exception {
    PipelineScript parsed =
        new PercentReader().read(converter().convert(nb, Path.of("pipelines")).script());
    assertThat(parsed.notebook().cells()).isEqualTo(new IpynbReader().read(nb).cells());
    return parsed;
  }

  @Test
  void magicsBecomeJavaAndComeBackAsTheyWere() throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/m.ipynb"),
            cell("deps", "%maven tech.tablesaw:tablesaw-core:0.43.1"),
            cell("exp", "%experiment my models"),
            cell(
                "train",
                "%param lr=0.01 epochs=10 opt=adam\nvar id = %run start\ndouble loss = lr * epochs;\n"
                    + "%metric loss=loss step=1\n  %tag team=ml\n%runs metrics.acc > 0.9\n%run end"),
            cell("note", "%%note\n# Baseline\nUses \"quotes\"."),
            cell("track", "%%track training\nint n = 3;\n%metric n=n"));

    PipelineScript parsed = convertedAndBack(nb);

    assertThat(parsed.header().maven()).containsExactly("tech.tablesaw:tablesaw-core:0.43.1");
    assertThat(parsed.header().experiment()).isEqualTo("my models");
    String train = parsed.cells().get(2).javaSource();
    assertThat(train)
        .contains("double lr = 0.01;")
        .contains("Tracking.param(\"lr\", lr);")
        .contains("var id = Tracking.startRun(null).runId();")
        .doesNotContain("\n%")
        .contains("// trackbook:magic %runs metrics.acc > 0.9");
    assertThat(parsed.cells().get(3).javaSource()).contains("Tracking.note(");
  }

  @Test
  void magicsWithTrailingCommentsBecomeJavaWithoutThemAndComeBackAsTheyWere() throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/c.ipynb"),
            cell("exp", "%experiment tuned // second try"),
            cell("p", "%param lr=0.1 // see \\\nint epochs = 2;\n%metric acc=0.5 /* val */"));

    PipelineScript parsed = convertedAndBack(nb);

    assertThat(parsed.header().experiment()).isEqualTo("tuned");
    assertThat(parsed.cells().get(1).javaSource())
        .contains("double lr = 0.1;\nTracking.param(\"lr\", lr);")
        .contains("\nint epochs = 2;\n")
        .contains("\nTracking.metric(\"acc\", 0.5);\n");
  }

  @Test
  void modelMagicsBecomeLiveCalls() throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/models.ipynb"),
            cell("log", "var uri = %log_model mlp net\n%register mlp alias=champion"));

    PipelineScript parsed = convertedAndBack(nb);

    assertThat(parsed.cells().get(0).javaSource())
        .contains("var uri = Tracking.logModel(net, \"mlp\");")
        .contains("Tracking.registerModel(\"mlp\", \"champion\");");
  }

  @Test
  void aMisusedMagicNamesTheCellAndWritesNothing() throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/bad.ipynb"),
            cell("ok", "int x = 1;"),
            cell("m", "%metric acc"));

    assertThatThrownBy(() -> converter().convert(nb, Path.of("pipelines")))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "notebooks/bad.ipynb: cell 1 (id m) \"%metric acc\", line 1: %metric: expected key=value, got 'acc'");
    assertThat(root.resolve("pipelines")).doesNotExist();
  }

  @Test
  void aLoadFromPomLineReadsThePomRelativeToTheNotebooksDirectoryAtConversion() throws Exception {
    Files.createDirectories(root.resolve("notebooks"));
    Files.writeString(
        root.resolve("notebooks/pom.xml"),
        "<project><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId>"
            + "<version>1</version></dependency></dependencies></project>");
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/pom.ipynb"), cell("deps", "%loadFromPOM pom.xml\nint x = 1;"));

    PipelineScript parsed = convertedAndBack(nb);

    assertThat(parsed.header().maven()).containsExactly("g:a:1");
    assertThat(parsed.matchesHeader(root.resolve("notebooks"))).isTrue();
    assertThat(converter().check(Path.of("pipelines"))).isEmpty();

    // The header holds what the POM said at conversion: a changed POM makes the pipeline stale.
    Path pom = root.resolve("notebooks/pom.xml");
    Files.writeString(pom, Files.readString(pom).replace("<version>1<", "<version>2<"));
    assertThat(converter().check(Path.of("pipelines")))
        .singleElement()
        .asString()
        .contains("a pom.xml a %loadFromPOM line reads changed")
        .contains("./trackbook convert notebooks/pom.ipynb");
  }

  @Test
  void aLoadFromPomLineWhosePomIsMissingNamesTheCellAndWritesNothing() throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/nopom.ipynb"),
            cell("ok", "int x = 1;"),
            cell("deps", "%loadFromPOM deps/pom.xml"));

    assertThatThrownBy(() -> converter().convert(nb, Path.of("pipelines")))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "notebooks/nopom.ipynb: cell 1 (id deps) \"%loadFromPOM deps/pom.xml\", line 1:"
                + " %loadFromPOM: no such file: deps/pom.xml (in "
                + root.resolve("notebooks").toAbsolutePath().normalize()
                + ")");
    assertThat(root.resolve("pipelines")).doesNotExist();
  }

  @Test
  void aCellMagicBodyThatLooksLikeScriptSyntaxIsRefused() throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/t.ipynb"),
            cell("t", "%%track training\nint n = 1;\n// %% not a cell"));

    assertThatThrownBy(() -> converter().convert(nb, Path.of("pipelines")))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("cell 0 (id t)")
        .hasMessageContaining("// %% not a cell");
  }

  @Test
  void sessionOnlyMagicsAreRefused() throws Exception {
    Path nb =
        NotebookFiles.write(root.resolve("notebooks/load.ipynb"), cell("c", "%load setup.jsh"));

    assertThatThrownBy(() -> converter().convert(nb, Path.of("pipelines")))
        .hasMessageContaining("cell 0 (id c)")
        .hasMessageContaining("only works in a notebook");
  }

  /** {@code %jars} is IJava's name for {@code %classpath}: the same header, the cell as written. */
  @ParameterizedTest
  @ValueSource(strings = {"classpath", "jars"})
  void classPathMagicsGoToTheHeaderAsWritten(String magic) throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/cp-" + magic + ".ipynb"),
            cell("c", "%" + magic + " lib/*.jar classes\nint x = 1;"),
            cell("d", "%classpath lib/*.jar"));

    Path script = converter().convert(nb, Path.of("pipelines")).script();

    PipelineScript parsed = new PercentReader().read(script);
    assertThat(parsed.header().classpath()).containsExactly("lib/*.jar", "classes");
    assertThat(parsed.matchesHeader()).isTrue();
    assertThat(parsed.notebook().cells().get(0).source())
        .isEqualTo("%" + magic + " lib/*.jar classes\nint x = 1;");
  }

  @Test
  void mavenRepositoriesGoToTheHeaderOncePerIdWithTheLatestUrl() throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/repos.ipynb"),
            cell("c", "%addMavenRepo extra file:///srv/old\n%maven g:a:1"),
            cell("d", "%mavenRepo snapshots https://repo.example/snapshots // IJava's name"),
            cell("e", "%mavenRepo extra file:///srv/new"));

    Path script = converter().convert(nb, Path.of("pipelines")).script();

    PipelineScript parsed = new PercentReader().read(script);
    assertThat(parsed.header().mavenRepositories())
        .containsExactly(
            new MavenResolver.Repository("extra", "file:///srv/new"),
            new MavenResolver.Repository("snapshots", "https://repo.example/snapshots"));
    assertThat(parsed.header().maven()).containsExactly("g:a:1");
    assertThat(parsed.matchesHeader()).isTrue();
    assertThat(Files.readString(script))
        .contains(
            "//       maven_repositories:\n//       - id: extra\n//         url: file:///srv/new\n");
    assertThat(parsed.notebook().cells().get(0).source())
        .isEqualTo("%addMavenRepo extra file:///srv/old\n%maven g:a:1");
  }

  @Test
  void aMavenRepositoryWithoutAUrlIsAOneLineErrorNamingTheMagic() throws Exception {
    Path nb =
        NotebookFiles.write(
            root.resolve("notebooks/bad-repo.ipynb"), cell("c", "%mavenRepo extra repo.example"));

    assertThatThrownBy(() -> converter().convert(nb, Path.of("pipelines")))
        .hasMessageContaining("cell 0 (id c)")
        .hasMessageContaining(
            "%mavenRepo: expected an http://, https:// or file:// URL, got 'repo.example'");
  }
}
