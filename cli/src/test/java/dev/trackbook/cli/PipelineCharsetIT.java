package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline cells get UTF-8 as the default charset whatever the locale, as the kernel's do. */
class PipelineCharsetIT {

  @Test
  void underACLocaleAPipelineRunFromItsNotebooksDirectoryStillWritesUtf8(@TempDir Path dir)
      throws Exception {
    Path script =
        CliPipelineRun.script(
            dir,
            "System.out.println(\"charset \" + java.nio.charset.Charset.defaultCharset());\n"
                + "java.nio.file.Files.write(java.nio.file.Path.of(\"out.txt\"),"
                + " java.util.List.of(\"\\u00e9\\u6f22\"), java.nio.charset.Charset.defaultCharset());");

    // From the notebook's directory, where the CLI would run the cells in its own JVM; Java 17
    // takes its default charset from the locale (US-ASCII for C).
    CliPipelineRun.Outcome run =
        CliPipelineRun.run(script, dir.resolve("notebooks"), Map.of("LC_ALL", "C"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("charset UTF-8");
    assertThat(Files.readString(dir.resolve("notebooks/out.txt"), StandardCharsets.UTF_8))
        .isEqualTo("\u00e9\u6f22\n");
  }
}
