package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackbookCliTest {

  @Test
  void helpNamesTheLaunchersOwnCommands() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = TrackbookCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).containsPattern("(?m)^  up ").containsPattern("(?m)^  verify ");
  }

  @Test
  void servicesLogAtInfoOneShotCommandsOnlyWarn() {
    assertThat(TrackbookCli.defaultLogLevel(new String[] {"server", "--port", "5000"}))
        .isEqualTo("info");
    assertThat(TrackbookCli.defaultLogLevel(new String[] {"serve", "models:/m@prod"}))
        .isEqualTo("info");
    assertThat(TrackbookCli.defaultLogLevel(new String[] {"test", "notebooks"})).isEqualTo("warn");
    assertThat(TrackbookCli.defaultLogLevel(new String[] {"run", "pipelines/a.java"}))
        .isEqualTo("warn");
    assertThat(TrackbookCli.defaultLogLevel(new String[] {"--version"})).isEqualTo("warn");
  }
}
