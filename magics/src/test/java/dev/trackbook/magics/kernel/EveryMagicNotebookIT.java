package dev.trackbook.magics.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.kernel.install.KernelInstaller;
import dev.trackbook.magics.provenance.SourceHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook using every magic, executed by Jupyter's own client ({@code jupyter nbconvert
 * --execute}) on the installed Trackbook kernel with the magics jar; then what the tracking server
 * stored is checked over REST, and what the notebook shows is read from the executed notebook.
 */
class EveryMagicNotebookIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static TestServer server;
  private static Path jupyterPath;

  @BeforeAll
  static void install() throws Exception {
    server = new TestServer(dir.resolve("server"), 0);
    jupyterPath = dir.resolve("jupyter");
    KernelInstaller.install(
        jupyterPath.resolve("kernels"),
        Path.of(System.getProperty("trackbook.kernelJar")),
        List.of(Path.of(System.getProperty("trackbook.magicsJar"))),
        KernelInstaller.currentJava());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyMagicThroughJupyter() throws Exception {
    Path nbDir = Files.createDirectories(dir.resolve("notebooks"));
    Files.writeString(nbDir.resolve("data.csv"), "x,y\n1,2\n");
    String trackBody = "int total = 0;\nfor (int i = 1; i <= 4; i++) total += i;\ntotal";
    String paramCell = "%param lr=0.05 epochs=2 opt=adam";
    JsonNode executed =
        execute(
            nbDir.resolve("every-magic.ipynb"),
            "%tracking " + server.url(),
            "%experiment notebook magics",
            "var id = %run start from-notebook",
            "id",
            paramCell,
            "double loss = 0;\nfor (int e = 0; e < epochs; e++) {\n  loss = lr / (e + 1);\n  %metric loss=loss\n}",
            "%metric acc=0.9 step=1",
            "%tag team=notebooks",
            "%note written by a notebook",
            "%%note\n# Notebook note\nAll magics, one run.",
            "%artifact data.csv inputs",
            "%%track train\n" + trackBody,
            "%metric?",
            "%metric acc",
            "int z = 1;\nthrow new IllegalStateException(\"here\");",
            "dev.trackbook.client.Tracking.flush();",
            "%run end");

    List<JsonNode> cells = list(executed.path("cells"));
    String runId = text(cells.get(3)).replace("\"", "").strip();
    assertThat(runId).matches("[0-9a-f]{32}");
    // A cell magic with no value (%%note) shows nothing, not "null".
    assertThat(list(cells.get(7).path("outputs"))).isEmpty();
    // The %%track body's value is the cell's result (Out[12]), as a plain cell's value is.
    JsonNode tracked = output(cells.get(11), "execute_result");
    assertThat(joined(tracked.path("data").path("text/plain"))).isEqualTo("10");
    assertThat(tracked.path("execution_count").asInt()).isEqualTo(12);
    assertThat(list(cells.get(11).path("outputs")))
        .noneMatch(o -> o.path("output_type").asText().equals("display_data"));
    assertThat(text(cells.get(12))).startsWith("Usage: %metric KEY=VALUE... [step=N]");
    JsonNode error = output(cells.get(13), "error");
    assertThat(strip(String.join("\n", strings(error.path("traceback")))))
        .isEqualTo("UsageError: %metric: expected key=value, got 'acc'");
    // Frames name the cell by Jupyter's execution count (In [15]), though magics evaluated code
    // in the cells before.
    assertThat(strip(String.join("\n", strings(output(cells.get(14), "error").path("traceback")))))
        .contains("at cell (cell 15, line 2)");

    JsonNode run = server.get("runs/get", "run_id", runId).path("run");
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(pairs(run.path("data").path("params")))
        .containsEntry("lr", "0.05")
        .containsEntry("epochs", "2")
        .containsEntry("opt", "adam");
    assertThat(
            server
                .get("metrics/get-history", "run_id", runId, "metric_key", "loss")
                .path("metrics"))
        .hasSize(2);
    assertThat(pairs(run.path("data").path("metrics")))
        .containsEntry("acc", "0.9")
        .containsKey("track.train.duration_s");
    Map<String, String> tags = pairs(run.path("data").path("tags"));
    assertThat(tags)
        .containsEntry("team", "notebooks")
        .containsEntry("mlflow.note.content", "# Notebook note\nAll magics, one run.")
        .containsEntry("mlflow.source.name", "notebooks/every-magic.ipynb")
        .containsEntry("mlflow.source.type", "NOTEBOOK")
        .containsEntry("track.train.source_sha256", SourceHash.sha256(trackBody))
        .containsKeys(
            "mlflow.user",
            "trackbook.jdk",
            "trackbook.os",
            "trackbook.host",
            "trackbook.classpath.maven")
        .containsValue(SourceHash.sha256(paramCell));
    assertThat(server.get("artifacts/list", "run_id", runId, "path", "inputs").toString())
        .contains("inputs/data.csv");

    // The display magics, in a second notebook that knows the run id.
    JsonNode shown =
        execute(
            nbDir.resolve("browse.ipynb"),
            "%tracking " + server.url(),
            "%runs",
            "%compare " + runId);
    List<JsonNode> browse = list(shown.path("cells"));
    assertThat(joined(output(browse.get(1), "display_data").path("data").path("text/html")))
        .contains(runId, "from-notebook", "opt=adam");
    assertThat(joined(output(browse.get(2), "display_data").path("data").path("image/png")))
        .isNotEmpty();
  }

  /**
   * Writes a notebook of code cells, executes it with nbconvert on the Trackbook kernel, returns
   * the result.
   */
  private static JsonNode execute(Path notebook, String... sources) throws Exception {
    ObjectNode nb = JSON.createObjectNode();
    nb.put("nbformat", 4).put("nbformat_minor", 5);
    nb.putObject("metadata")
        .putObject("kernelspec")
        .put("name", "trackbook-java")
        .put("display_name", "Java (Trackbook)")
        .put("language", "java");
    ArrayNode cells = nb.putArray("cells");
    for (int i = 0; i < sources.length; i++) {
      ObjectNode cell = cells.addObject();
      cell.put("cell_type", "code").put("id", "c" + i).put("execution_count", (Integer) null);
      cell.putObject("metadata");
      cell.putArray("outputs");
      cell.put("source", sources[i]);
    }
    Files.writeString(notebook, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(nb));
    Path out = notebook.resolveSibling("executed-" + notebook.getFileName());
    List<String> command =
        new ArrayList<>(
            List.of(
                System.getProperty("trackbook.python"),
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--allow-errors",
                "--ExecutePreprocessor.kernel_name=trackbook-java",
                "--ExecutePreprocessor.timeout=180",
                "--output",
                out.toString(),
                notebook.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("JUPYTER_PATH", jupyterPath.toString());
    pb.environment().put("TRACKBOOK_JOURNAL_DIR", dir.resolve("journal").toString());
    // Jupyter Server sets this for the kernels it starts; nbconvert does not, so the test does.
    pb.environment().put("JPY_SESSION_NAME", "notebooks/" + notebook.getFileName());
    Process p = pb.start();
    p.getOutputStream().close();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    return JSON.readTree(out.toFile());
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static List<String> strings(JsonNode array) {
    return list(array).stream().map(JsonNode::asText).toList();
  }

  /** The cell's output of {@code type}. */
  private static JsonNode output(JsonNode cell, String type) {
    return list(cell.path("outputs")).stream()
        .filter(o -> o.path("output_type").asText().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " output in " + cell));
  }

  /** All text a cell showed: streams and text/plain results. */
  private static String text(JsonNode cell) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode o : cell.path("outputs")) {
      JsonNode t = o.has("text") ? o.path("text") : o.path("data").path("text/plain");
      if (t.isArray()) {
        t.forEach(line -> sb.append(line.asText()));
      } else {
        sb.append(t.asText(""));
      }
    }
    return sb.toString();
  }

  /** nbformat stores multi-line text as a list of lines. */
  private static String joined(JsonNode text) {
    return text.isArray() ? String.join("", strings(text)) : text.asText();
  }

  private static String strip(String ansi) {
    return ansi.replaceAll("\u001B\\[[;\\d]*m", "");
  }

  private static Map<String, String> pairs(JsonNode array) {
    Map<String, String> map = new HashMap<>();
    array.forEach(e -> map.put(e.path("key").asText(), e.path("value").asText()));
    return map;
  }
}
