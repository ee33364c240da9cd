package dev.trackbook.magics.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunsTableTest {

  @Test
  void everyServerValueIsEscaped() {
    RunSummary run =
        new RunSummary(
            "r1\"><x",
            "<script>alert('x')</script>",
            "0",
            "FINISHED",
            1_700_000_000_000L,
            1_700_000_012_500L,
            Map.of("opt", "a&b \"c\""),
            Map.of("acc<1", 0.5));
    String html = RunsTable.html(List.of(run), "http://tracking:5000/");
    assertThat(html)
        // The run id opens the run's page in the server's UI (MLflow's address for it).
        .contains(
            "<td><a href=\"http://tracking:5000/#/experiments/0/runs/r1%22%3E%3Cx\""
                + " target=\"_blank\" rel=\"noopener\">r1&quot;&gt;&lt;x</a></td>")
        .contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>")
        .contains("<td>opt=a&amp;b &quot;c&quot;</td>")
        .contains("<td>acc&lt;1=0.5</td>")
        .contains("<td>2023-11-14 22:13:20 UTC</td>")
        .contains("<td>12.5 s</td>")
        .doesNotContain("<script>");
  }

  @Test
  void noRuns() {
    assertThat(RunsTable.html(List.of(), "http://tracking:5000")).isEqualTo("<p>No runs.</p>");
  }
}
