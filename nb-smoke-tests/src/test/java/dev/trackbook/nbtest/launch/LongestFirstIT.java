package dev.trackbook.nbtest.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.nbtest.InstalledKernel;
import dev.trackbook.nbtest.TestNotebooks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./trackbook test} with the reports of an earlier run: the notebook that took longest last
 * time starts first, whatever its name.
 */
class LongestFirstIT {
  @TempDir Path dir;

  @Test
  void theNotebookThatTookLongestLastTimeStartsFirst() throws Exception {
    // The reports are our own (the generator property), which the run replaces as it goes.
    Path stamps = Files.createDirectories(dir.resolve("stamps"));
    for (String name : List.of("a", "b", "c")) {
      TestNotebooks.write(
          dir.resolve("nb/" + name + ".ipynb"),
          "java.nio.file.Files.writeString(java.nio.file.Path.of(\""
              + stamps.resolve(name)
              + "\"), String.valueOf(System.currentTimeMillis()));",
          "Thread.sleep(1500);");
    }
    Path reports = Files.createDirectories(dir.resolve("reports"));
    for (String[] last : new String[][] {{"a", "1.0"}, {"b", "1.0"}, {"c", "90.0"}}) {
      Files.writeString(
          reports.resolve("TEST-" + last[0] + ".ipynb.xml"),
          ("<testsuite name=\"%s.ipynb\" tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"0\""
                  + " time=\"%s\"><properties><property name=\"generator\""
                  + " value=\"trackbook-nbtest\"/></properties></testsuite>")
              .formatted(last[0], last[1]));
    }

    StringWriter out = new StringWriter();
    int exit =
        NotebookLauncher.run(
            List.of(dir.resolve("nb")),
            Map.of(
                "trackbook.kernelPath",
                InstalledKernel.kernelsDir().toString(),
                "trackbook.parallel",
                "2"),
            reports,
            new PrintWriter(out),
            new PrintWriter(out));

    assertThat(exit).as(out.toString()).isZero();
    long a = Long.parseLong(Files.readString(stamps.resolve("a")));
    long b = Long.parseLong(Files.readString(stamps.resolve("b")));
    long c = Long.parseLong(Files.readString(stamps.resolve("c")));
    // Two at a time: c and a at once, b only when one of them is done (1.5 s of sleep later).
    // In name order c would have waited instead.
    assertThat(c).isLessThan(b - 1000);
    assertThat(a).isLessThan(b - 1000);
  }
}
