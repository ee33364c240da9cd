package dev.trackbook.converter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.trackbook.converter.magic.MagicsModuleTranslator;
import dev.trackbook.converter.notebook.IpynbReader;
import dev.trackbook.converter.notebook.Notebook;
import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.converter.percent.PipelineScript;
import dev.trackbook.kernel.dependencies.MavenResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files as {@link PercentGoldenTest}'s, converted with the magics module's real rewriter:
 * what a magic puts in the pipeline's header (its dependencies) is the converter's output, not the
 * magic's generated code. {@code golden/real-magics/inputs/x.ipynb} has its expected script in
 * {@code golden/real-magics/outputs/percent/x.java}; a missing golden is written for review. Files
 * a notebook's magics read ({@code %loadFromPOM PATH}) are relative to {@code inputs/}, as to a
 * notebook's own directory.
 */
class RealMagicsGoldenTest {

  static final Path GOLDEN = PercentGoldenTest.GOLDEN.resolve("real-magics");

  static Stream<String> inputs() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN.resolve("inputs"))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".ipynb"))
          .sorted()
          .map(n -> n.substring(0, n.length() - ".ipynb".length()))
          .toList()
          .stream();
    }
  }

  static Converter converter() {
    return new Converter(
        Path.of("."), new MagicsModuleTranslator(), (r, f) -> PercentGoldenTest.REVISION, "test");
  }

  static String render(String name) {
    Notebook nb = new IpynbReader().read(GOLDEN.resolve("inputs/" + name + ".ipynb"));
    return converter()
        .render(
            nb,
            "notebooks/" + name + ".ipynb",
            GOLDEN.resolve("inputs"),
            1,
            PercentGoldenTest.REVISION);
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void scriptMatchesGoldenAndReadsBack(String name) throws IOException {
    String actual = render(name);
    Path golden = GOLDEN.resolve("outputs/percent/" + name + ".java");
    if (!Files.exists(golden)) {
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      fail("wrote missing golden " + golden + "; review it and commit it");
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));

    Notebook original = new IpynbReader().read(GOLDEN.resolve("inputs/" + name + ".ipynb"));
    PipelineScript back = new PercentReader().parse(actual, name);
    assertThat(back.notebook().cells()).isEqualTo(original.cells());
    assertThat(back.matchesHeader(new MagicsModuleTranslator(), GOLDEN.resolve("inputs"))).isTrue();
  }

  @Test
  void ijavasDependencyMagicsGiveTheHeaderWhatMavenAndMavenRepoWouldGive() {
    PipelineScript script = new PercentReader().parse(render("ijava-dependencies"), "deps");

    // %%loadFromPOM's dependencies in scope, %addMavenDependencies' coordinates, in cell order.
    assertThat(script.header().maven())
        .containsExactly(
            "org.apache.commons:commons-math3:3.6.1",
            "tech.tablesaw:tablesaw-core:0.43.1",
            "org.knowm.xchart:xchart:3.8.8");
    assertThat(script.header().mavenRepositories())
        .isEqualTo(
            List.of(new MavenResolver.Repository("corp", "https://repo.corp.example/maven2/")));
  }

  @Test
  void aLoadFromPomLineGivesTheHeaderWhatThePomBesideTheNotebookAsksFor() {
    PipelineScript script = new PercentReader().parse(render("ijava-pom-file"), "pom-file");

    // The compile and runtime dependencies, then the test one the second line asks for.
    assertThat(script.header().maven())
        .containsExactly("org.knowm.xchart:xchart:3.8.8", "org.junit.jupiter:junit-jupiter:5.10.2");
    assertThat(script.header().mavenRepositories())
        .isEqualTo(
            List.of(new MavenResolver.Repository("corp", "https://repo.corp.example/maven2/")));
  }
}
