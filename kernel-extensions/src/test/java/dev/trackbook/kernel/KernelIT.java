package dev.trackbook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.trackbook.kernel.install.KernelInstaller;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed kernel driven by Jupyter's own tools from the venv: {@code jupyter nbconvert
 * --execute} on a notebook, and jupyter_client for interrupt and restart.
 */
class KernelIT {

  @TempDir static Path tmp;

  private static Path prefix;

  @BeforeAll
  static void install() {
    Path jar = Path.of(System.getProperty("trackbook.kernel.jar", "target/trackbook-kernel.jar"));
    prefix = tmp.resolve("prefix");
    KernelInstaller.install(
        KernelInstaller.prefixKernelsDir(prefix), jar, List.of(), KernelInstaller.currentJava());
  }

  @Test
  void installRecordsAClassDataArchiveThatTheKernelsJvmMaps() throws Exception {
    Path dir = KernelInstaller.prefixKernelsDir(prefix).resolve(KernelInstaller.KERNEL_NAME);
    Path archive = dir.resolve("trackbook-kernel.jsa");
    assertThat(archive).isRegularFile();
    JsonArray argv =
        JsonParser.parseString(Files.readString(dir.resolve("kernel.json")))
            .getAsJsonObject()
            .getAsJsonArray("argv");
    List<String> command = new ArrayList<>();
    argv.forEach(a -> command.add(a.getAsString()));
    assertThat(command).contains("-XX:SharedArchiveFile=" + archive);
    // The kernelspec's own JVM and class path, but -Xshare:on: the JVM refuses to start when the
    // archive cannot be mapped, and the class-load log names where each class came from.
    command.set(command.indexOf("-Xshare:auto"), "-Xshare:on");
    command.add(1, "-Xlog:class+load=info");
    int main = command.indexOf("dev.trackbook.kernel.TrackbookKernel");
    command.subList(main, command.size()).clear();
    command.add("dev.trackbook.kernel.ClassDataTraining");
    String log = run(command, tmp);
    assertThat(log)
        .contains("dev.trackbook.kernel.TrackbookKernel source: shared objects file (top)")
        .contains("jdk.jshell.JShell source: shared objects file (top)");
  }

  static String python() {
    return System.getProperty("trackbook.python", "/work/main/.trackbook/venv/bin/python");
  }

  private static String run(List<String> command, Path dir) throws Exception {
    return run(command, dir, prefix);
  }

  private static String run(List<String> command, Path dir, Path kernels) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("JUPYTER_PATH", kernels.resolve("share/jupyter").toString());
    // Keep the user's own kernels and config out of the way.
    pb.environment().put("JUPYTER_DATA_DIR", tmp.resolve("data").toString());
    pb.environment().put("JUPYTER_CONFIG_DIR", tmp.resolve("config").toString());
    // As in a CI container: no UTF-8 locale.
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("LANG", "C");
    pb.redirectErrorStream(false);
    Path err = Files.createTempFile(tmp, "stderr", ".txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s\nstderr:\n%s", command, Files.readString(err)).isZero();
    return out;
  }

  @Test
  void kernelspecListShowsTheKernel() throws Exception {
    String out = run(List.of(python(), "-m", "jupyter", "kernelspec", "list"), tmp);
    assertThat(out).contains("trackbook-java");
  }

  @Test
  void nbconvertExecutesANotebookWithValuesDisplaysAndAnExpectedError() throws Exception {
    Path nb = tmp.resolve("demo.ipynb");
    JsonArray cells = new JsonArray();
    cells.add(cell("var answer = 40 + 2;\nanswer", List.of()));
    cells.add(cell("display(html(\"<b>bold</b>\"));\nSystem.out.println(\"printed\");", List.of()));
    cells.add(
        cell(
            "var img = new java.awt.image.BufferedImage(2, 2,"
                + " java.awt.image.BufferedImage.TYPE_INT_RGB);\nimg",
            List.of()));
    cells.add(
        cell(
            "int x = 1;\nthrow new IllegalStateException(\"expected failure\");",
            List.of("raises-exception")));
    cells.add(cell("answer + x", List.of()));
    cells.add(
        cell(
            "var f = java.nio.file.Files.createTempFile(\"utf\", \".txt\");\n"
                + "try (var w = new java.io.FileWriter(f.toFile())) { w.write(\"d\u00e9j\u00e0 vu\"); }\n"
                + "new String(java.nio.file.Files.readAllBytes(f), \"UTF-8\")",
            List.of()));
    cells.add(cell("assert answer > 100 : \"answer is \" + answer;", List.of("raises-exception")));
    JsonArray executed = executeAlone(nb, cells);
    assertThat(plain(executed.get(0), "execute_result")).isEqualTo("42");
    JsonArray displayOutputs = outputs(executed.get(1));
    assertThat(displayOutputs.toString()).contains("text/html").contains("<b>bold</b>");
    assertThat(displayOutputs.toString()).contains("printed");
    assertThat(outputs(executed.get(2)).toString()).contains("image/png");
    JsonObject error = outputs(executed.get(3)).get(0).getAsJsonObject();
    assertThat(error.get("output_type").getAsString()).isEqualTo("error");
    assertThat(error.get("ename").getAsString()).isEqualTo("IllegalStateException");
    assertThat(error.get("evalue").getAsString()).isEqualTo("expected failure");
    assertThat(error.get("traceback").toString()).doesNotContain("dev.trackbook");
    // The error cell's earlier snippet ran; the notebook went on.
    assertThat(plain(executed.get(4), "execute_result")).isEqualTo("43");
    // Files written with the default charset are UTF-8 even in the C locale (LC_ALL=C above).
    assertThat(plain(executed.get(5), "execute_result")).isEqualTo("d\u00e9j\u00e0 vu");
    // Notebook code runs with assertions enabled, as tests under Surefire do (the JVM has no -ea).
    JsonObject failedAssert = outputs(executed.get(6)).get(0).getAsJsonObject();
    assertThat(failedAssert.get("ename").getAsString()).isEqualTo("AssertionError");
    assertThat(failedAssert.get("evalue").getAsString()).isEqualTo("answer is 42");
    assertThat(failedAssert.get("traceback").toString())
        .contains("java.lang.AssertionError: answer is 42");
  }

  @Test
  void aValueThatCannotBeShownOrAMisusedMagicFailsItsCellInOneReadableErrorAndTheKernelGoesOn()
      throws Exception {
    Path nb = tmp.resolve("bad-values.ipynb");
    JsonArray cells = new JsonArray();
    cells.add(cell("class Loop { public String toString() { return toString(); } }", List.of()));
    cells.add(cell("new Loop()", List.of("raises-exception")));
    cells.add(cell("\"x\".repeat(300_000)", List.of()));
    cells.add(cell("%nosuchmagic", List.of("raises-exception")));
    cells.add(cell("%classpath /no/such/dir", List.of("raises-exception")));
    cells.add(cell("%classpath /no/such/dir/*.jar", List.of("raises-exception")));
    cells.add(cell("1 + 1", List.of()));
    cells.add(cell("%maven guava", List.of("raises-exception")));
    cells.add(cell("%maven org.lwjgl:lwjgl:3.3.3:natives-linux", List.of("raises-exception")));
    cells.add(cell("%jars /no/such/dir/*.jar", List.of("raises-exception")));
    cells.add(cell("%mavenRepo snapshots", List.of("raises-exception")));
    Path jar = FakeMavenRepository.jarWithClass(tmp.resolve("ijava-lib"), "demo.ij.Tool");
    cells.add(
        cell("%jars " + jar.getParent() + "/*.jar\nnew demo.ij.Tool().toString()", List.of()));
    JsonArray executed = executeAlone(nb, cells);
    // The StackOverflowError of toString() is the cell's error: its frame once, not a thousand.
    JsonObject overflow = outputs(executed.get(1)).get(0).getAsJsonObject();
    assertThat(overflow.get("output_type").getAsString()).isEqualTo("error");
    String trace = overflow.get("traceback").toString();
    assertThat(trace)
        .contains("java.lang.StackOverflowError")
        .contains("Loop.toString (cell code)")
        .contains("repeated")
        .contains("displaying the cell's value");
    assertThat(overflow.getAsJsonArray("traceback").size()).isLessThan(10);
    // A huge value shows its first 100,000 characters and says how much is left out.
    String huge = plain(executed.get(2), "execute_result");
    assertThat(huge).startsWith("x".repeat(1000)).contains("200,000 more characters not shown");
    assertThat(huge.length()).isLessThan(100_200);
    // Usage errors of magics are one line each.
    JsonArray unknown =
        outputs(executed.get(3)).get(0).getAsJsonObject().getAsJsonArray("traceback");
    assertThat(unknown.size()).isEqualTo(1);
    assertThat(unknown.get(0).getAsString())
        .contains(
            "UsageError: no line magic %nosuchmagic; there are %addMavenDependencies, %addMavenDependency, %addMavenRepo, %classpath, %jars, %loadFromPOM, %maven, %mavenRepo");
    JsonArray classpath =
        outputs(executed.get(4)).get(0).getAsJsonObject().getAsJsonArray("traceback");
    assertThat(classpath.size()).isEqualTo(1);
    assertThat(classpath.get(0).getAsString())
        .contains("UsageError: %classpath: nothing matches '/no/such/dir'");
    // A glob in a directory that does not exist too (jjava throws from inside its glob walk).
    JsonArray glob = outputs(executed.get(5)).get(0).getAsJsonObject().getAsJsonArray("traceback");
    assertThat(glob.size()).isEqualTo(1);
    assertThat(glob.get(0).getAsString())
        .contains("UsageError: %classpath: nothing matches '/no/such/dir/*.jar'");
    assertThat(plain(executed.get(6), "execute_result")).isEqualTo("2");
    JsonArray coordinate =
        outputs(executed.get(7)).get(0).getAsJsonObject().getAsJsonArray("traceback");
    assertThat(coordinate.size()).isEqualTo(1);
    assertThat(coordinate.get(0).getAsString())
        .contains("UsageError: %maven: expected group:artifact:version, got 'guava'");
    JsonArray gradleOrder =
        outputs(executed.get(8)).get(0).getAsJsonObject().getAsJsonArray("traceback");
    assertThat(gradleOrder.size()).isEqualTo(1);
    assertThat(gradleOrder.get(0).getAsString())
        .contains("write org.lwjgl:lwjgl:jar:natives-linux:3.3.3");
    // IJava's name for %classpath: its errors name the magic the notebook wrote.
    JsonArray jars = outputs(executed.get(9)).get(0).getAsJsonObject().getAsJsonArray("traceback");
    assertThat(jars.size()).isEqualTo(1);
    assertThat(jars.get(0).getAsString())
        .contains("UsageError: %jars: nothing matches '/no/such/dir/*.jar'");
    JsonArray repo = outputs(executed.get(10)).get(0).getAsJsonObject().getAsJsonArray("traceback");
    assertThat(repo.size()).isEqualTo(1);
    assertThat(repo.get(0).getAsString())
        .contains("UsageError: %mavenRepo: expected ID URL, got 'snapshots'");
    assertThat(plain(executed.get(11), "execute_result")).isEqualTo("demo.ij.Tool");
  }

  @Test
  void aMavenLibraryTheKernelAlsoUsesComesInTheNotebooksVersion() throws Exception {
    // The kernel jar holds Gson 2.11.0 and JeroMQ 0.6.0 (relocated): the cells see the jars asked
    // for, both from the local repository, never the kernel's copies.
    String where = ".class.getProtectionDomain().getCodeSource().getLocation().getPath()";
    JsonArray cells = new JsonArray();
    cells.add(cell("%maven com.google.code.gson:gson:2.13.1 org.zeromq:jeromq:0.6.0", List.of()));
    cells.add(cell("com.google.gson.Gson" + where, List.of()));
    cells.add(cell("org.zeromq.ZMQ" + where, List.of()));
    cells.add(cell("new com.google.gson.Gson().toJson(java.util.Map.of(\"a\", 1))", List.of()));
    JsonArray executed = executeAlone(tmp.resolve("clash.ipynb"), cells);
    assertThat(plain(executed.get(1), "execute_result")).endsWith("/gson-2.13.1.jar");
    assertThat(plain(executed.get(2), "execute_result")).endsWith("/jeromq-0.6.0.jar");
    assertThat(plain(executed.get(3), "execute_result")).isEqualTo("{\"a\":1}");
    // The resolver's own logging stays out of the notebook.
    assertThat(stderrOf(tmp.resolve("executed/clash.ipynb"))).isEmpty();
  }

  @Test
  void anErrorReplyCarriesTheTracebackTheNotebookShows() throws Exception {
    JsonObject result = runClientScript("error_reply.py");
    for (String cell : List.of("runtime", "compile", "usage", "unknown_magic")) {
      JsonObject c = result.getAsJsonObject(cell);
      assertThat(c.get("status").getAsString()).as(cell).isEqualTo("error");
      assertThat(c.get("reply")).as(cell).isEqualTo(c.get("shown"));
    }
    String runtime = result.getAsJsonObject("runtime").get("reply").toString();
    assertThat(runtime)
        .contains("ArithmeticException", "/ by zero", "line 2")
        .doesNotContain("dev.trackbook");
    assertThat(result.getAsJsonObject("compile").get("reply").toString())
        .contains("incompatible types");
    assertThat(result.getAsJsonObject("usage").get("reply").toString())
        .contains("UsageError: %classpath: nothing matches '/no/such/dir'")
        .doesNotContain("DependencyMagics");
  }

  @Test
  void kernelInfoReplyCarriesStatusOkAndThisBuildsVersion() throws Exception {
    JsonObject info = runClientScript("kernel_info.py");
    assertThat(info.get("status").getAsString()).isEqualTo("ok");
    assertThat(info.get("implementation").getAsString()).isEqualTo("trackbook-java");
    assertThat(info.get("implementation_version").getAsString())
        .isEqualTo(System.getProperty("trackbook.version"))
        .isNotBlank();
    assertThat(info.getAsJsonObject("language_info").get("name").getAsString()).isEqualTo("java");
    assertThat(info.get("protocol_version").getAsString()).isNotBlank();
  }

  @Test
  void interruptCommInfoAndShutdownRepliesCarryStatusOk() throws Exception {
    JsonObject replies = runClientScript("status_replies.py");
    for (String reply : List.of("interrupt", "comm_info", "shutdown")) {
      assertThat(replies.getAsJsonObject(reply).get("status").getAsString())
          .as(reply)
          .isEqualTo("ok");
    }
    assertThat(replies.getAsJsonObject("comm_info").getAsJsonObject("comms").size()).isZero();
    assertThat(replies.getAsJsonObject("shutdown").get("restart").getAsBoolean()).isFalse();
  }

  @Test
  void historyRequestsAreAnsweredWithThisSessionsCells() throws Exception {
    JsonObject result = runClientScript("history.py");
    for (String reply : List.of("tail", "tail_2", "range", "earlier_session", "search")) {
      assertThat(result.getAsJsonObject(reply).get("status").getAsString())
          .as(reply)
          .isEqualTo("ok");
    }
    // Counts 3 and 4 went to a silent request and one not stored in the history; the failed cell
    // is history too, as in IPython.
    String throwing = "throw new IllegalStateException();";
    assertThat(result.getAsJsonObject("tail").get("history").toString())
        .isEqualTo(
            "[[0,1,\"int a = 1;\"],[0,2,\"a + 1\"],[0,5,\"" + throwing + "\"],[0,6,\"a + 1\"]]");
    assertThat(result.getAsJsonObject("tail_2").get("history").toString())
        .isEqualTo("[[0,5,\"" + throwing + "\"],[0,6,\"a + 1\"]]");
    assertThat(result.getAsJsonObject("range").get("history").toString())
        .isEqualTo(
            "[[0,2,[\"a + 1\",\"2\"]],[0,5,[\"" + throwing + "\",null]],[0,6,[\"a + 1\",\"2\"]]]");
    assertThat(result.getAsJsonObject("earlier_session").get("history").toString()).isEqualTo("[]");
    assertThat(result.getAsJsonObject("search").get("history").toString())
        .isEqualTo("[[0,6,\"a + 1\"]]");
  }

  @Test
  void runAllStopsAtAFailingCellTheCellsQueuedBehindItAreAborted() throws Exception {
    JsonObject result = runClientScript("run_all_abort.py");
    assertThat(result.get("run_all").toString())
        .isEqualTo("[\"ok\",\"error\",\"aborted\",\"aborted\"]");
    assertThat(result.get("next").toString()).isEqualTo("[\"ok\"]");
    assertThat(result.get("aborted_never_ran").toString()).isEqualTo("[\"error\"]");
    assertThat(result.get("without_stop_on_error").toString()).isEqualTo("[\"error\",\"ok\"]");
  }

  @Test
  void interruptStopsWhileTrueWithinTwoSecondsAndRestartWorks() throws Exception {
    assertInterruptsStopAndRestartWorks(runClientScript("interrupt_and_restart.py", prefix));
  }

  /**
   * The same on the newest JDK this machine has, if it is 20 or later: there Thread.stop throws, so
   * what ends the loops is the stop check the kernel weaves into cell classes. (The mechanism
   * itself is tested on any JVM by StopWithoutThreadStopTest; this checks a real kernel on a real
   * JDK.)
   */
  @Test
  void onJava20OrLaterInterruptStillEndsTheLoopsThreads() throws Exception {
    Path java = newerJava();
    Assumptions.assumeTrue(
        java != null,
        "no JDK 20+ under /usr/lib/jvm and no -Dtrackbook.newer.java: the Java 17 run of this"
            + " check and StopWithoutThreadStopTest still ran");
    Path newer = tmp.resolve("prefix-newer-java");
    KernelInstaller.install(
        KernelInstaller.prefixKernelsDir(newer),
        Path.of(System.getProperty("trackbook.kernel.jar", "target/trackbook-kernel.jar")),
        List.of(),
        java);
    assertInterruptsStopAndRestartWorks(runClientScript("interrupt_and_restart.py", newer));
  }

  /** A {@code java} of feature version 20 or later: -Dtrackbook.newer.java, else /usr/lib/jvm. */
  private static Path newerJava() throws IOException {
    String given = System.getProperty("trackbook.newer.java");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (var homes = Files.list(jvms)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/java")))
          .filter(home -> featureVersion(home) >= 20)
          .max(java.util.Comparator.comparingInt(KernelIT::featureVersion))
          .map(home -> home.resolve("bin/java"))
          .orElse(null);
    }
  }

  /** From the JDK's {@code release} file ({@code JAVA_VERSION="25.0.1"}); 0 when unreadable. */
  private static int featureVersion(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not a JDK we can tell
    }
    return 0;
  }

  private static void assertInterruptsStopAndRestartWorks(JsonObject result) {
    assertThat(result.get("warm").getAsString()).isEqualTo("2");
    assertThat(result.get("interrupt_seconds").getAsDouble()).isLessThan(2.0);
    assertThat(result.get("interrupted_status").getAsString()).isEqualTo("error");
    assertThat(result.get("after_interrupt").getAsString()).isEqualTo("2");
    assertThat(result.get("display_interrupt_seconds").getAsDouble()).isLessThan(2.0);
    assertThat(result.get("display_interrupted_status").getAsString()).isEqualTo("error");
    assertThat(result.get("after_display_interrupt").getAsString()).isEqualTo("2");
    assertThat(result.get("parallel_interrupted_status").getAsString()).isEqualTo("error");
    assertThat(result.get("common_pool_after_interrupt").getAsString()).isEqualTo("42");
    assertThat(result.get("threads_left_spinning").getAsString()).isEqualTo("0");
    assertThat(result.get("after_restart").getAsString()).isEqualTo("2");
    assertThat(result.get("variable_gone_after_restart").getAsString()).isEqualTo("5");
  }

  @Test
  void libraryWarningsReachTheCellWithoutSlf4jsNoProviderNotice() throws Exception {
    String api = jarOf(org.slf4j.LoggerFactory.class);
    String simple = jarOf(org.slf4j.simple.SimpleLogger.class);
    String logs =
        "var log = org.slf4j.LoggerFactory.getLogger(\"demo\");\n"
            + "log.info(\"quiet\");\n"
            + "log.warn(\"careful {}\", 1);";
    // Only slf4j-api: the kernel adds its provider.
    JsonArray apiOnly = new JsonArray();
    apiOnly.add(cell("%classpath " + api, List.of()));
    apiOnly.add(cell(logs, List.of()));
    writeNotebook(tmp.resolve("logging.ipynb"), apiOnly);
    // The notebook's own backend: the kernel stays out of the way.
    JsonArray ownBackend = new JsonArray();
    ownBackend.add(cell("%classpath " + api + " " + simple, List.of()));
    ownBackend.add(cell(logs, List.of()));
    writeNotebook(tmp.resolve("own-backend.ipynb"), ownBackend);
    // A backend added after the kernel's provider but before the first logger: it takes over.
    JsonArray laterBackend = new JsonArray();
    laterBackend.add(cell("%classpath " + api, List.of()));
    laterBackend.add(cell("%classpath " + simple, List.of()));
    laterBackend.add(cell(logs, List.of()));
    writeNotebook(tmp.resolve("later-backend.ipynb"), laterBackend);

    executeIn(
        tmp.resolve("executed"),
        tmp.resolve("logging.ipynb"),
        tmp.resolve("own-backend.ipynb"),
        tmp.resolve("later-backend.ipynb"));

    String ours = stderrOf(tmp.resolve("executed/logging.ipynb"));
    assertThat(ours).isEqualTo("WARN demo: careful 1\n");
    String theirs = stderrOf(tmp.resolve("executed/own-backend.ipynb"));
    assertThat(theirs).contains("INFO demo - quiet").contains("WARN demo - careful 1");
    assertThat(theirs).doesNotContain("demo: ").doesNotContain("multiple SLF4J providers");
    String handedOver = stderrOf(tmp.resolve("executed/later-backend.ipynb"));
    assertThat(handedOver).contains("WARN demo - careful 1").doesNotContain("demo: ");
  }

  /**
   * Runs one of the jupyter_client scripts in /kernel-it (beside their shared module); its JSON.
   */
  private static JsonObject runClientScript(String name) throws Exception {
    return runClientScript(name, prefix);
  }

  /** As {@link #runClientScript(String)}, with the kernelspec installed under {@code kernels}. */
  private static JsonObject runClientScript(String name, Path kernels) throws Exception {
    for (String file : List.of(name, "kernel_client.py")) {
      try (InputStream in = KernelIT.class.getResourceAsStream("/kernel-it/" + file)) {
        Files.write(tmp.resolve(file), in.readAllBytes());
      }
    }
    String out = run(List.of(python(), tmp.resolve(name).toString()), tmp, kernels);
    return JsonParser.parseString(out).getAsJsonObject();
  }

  /**
   * Writes {@code cells} as notebook {@code nb}, executes it with nbconvert; the executed cells.
   */
  private static JsonArray executeAlone(Path nb, JsonArray cells) throws Exception {
    writeNotebook(nb, cells);
    Path dir = tmp.resolve("executed");
    executeIn(dir, nb);
    return JsonParser.parseString(Files.readString(dir.resolve(nb.getFileName())))
        .getAsJsonObject()
        .getAsJsonArray("cells");
  }

  /** {@code jupyter nbconvert --execute} on the notebooks, writing the executed copies to dir. */
  private static void executeIn(Path dir, Path... notebooks) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                python(),
                "-m",
                "jupyter",
                "nbconvert",
                "--execute",
                "--to",
                "notebook",
                "--output-dir",
                dir.toString(),
                "--ExecutePreprocessor.timeout=120"));
    for (Path nb : notebooks) {
      command.add(nb.toString());
    }
    run(command, tmp);
  }

  private static String jarOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** Everything the notebook's cells wrote to stderr. */
  private static String stderrOf(Path executed) throws IOException {
    StringBuilder err = new StringBuilder();
    for (JsonElement cell :
        JsonParser.parseString(Files.readString(executed))
            .getAsJsonObject()
            .getAsJsonArray("cells")) {
      for (JsonElement o : outputs(cell)) {
        JsonObject out = o.getAsJsonObject();
        if (out.get("output_type").getAsString().equals("stream")
            && out.get("name").getAsString().equals("stderr")) {
          JsonElement text = out.get("text");
          if (text.isJsonArray()) {
            text.getAsJsonArray().forEach(e -> err.append(e.getAsString()));
          } else {
            err.append(text.getAsString());
          }
        }
      }
    }
    return err.toString();
  }

  private static void writeNotebook(Path file, JsonArray cells) throws IOException {
    JsonObject notebook = new JsonObject();
    notebook.add("cells", cells);
    JsonObject meta = new JsonObject();
    JsonObject spec = new JsonObject();
    spec.addProperty("name", "trackbook-java");
    spec.addProperty("display_name", "Java (Trackbook)");
    spec.addProperty("language", "java");
    meta.add("kernelspec", spec);
    notebook.add("metadata", meta);
    notebook.addProperty("nbformat", 4);
    notebook.addProperty("nbformat_minor", 5);
    Files.writeString(file, notebook.toString());
  }

  private static JsonObject cell(String source, List<String> tags) {
    JsonObject cell = new JsonObject();
    cell.addProperty("cell_type", "code");
    cell.addProperty("source", source);
    JsonObject metadata = new JsonObject();
    JsonArray tagArray = new JsonArray();
    tags.forEach(tagArray::add);
    metadata.add("tags", tagArray);
    cell.add("metadata", metadata);
    cell.add("outputs", new JsonArray());
    cell.add("execution_count", null);
    return cell;
  }

  private static JsonArray outputs(JsonElement cell) {
    return cell.getAsJsonObject().getAsJsonArray("outputs");
  }

  private static String plain(JsonElement cell, String outputType) throws IOException {
    List<String> found = new ArrayList<>();
    for (JsonElement o : outputs(cell)) {
      JsonObject out = o.getAsJsonObject();
      if (out.get("output_type").getAsString().equals(outputType)) {
        JsonElement text = out.getAsJsonObject("data").get("text/plain");
        if (text.isJsonArray()) {
          StringBuilder sb = new StringBuilder();
          text.getAsJsonArray().forEach(e -> sb.append(e.getAsString()));
          found.add(sb.toString());
        } else {
          found.add(text.getAsString());
        }
      }
    }
    assertThat(found).as("outputs of %s", cell).hasSize(1);
    return found.get(0);
  }
}
