package dev.trackbook.magics.browse;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.parse;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayMagicsHelpTest {

  private final RunsMagic runs = new RunsMagic();
  private final CompareMagic compare = new CompareMagic();

  @Test
  void runsHelp() {
    assertThat(runs.schema().help())
        .isEqualTo(
            """
            Usage: %runs [FILTER]

            Show the 20 most recent runs of every experiment as a table, newest first.

            Arguments:
              FILTER  an MLflow search filter, e.g. metrics.acc > 0.9 and params.opt = 'adam' (use single quotes)
            """);
  }

  @Test
  void compareHelp() {
    assertThat(compare.schema().help())
        .isEqualTo(
            """
            Usage: %compare RUN_ID...

            Plot the metric histories of runs over their steps: one chart per metric, one line per run.

            Arguments:
              RUN_ID  the runs to compare (ids as %runs shows them)
            """);
  }

  @Test
  void filterKeepsSingleQuotesAndDisplayMagicsHaveNoPipelineCode() {
    assertThat(parse(runs, "params.opt = 'adam' and metrics.acc > 0.9").get("FILTER"))
        .hasValue("params.opt = 'adam' and metrics.acc > 0.9");
    assertThat(parse(runs, "").get("FILTER")).isEmpty();
    assertThat(statements(runs, "x")).isEmpty();
    assertThat(statements(compare, "a b")).isEmpty();
    assertUsageError(compare, "", "%compare: missing RUN_ID (usage: %compare RUN_ID...)");
  }
}
