package dev.trackbook.magics.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trackbook.kernel.TrackbookKernel;
import dev.trackbook.magics.provenance.SourceHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The magics in the real Trackbook kernel (in-process, no Jupyter), logging to a real tracking
 * server; what the server stored is checked over its REST API.
 */
class TrackingMagicsKernelTest {

  @TempDir static Path dir;

  @RegisterExtension static final InProcessKernel inProcess = new InProcessKernel();

  private static TestServer server;
  private static TrackbookKernel kernel;

  @BeforeAll
  static void start() {
    server = inProcess.server;
    kernel = inProcess.kernel;
  }

  private static Object cell(String source) {
    return inProcess.cell(source);
  }

  @Test
  void everyTrackingMagicReachesTheServer() throws Exception {
    Path model = Files.writeString(dir.resolve("model.txt"), "weights");
    cell("%tracking " + server.url());
    cell("%experiment magics in the kernel");
    cell("var id = %run start first");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    assertThat(runId).isNotBlank();
    assertThat(cell("id")).as("the magic's value is the run id").isEqualTo(runId);
    String paramCell = "%param lr=0.01 epochs=3 opt=adam\ndouble twice = lr * 2;\ntwice";
    assertThat(cell(paramCell)).as("%param declared double lr").isEqualTo(0.02);
    cell("%metric acc=0.5\n%metric acc=0.75 step=5\ndouble loss = 0.25;\n%metric loss=loss");
    cell("%tag team=ml \"owner=data science\"");
    cell("%note a *quick* note");
    cell("%artifact " + model + " models");
    String trackBody = "int sum = 0;\nfor (int i = 0; i < 10; i++) sum += i;\nsum";
    cell("%%track train\n" + trackBody);
    assertThat(cell("sum")).as("the %%track body ran in the notebook's session").isEqualTo(45);
    cell("%%note\n# Result\nSum is **45**.\n");
    cell("dev.trackbook.client.Tracking.flush();");
    cell("%run end");

    JsonNode run = server.get("runs/get", "run_id", runId).path("run");
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(run.path("info").path("run_name").asText()).isEqualTo("first");
    JsonNode experiment =
        server.get(
            "experiments/get", "experiment_id", run.path("info").path("experiment_id").asText());
    assertThat(experiment.path("experiment").path("name").asText())
        .isEqualTo("magics in the kernel");

    Map<String, String> params = pairs(run.path("data").path("params"));
    assertThat(params)
        .containsEntry("lr", "0.01")
        .containsEntry("epochs", "3")
        .containsEntry("opt", "adam");

    JsonNode acc =
        server.get("metrics/get-history", "run_id", runId, "metric_key", "acc").path("metrics");
    assertThat(acc).hasSize(2);
    assertThat(acc.get(1).path("value").asDouble()).isEqualTo(0.75);
    assertThat(acc.get(1).path("step").asLong()).isEqualTo(5);
    Map<String, String> metrics = pairs(run.path("data").path("metrics"));
    assertThat(metrics).containsEntry("loss", "0.25").containsKey("track.train.duration_s");

    Map<String, String> tags = pairs(run.path("data").path("tags"));
    assertThat(tags)
        .containsEntry("team", "ml")
        .containsEntry("owner", "data science")
        .containsEntry("mlflow.note.content", "# Result\nSum is **45**.")
        .containsEntry("track.train.source_sha256", SourceHash.sha256(trackBody))
        .containsEntry("mlflow.user", System.getProperty("user.name"))
        .containsKeys("trackbook.jdk", "trackbook.os", "trackbook.host");
    // The cell listener tagged the hash of every cell as the user wrote it, e.g. the %param cell.
    assertThat(tags).containsValue(SourceHash.sha256(paramCell));
    assertThat(tags.keySet()).anyMatch(k -> k.matches("trackbook\\.cell\\.\\d+\\.sha256"));

    JsonNode files = server.get("artifacts/list", "run_id", runId, "path", "models").path("files");
    assertThat(files.toString()).contains("models/model.txt");
  }

  @Test
  void aMetricMagicInALoopLogsEveryStepsValueAndFollowsARedeclaredVariable() throws Exception {
    cell("%tracking " + server.url());
    cell("%experiment metric loop");
    cell("%run start loop");
    cell("double stepLoss = 0;");
    // Compiled once, rerun per step (KernelSession.run): each step must still log its own value.
    cell("for (int i = 1; i <= 40; i++) {\n  stepLoss = 1.0 / i;\n  %metric step_loss=stepLoss\n}");
    // A redeclared variable is another field: the compiled form must not keep reading the old one.
    cell("double stepLoss = 42;");
    cell("%metric step_loss=stepLoss");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    cell("%run end");

    JsonNode history =
        server
            .get("metrics/get-history", "run_id", runId, "metric_key", "step_loss")
            .path("metrics");
    assertThat(history).hasSize(41);
    for (int i = 1; i <= 40; i++) {
      assertThat(history.get(i - 1).path("value").asDouble()).isEqualTo(1.0 / i);
    }
    assertThat(history.get(40).path("value").asDouble()).isEqualTo(42.0);
  }

  @Test
  void aMetricsStepMayBeTheLoopsVariable() throws Exception {
    cell("%tracking " + server.url());
    cell("%experiment metric steps");
    cell("%run start steps");
    // MLflow's log_metric(key, value, step=epoch): inside the loop (inlined) and at the top level.
    cell("for (int epoch = 0; epoch < 6; epoch += 2) {\n  %metric loss=epoch step=epoch\n}");
    cell("long lastEpoch = 10L;");
    cell("%metric loss=lastEpoch step=lastEpoch");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    cell("%run end");

    JsonNode history =
        server.get("metrics/get-history", "run_id", runId, "metric_key", "loss").path("metrics");
    assertThat(history).extracting(m -> m.path("step").asLong()).containsExactly(0L, 2L, 4L, 10L);
    assertThat(history)
        .extracting(m -> m.path("value").asDouble())
        .containsExactly(0.0, 2.0, 4.0, 10.0);
  }

  @Test
  void provenanceTagsARunWithoutCompilingASnippetPerTag() throws Exception {
    cell("%tracking " + server.url());
    cell("%experiment provenance cost");
    cell("%run start first"); // compiles the lambdas every run's bookkeeping shares
    cell("%run end");
    int before = wrapperNumber();
    cell("%run start second"); // a run's first logging call: provenance is tagged here
    int compiled = wrapperNumber() - before - 1;
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    cell("%run end");

    // The start call's expression alone (each snippet is one wrapper class; before, each of the
    // ~9 provenance tags was one more).
    assertThat(compiled).isEqualTo(1);
    Map<String, String> tags =
        pairs(server.get("runs/get", "run_id", runId).path("run").path("data").path("tags"));
    assertThat(tags)
        .containsEntry("mlflow.user", System.getProperty("user.name"))
        .containsKeys("trackbook.jdk", "trackbook.os", "trackbook.host");
  }

  /** The number JShell gave the wrapper class of this very snippet ({@code REPL.$JShell$N}). */
  private static int wrapperNumber() {
    String name = (String) cell("java.lang.invoke.MethodHandles.lookup().lookupClass().getName()");
    return Integer.parseInt(name.substring(name.lastIndexOf('$') + 1));
  }

  @Test
  void usageErrorIsOneLineAndTheKernelStaysUsable() {
    Throwable error = null;
    try {
      cell("%metric acc");
    } catch (Throwable t) {
      error = t;
    }
    assertThat(error).isNotNull();
    // The kernel styles the line (ANSI colours); the text is what matters.
    assertThat(String.join("\n", kernel.formatError(error)).replaceAll("\u001B\\[[;\\d]*m", ""))
        .isEqualTo("UsageError: %metric: expected key=value, got 'acc'");
    assertThat(cell("1 + 1")).isEqualTo(2);
  }

  @Test
  void argumentsReadAsInAPipelineBackslashesKeptAndANoteAsWritten() throws Exception {
    cell("%tracking " + server.url());
    cell("%experiment written arguments");
    cell("%run start written");
    String note = "he said \"hi there\"   loudly; path C:\\tmp\\x and 5\" screen";
    cell("%tag re=\\d+ path=C:\\Users\\me\\data \"quoted=a \\\"b\\\"\"\n%note " + note);
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    cell("%run end");

    Map<String, String> tags =
        pairs(server.get("runs/get", "run_id", runId).path("run").path("data").path("tags"));
    assertThat(tags)
        .containsEntry("re", "\\d+")
        .containsEntry("path", "C:\\Users\\me\\data")
        .containsEntry("quoted", "a \"b\"")
        .containsEntry("mlflow.note.content", note);
    // The converted pipeline logs the very same values.
    String pipeline =
        dev.trackbook.magics.MagicRewriter.forPipeline(
                "%tag re=\\d+ path=C:\\Users\\me\\data\n%note " + note)
            .javaSource();
    assertThat(pipeline)
        .contains("Tracking.tag(\"re\", \"\\\\d+\");")
        .contains("Tracking.tag(\"path\", \"C:\\\\Users\\\\me\\\\data\");")
        .contains(
            "Tracking.note(\"he said \\\"hi there\\\"   loudly; path C:\\\\tmp\\\\x and 5\\\" screen\");");
  }

  @Test
  void javaCommentsAfterMagicArgumentsAreNotLogged() throws Exception {
    cell("%tracking " + server.url() + " // the test server");
    cell("%experiment commented magics // as a Java user writes them");
    cell("%run start commented // first try");
    cell("%param lr=0.1 // learning rate\ndouble twice = lr * 2;");
    cell("for (int i = 0; i < 2; i++) {\n  %metric acc=i /* per epoch */ loss=i // loop\n}");
    cell("%tag url=http://x/y \"why=a // b\" // the comment");
    cell("%note see http://x // not the note's");
    cell("%%track fit // the slow part\nint n = 3;");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    cell("%run end");

    JsonNode run = server.get("runs/get", "run_id", runId).path("run");
    String experimentId = run.path("info").path("experiment_id").asText();
    assertThat(
            server
                .get("experiments/get", "experiment_id", experimentId)
                .path("experiment")
                .path("name")
                .asText())
        .isEqualTo("commented magics");
    JsonNode data = run.path("data");
    assertThat(pairs(data.path("params"))).containsOnly(Map.entry("lr", "0.1"));
    assertThat(pairs(data.path("metrics")).keySet())
        .containsExactlyInAnyOrder("acc", "loss", "track.fit.duration_s");
    JsonNode loss =
        server.get("metrics/get-history", "run_id", runId, "metric_key", "loss").path("metrics");
    assertThat(loss).hasSize(2);
    assertThat(loss.get(1).path("value").asDouble()).isEqualTo(1.0);
    assertThat(pairs(data.path("tags")))
        .containsEntry("url", "http://x/y")
        .containsEntry("why", "a // b")
        .containsEntry("mlflow.note.content", "see http://x")
        .containsEntry("mlflow.runName", "commented");
  }

  @Test
  void aMagicWhoseJavaDoesNotCompileSaysWhyInOneLine() {
    cell("%tracking " + server.url());
    for (String[] c :
        new String[][] {
          {"%log_model m", "UsageError: %log_model: cannot find symbol (symbol: variable model)"},
          {"%dataset d nosuchtable", "UsageError: %dataset: "}
        }) {
      Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> cell(c[0]));
      String shown =
          String.join("\n", kernel.formatError(error)).replaceAll("\u001B\\[[;\\d]*m", "");
      assertThat(shown).as(c[0]).startsWith(c[1]).doesNotContain("\n");
    }
    assertThat(
            MagicCompileErrors.describe(
                "line 1: package dev.trackbook.data.dataset does not exist"))
        .startsWith(
            "needs Trackbook's tracking-data library: add it first with %maven"
                + " dev.trackbook:tracking-data:");
  }

  @Test
  void aMagicsValueAssignedAtTheTopLevelHasItsTypeAsInThePipeline() throws Exception {
    cell("%tracking " + server.url());
    cell("%experiment typed values");
    cell("var typedId = %run start typed");
    // `var` took the type of the magic's Java (String), not Object: the method compiles.
    Object prefix = cell("typedId.substring(0, 8)");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    assertThat(prefix).isEqualTo(runId.substring(0, 8));
    cell("%run end");
    // A magic whose library the notebook lacks still says so in one line, not javac's three.
    cell("Object table = null;");
    Throwable error =
        org.assertj.core.api.Assertions.catchThrowable(() -> cell("var d = %dataset d table"));
    assertThat(String.join("\n", kernel.formatError(error)).replaceAll("\u001B\\[[;\\d]*m", ""))
        .startsWith(
            "UsageError: %dataset: needs Trackbook's tracking-data library: add it first with"
                + " %maven dev.trackbook:tracking-data:")
        .doesNotContain("\n");
    assertThat(cell("1 + 1")).isEqualTo(2);
  }

  @Test
  void aMagicWithNoValueAfterAnEqualsSignIsRefusedInOneLineAsByTheConverterAndLogsNothing()
      throws Exception {
    cell("%tracking " + server.url());
    cell("%experiment no value");
    cell("%run start novalue");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    for (String source :
        new String[] {
          "var r = %metric novalue=0.9",
          "double a = %metric novalue=0.9",
          "for (int i = 0; i < 2; i++) {\n  double b = %metric novalue=i\n}"
        }) {
      Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> cell(source));
      assertThat(String.join("\n", kernel.formatError(error)).replaceAll("\u001B\\[[;\\d]*m", ""))
          .as(source)
          .isEqualTo("UsageError: %metric: has no value; write it on a line of its own");
    }
    cell("dev.trackbook.client.Tracking.flush();");
    cell("%run end");
    assertThat(
            server
                .get("metrics/get-history", "run_id", runId, "metric_key", "novalue")
                .path("metrics"))
        .isEmpty();
    assertThat(cell("1 + 1")).isEqualTo(2);
  }

  @Test
  void aCellMagicWithoutABodyIsACellMagicWithAnEmptyBodyAsInTheConverter() {
    cell("%tracking " + server.url());
    cell("%run start bodiless");
    for (String[] c :
        new String[][] {
          {"%%note", "UsageError: %%note: the cell body is empty; write the note below %%note"},
          {"%%note  \n", "UsageError: %%note: the cell body is empty; write the note below %%note"},
          {"%%nosuchmagic a b", "UsageError: no cell magic %%nosuchmagic; there are "}
        }) {
      Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> cell(c[0]));
      assertThat(String.join("\n", kernel.formatError(error)).replaceAll("\u001B\\[[;\\d]*m", ""))
          .as("%s", c[0])
          .startsWith(c[1])
          .doesNotContain("\n");
    }
    // An empty %%track body runs (and is timed), as its pipeline cell does.
    assertThat(cell("%%track nothing")).isNull();
    cell("%run end");
  }

  @Test
  void aTrackedBodysErrorsNameTheCellsLinesAndOnlyUserFrames() {
    cell("%tracking " + server.url());
    for (String[] c :
        new String[][] {
          {"%%track boom\nint k = 0;\n\nk = 1 / k;", "line 4)"},
          {"%%track broken\nint j = 0;\n\nj = \"s\";", "line 4"}
        }) {
      Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> cell(c[0]));
      String shown =
          String.join("\n", kernel.formatError(error)).replaceAll("\u001B\\[[;\\d]*m", "");
      assertThat(shown)
          .as(c[0])
          .contains(c[1])
          .doesNotContain("BaseNotebookStatics")
          .doesNotContain("InProcessExecutionControl")
          .doesNotContain("jdk.jshell");
    }
  }

  @Test
  void aMagicInsideABlockReadsTheBlocksLocalsAsInAPipeline() throws Exception {
    cell("%tracking " + server.url());
    cell("%experiment block locals");
    cell("%run start locals");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    // A top-level variable of the same name must not be what the loop and the method log.
    cell("double loss = 99.0;");
    cell(
        "for (int epoch = 0; epoch < 3; epoch++) {\n"
            + "  double loss = 1.0 / (epoch + 1);\n"
            + "  %metric loss=loss\n"
            + "}");
    cell("void report(double loss) {\n  %metric eval_loss=loss\n}\nreport(0.125);");
    // As an expression, and the cell's later lines keep their numbers.
    Object line =
        cell(
            "String childId = null;\n"
                + "if (loss > 1) {\n"
                + "  childId = %run start child\n"
                + "  %param seed=7 tag=\"nested\"\n"
                + "  %metric seed_metric=seed\n"
                + "  %run end\n"
                + "}\n"
                + "new Throwable().getStackTrace()[0].getLineNumber()");
    Object plainLine =
        cell(
            "String other = null;\n"
                + "if (loss > 1) {\n"
                + "  other = \"a\";\n"
                + "  int seed2 = 7;\n"
                + "  other = other + seed2;\n"
                + "  other = null;\n"
                + "}\n"
                + "new Throwable().getStackTrace()[0].getLineNumber()");
    assertThat(line).isEqualTo(plainLine);
    // Still a top-level magic: the top-level variable.
    cell("%metric top=loss");
    cell("%run end");
    JsonNode children =
        server.post(
            "runs/search",
            "{\"experiment_ids\": [\""
                + server
                    .get("runs/get", "run_id", runId)
                    .path("run")
                    .path("info")
                    .path("experiment_id")
                    .asText()
                + "\"], \"filter\": \"tags.mlflow.parentRunId = '"
                + runId
                + "'\"}");
    assertThat(children.path("runs")).hasSize(1);
    String childId = children.path("runs").get(0).path("info").path("run_id").asText();
    assertThat(cell("childId")).as("the expression's value is the run id").isEqualTo(childId);

    JsonNode history =
        server.get("metrics/get-history", "run_id", runId, "metric_key", "loss").path("metrics");
    assertThat(history)
        .extracting(m -> m.path("value").asDouble())
        .containsExactly(1.0, 0.5, 1.0 / 3);
    assertThat(history).extracting(m -> m.path("step").asLong()).containsExactly(0L, 1L, 2L);
    Map<String, String> metrics =
        pairs(server.get("runs/get", "run_id", runId).path("run").path("data").path("metrics"));
    assertThat(metrics).containsEntry("eval_loss", "0.125").containsEntry("top", "99.0");
    JsonNode child = server.get("runs/get", "run_id", childId).path("run");
    assertThat(child.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(pairs(child.path("data").path("params")))
        .containsEntry("seed", "7")
        .containsEntry("tag", "nested");
    assertThat(pairs(child.path("data").path("metrics"))).containsEntry("seed_metric", "7.0");
    // The bookkeeping after a logging magic ran for the inlined ones too: provenance tags.
    assertThat(pairs(child.path("data").path("tags")))
        .containsEntry("mlflow.parentRunId", runId)
        .containsKeys("trackbook.jdk", "mlflow.user");
  }

  @Test
  void aMagicThatIsTheBodyOfAnIfElseOrForWithoutBracesLogsOnlyWhenItRuns() throws Exception {
    cell("%tracking " + server.url());
    cell("%experiment braceless bodies");
    cell("%run start braceless");
    cell("dev.trackbook.client.Tracking.flush();");
    String runId = (String) cell("dev.trackbook.client.Tracking.activeRun().runId()");
    cell(
        "for (int i = 0; i < 6; i++) {\n"
            + "  if (i % 2 == 0)\n"
            + "    %metric even_a=i even_b=i\n"
            + "  else\n"
            + "    %metric odd=i\n"
            + "}");
    cell("for (int i = 0; i < 3; i++)\n  %metric top_level=i");
    // A magic line ending in "(v2)" is no `if (...)`: the %param after it declares lr for later
    // cells, not inside a block.
    cell("%tag release=(v2)\n%param lr=0.1");
    assertThat(cell("lr * 2")).isEqualTo(0.2);
    cell("dev.trackbook.client.Tracking.flush();");
    cell("%run end");
    for (var expected :
        Map.of(
                "even_a", java.util.List.of(0.0, 2.0, 4.0),
                "even_b", java.util.List.of(0.0, 2.0, 4.0),
                "odd", java.util.List.of(1.0, 3.0, 5.0),
                "top_level", java.util.List.of(0.0, 1.0, 2.0))
            .entrySet()) {
      assertThat(
              server
                  .get("metrics/get-history", "run_id", runId, "metric_key", expected.getKey())
                  .path("metrics"))
          .as(expected.getKey())
          .extracting(m -> m.path("value").asDouble())
          .containsExactlyElementsOf(expected.getValue());
    }
  }

  @Test
  void aVariableThatIsNotANumberIsNamedWithItsType() {
    cell(
        "String label = \"fast\";\njava.util.List<Integer> sizes = java.util.List.of(1, 2);\n"
            + "double ratio = 0.5;");
    for (String[] c :
        new String[][] {
          {"%metric x=label", "UsageError: %metric: label is a String, not a number"},
          {"%metric x=sizes", "UsageError: %metric: sizes is a List<Integer>, not a number"},
          {"%metric x=nosuch", "UsageError: %metric: cannot read nosuch: no such variable"},
          {"%metric x=ratio y=nosuch", "UsageError: %metric: cannot read nosuch: no such"},
          {"%metric x=sizes.nosuch", "UsageError: %metric: cannot read sizes.nosuch: no such"},
          {"%metric x=1 step=label", "UsageError: %metric: step label is a String, not a whole"},
          {"%metric x=1 step=ratio", "UsageError: %metric: step ratio is a double, not a whole"},
          {"%metric x=1 step=nostep", "UsageError: %metric: cannot read nostep: no such variable"}
        }) {
      Throwable error = null;
      try {
        cell(c[0]);
      } catch (Throwable t) {
        error = t;
      }
      assertThat(error).as(c[0]).isNotNull();
      assertThat(String.join("\n", kernel.formatError(error)).replaceAll("\u001B\\[[;\\d]*m", ""))
          .startsWith(c[1]);
    }
  }

  @Test
  void helpComesFromTheSchema() {
    String out = captureStdout(() -> cell("%metric?"));
    assertThat(out).startsWith("Usage: %metric KEY=VALUE... [step=N]\n");
  }

  @Test
  void whenTheServerIsDownTheCellSucceedsWarnsOnceAndTheDataArrivesLaterOnce() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String uri = "http://127.0.0.1:" + port;
    cell("%tracking " + uri);
    String err =
        captureStderr(
            () -> cell("%run start offline\n%metric offline_metric=1.5\n%tag where=offline"));
    assertThat(err.lines().filter(l -> l.startsWith("Warning: tracking server")))
        .containsExactly(
            "Warning: tracking server "
                + uri
                + " is unreachable; logged to the local journal, it will be sent when the server is back.");
    cell("%run end");

    try (TestServer late = new TestServer(dir.resolve("late-server"), port)) {
      cell("dev.trackbook.client.Tracking.flush();");
      JsonNode runs =
          late.post(
                  "runs/search",
                  "{\"experiment_ids\":[\"0\"],\"filter\":\"tags.where = 'offline'\",\"max_results\":10}")
              .path("runs");
      assertThat(runs).hasSize(1);
      String runId = runs.get(0).path("info").path("run_id").asText();
      JsonNode history =
          late.get("metrics/get-history", "run_id", runId, "metric_key", "offline_metric")
              .path("metrics");
      assertThat(history).hasSize(1);
      assertThat(history.get(0).path("value").asDouble()).isEqualTo(1.5);
    } finally {
      cell("%tracking " + server.url());
    }
  }

  private static Map<String, String> pairs(JsonNode array) {
    Map<String, String> map = new HashMap<>();
    array.forEach(e -> map.put(e.path("key").asText(), e.path("value").asText()));
    return map;
  }

  private static String captureStdout(Supplier<Object> action) {
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      action.get();
    } finally {
      System.setOut(old);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String captureStderr(Supplier<Object> action) {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      action.get();
    } finally {
      System.setErr(old);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
