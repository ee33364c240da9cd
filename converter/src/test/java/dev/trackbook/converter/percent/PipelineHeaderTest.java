package dev.trackbook.converter.percent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.params.Parameter;
import dev.trackbook.converter.params.ParameterType;
import dev.trackbook.kernel.dependencies.MavenResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header's YAML reads back as written, by us and after jupytext (PyYAML) wrote it back. */
class PipelineHeaderTest {

  static PipelineHeader header(List<Parameter> parameters, String experiment) {
    return header(parameters, List.of(), experiment);
  }

  static PipelineHeader header(
      List<Parameter> parameters, List<String> classpath, String experiment) {
    return new PipelineHeader(
        Map.of("name", "trackbook"),
        1,
        "notebooks/x.ipynb",
        "ab",
        "cd",
        1,
        "test",
        null,
        false,
        parameters,
        List.of(),
        classpath,
        List.of(),
        experiment);
  }

  static List<String> yaml(PipelineHeader header) {
    List<String> lines = header.render();
    return lines.subList(1, lines.size() - 1).stream()
        .map(l -> l.equals("//") ? "" : l.substring(3))
        .toList();
  }

  @Test
  void everyStringDefaultReadsBackAsWritten() {
    List<String> values =
        List.of(
            "0x10",
            "1e3",
            "1_000",
            "0b101",
            ".inf",
            "-.inf",
            "+.inf",
            ".nan",
            "0o17",
            "017",
            "1:20",
            "12:30:00",
            "2024-01-01",
            "2024-1-1 10:00:00",
            "yes",
            "Off",
            "~",
            "null",
            "",
            "1.50",
            "-1_0",
            "+1",
            ".5",
            "=",
            "<<",
            "plain text",
            "1e",
            "0x1G");
    List<Parameter> parameters = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      parameters.add(new Parameter("p" + i, ParameterType.STRING, "String", values.get(i)));
    }
    PipelineHeader header = header(parameters, "2024-01-01");

    assertThat(PipelineHeader.parse(yaml(header), "x.java")).isEqualTo(header);
    assertThat(yaml(header)).contains("      - default: \"0x10\"", "      - default: plain text");
  }

  @Test
  void theClassPathIsWrittenOnlyWhenThereIsOneAndReadsBack() {
    assertThat(String.join("\n", yaml(header(List.of(), null)))).doesNotContain("classpath");

    PipelineHeader globs = header(List.of(), List.of("lib/*.jar", "*.jar", "classes/"), null);
    assertThat(PipelineHeader.parse(yaml(globs), "x.java")).isEqualTo(globs);
  }

  @Test
  void aMavenRepositoryWithCredentialsInTheHeaderIsRefusedNamingThePipeline() {
    PipelineHeader good = header(List.of(), null);
    List<MavenResolver.Repository> repositories =
        List.of(new MavenResolver.Repository("corp", "https://me:s3cret@repo.corp/m2/"));
    PipelineHeader edited =
        new PipelineHeader(
            good.kernelspec(),
            good.formatVersion(),
            good.source(),
            good.sourceSha256(),
            good.bodySha256(),
            good.version(),
            good.converterVersion(),
            good.gitCommit(),
            good.gitDirty(),
            good.parameters(),
            good.maven(),
            good.classpath(),
            repositories,
            good.experiment());

    assertThatThrownBy(() -> PipelineHeader.parse(yaml(edited), "pipelines/x.java"))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "pipelines/x.java: maven_repositories: the URL holds credentials (user:token@), which"
                + " would be saved with the notebook; put them in a <server> with id corp in"
                + " ~/.m2/settings.xml");
  }

  @Test
  void numbersAreReadAsTheTextWritten() {
    // PyYAML (jupytext saving the script) writes a string it reads as one plain: 1e3, 0o17.
    List<String> lines = new ArrayList<>(yaml(header(List.of(), null)));
    int at = lines.indexOf("      parameters: []");
    lines.set(at, "      parameters:");
    lines.addAll(
        at + 1,
        List.of(
            "      - default: 1e3",
            "        name: s",
            "        type: String",
            "      - default: 1.0E10",
            "        name: d",
            "        type: double",
            "      - default: 1.50",
            "        name: t",
            "        type: String"));

    assertThat(PipelineHeader.parse(lines, "x.java").parameters())
        .containsExactly(
            new Parameter("s", ParameterType.STRING, "String", "1e3"),
            new Parameter("d", ParameterType.DOUBLE, "double", 1e10),
            new Parameter("t", ParameterType.STRING, "String", "1.50"));
  }
}
