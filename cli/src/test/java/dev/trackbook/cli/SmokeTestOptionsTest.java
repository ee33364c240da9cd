package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./trackbook test}'s options, refused before any kernel starts. */
class SmokeTestOptionsTest {
  @TempDir Path dir;

  private String refused(String... args) {
    CommandLine cli = TrackbookCli.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).isEqualTo(2);
    String hint = " (see 'trackbook test --help')";
    assertThat(err.toString()).hasLineCount(1);
    String line = err.toString().strip();
    assertThat(line).endsWith(hint);
    return line.substring(0, line.length() - hint.length());
  }

  @Test
  void limitsBelowOneAreOneLine() {
    assertThat(refused("test", "--parallel", "0"))
        .isEqualTo("trackbook: Invalid value for option '--parallel': must be at least 1, got 0");
    assertThat(refused("test", "--cell-timeout", "-1"))
        .isEqualTo(
            "trackbook: Invalid value for option '--cell-timeout': must be at least 1, got -1");
  }

  @Test
  void aSanitizerFileWithAMistakeIsOneLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("s.cfg"), "[ids]\nregex: id=(\\w+\n");
    assertThat(refused("test", "--sanitize-with", bad.toString(), "notebooks"))
        .startsWith("trackbook: --sanitize-with: " + bad + ": [ids]: invalid regex 'id=(\\w+': ");
    assertThat(
            refused("test", "--sanitize-with", dir.resolve("missing.cfg").toString(), "notebooks"))
        .isEqualTo("trackbook: --sanitize-with: cannot read " + dir.resolve("missing.cfg"));
  }

  @Test
  void aMissingNotebookOrDirectoryIsOneLineNotAFailedTest() throws Exception {
    Path missing = dir.resolve("no-such.ipynb");
    assertThat(refused("test", "--reports=" + dir.resolve("reports"), missing.toString()))
        .isEqualTo("trackbook: no such file or directory: " + missing);
    assertThat(dir.resolve("reports")).doesNotExist();
  }

  @Test
  void aParallelismBeyondAnIntRunsEveryNotebookAtOnce() throws Exception {
    Path nb = Files.createDirectory(dir.resolve("nb"));
    Files.writeString(
        nb.resolve("a.ipynb"),
        "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {\"kernelspec\": {\"name\":"
            + " \"no-such-kernel\", \"display_name\": \"x\", \"language\": \"java\"}},"
            + " \"cells\": [{\"cell_type\": \"code\", \"id\": \"c0\", \"metadata\": {},"
            + " \"source\": \"1\", \"outputs\": [], \"execution_count\": null}]}");
    CommandLine cli = TrackbookCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    cli.execute(
        "test",
        nb.toString(),
        "--parallel=3000000000",
        "--tracking-uri=http://127.0.0.1:9",
        "--reports=" + dir.resolve("reports"));
    // The notebook ran (and failed: no such kernel); it was "no notebooks found" after an
    // int overflow in the runner's settings.
    assertThat(err.toString()).doesNotContain("no notebooks");
    assertThat(out.toString()).contains("a.ipynb").contains("no-such-kernel");
  }

  @Test
  void nothingToTestIsOneLineOnStderrNotAmongTheResults() throws Exception {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    CommandLine cli = TrackbookCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit =
        cli.execute(
            "test",
            empty.toString(),
            "--tracking-uri=http://127.0.0.1:9",
            "--reports=" + dir.resolve("reports"));
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().strip())
        .isEqualTo("trackbook: no notebooks or pipelines found in " + empty);
  }
}
