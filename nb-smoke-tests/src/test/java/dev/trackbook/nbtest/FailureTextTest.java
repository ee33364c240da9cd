package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.nbtest.kernel.ExecutionResult;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a failed cell's failure shows of its error and output: enough, never megabytes. */
class FailureTextTest {
  private static ExecutionResult failed(String printed, String evalue, String trace) {
    ObjectNode stream =
        JsonNodeFactory.instance
            .objectNode()
            .put("output_type", "stream")
            .put("name", "stdout")
            .put("text", printed);
    return new ExecutionResult(
        "error", 1, List.of(stream), "RuntimeException", evalue, List.of(trace));
  }

  @Test
  void aHugeLineOfOutputShowsItsEndAndSaysHowMuchWasCut() {
    String line = "x".repeat(2_999_990) + "the end.";
    String tail = NotebookExecution.outputTail(failed("start\n" + line + "\n", "boom", ""));

    assertThat(tail)
        .startsWith("\n--- its output (the last 4000 of 3000004 characters):\nxxx")
        .endsWith("xthe end.")
        .hasSizeLessThan(4_100);
  }

  @Test
  void manyLinesShowTheLast20AndStillNoMoreThanTheCap() {
    String lines =
        IntStream.range(0, 25).mapToObj(i -> "y = " + i).collect(Collectors.joining("\n"));
    assertThat(NotebookExecution.outputTail(failed(lines, "boom", "")))
        .isEqualTo(
            "\n--- its output (the last 20 of 25 lines):\n"
                + lines.substring(lines.indexOf("y = 5")));

    String wide =
        IntStream.range(0, 25).mapToObj(i -> i + "z".repeat(500)).collect(Collectors.joining("\n"));
    assertThat(NotebookExecution.outputTail(failed(wide, "boom", "")))
        .startsWith(
            "\n--- its output (the last 20 of 25 lines, of them the last 4000 of 10054 characters):\n")
        .hasSizeLessThan(4_100);
  }

  @Test
  void theErrorsMessageIsSaidOnce() {
    String runtime = "java.lang.IllegalStateException: boom\n\tat cell (cell 2 [c2], line 1)";
    assertThat(NotebookExecution.error(failed("", "boom", runtime), runtime)).isEqualTo(runtime);

    // The kernel's compile error opens with its (multi-line) message, then points at the code.
    String message = "line 1: cannot find symbol\n  symbol:   variable e\n  location: class";
    String compile = message + "\n    assert e == 5 : e;\n           ^";
    ExecutionResult r =
        new ExecutionResult("error", 1, List.of(), "CompilationException", message, List.of());
    assertThat(NotebookExecution.error(r, compile)).isEqualTo("CompilationException: " + compile);

    String usage = "UsageError: %metric: label is a String, not a number";
    assertThat(
            NotebookExecution.error(
                failed("", "%metric: label is a String, not a number", usage), usage))
        .isEqualTo(usage);

    // A trace that does not say it: both.
    String other = "\tat cell (cell 0 [c0], line 1)";
    assertThat(NotebookExecution.error(failed("", "boom", other), other))
        .isEqualTo("RuntimeException: boom\n" + other);
  }

  @Test
  void aHugeMessageIsCutOnItsLineSoTheFramesAfterItStay() {
    String message = "y".repeat(2_000_000);
    String trace = "java.lang.RuntimeException: " + message + "\n\tat cell (cell 0 [c0], line 1)";
    String error = NotebookExecution.error(failed("", message, trace), trace);

    assertThat(error)
        .startsWith("java.lang.RuntimeException: yyy")
        .contains("y [... 1999028 more characters]\n")
        .endsWith("\tat cell (cell 0 [c0], line 1)")
        .hasSizeLessThan(1_100);
  }
}
