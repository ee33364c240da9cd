package dev.trackbook.converter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.converter.percent.PipelineScript;
import dev.trackbook.converter.percent.ScriptCell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jupytext itself (the venv's, {@code trackbook.python}) reads our golden scripts as {@code
 * java:percent}, and writing its notebook back gives our script again.
 */
class JupytextRoundTripIT {

  /**
   * jupytext drops a cell's trailing newlines (it keeps {@code lines_to_next_cell} instead), so for
   * these goldens only the cells are compared, not the bytes.
   */
  private static final Set<String> TRAILING_NEWLINES = Set.of("trailing-newlines");

  private static final Path PYTHON =
      Path.of(System.getProperty("trackbook.python", "/work/main/.trackbook/venv/bin/python"));

  static Stream<String> goldens() throws IOException {
    return PercentGoldenTest.inputs();
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void jupytextReadsOurScriptAndWritesItBack(String name, @TempDir Path dir) throws Exception {
    Path script = dir.resolve(name + ".java");
    Files.copy(PercentGoldenTest.GOLDEN.resolve("outputs/percent/" + name + ".java"), script);
    Path ipynb = dir.resolve(name + ".ipynb");
    Path back = dir.resolve(name + ".back.java");
    jupytext(
        dir, "--from", "java:percent", "--to", "ipynb", script.toString(), "-o", ipynb.toString());
    jupytext(dir, "--to", "java:percent", ipynb.toString(), "-o", back.toString());

    PipelineScript ours = new PercentReader().read(script);
    JsonNode notebook = new ObjectMapper().readTree(ipynb.toFile());
    JsonNode cells = notebook.get("cells");
    assertThat(cells).hasSize(ours.cells().size());
    for (int i = 0; i < cells.size(); i++) {
      ScriptCell expected = ours.cells().get(i);
      JsonNode cell = cells.get(i);
      assertThat(cell.get("cell_type").asText()).isEqualTo(expected.input().type().jsonName());
      JsonNode id = cell.path("metadata").get("id");
      assertThat(id == null ? null : id.asText()).isEqualTo(expected.input().id());
      List<String> tags = new ArrayList<>();
      cell.path("metadata").path("tags").forEach(t -> tags.add(t.asText()));
      assertThat(tags).isEqualTo(expected.input().tags());
    }
    assertThat(
            notebook
                .path("metadata")
                .path("trackbook")
                .path("pipeline")
                .path("source_sha256")
                .asText())
        .isEqualTo(ours.header().sourceSha256());

    PipelineScript again = new PercentReader().read(back);
    assertThat(again.header()).isEqualTo(ours.header());
    if (!TRAILING_NEWLINES.contains(name)) {
      assertThat(again.body()).isEqualTo(ours.body());
      assertThat(again.matchesHeader(new TestMagics())).isTrue();
    }
  }

  private static void jupytext(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-m", "jupytext"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("jupytext finished").isTrue();
    assertThat(process.exitValue()).as("jupytext %s:%n%s", command, output).isZero();
  }
}
