package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {
  @TempDir Path dir;

  private static ServerCommand parse(String... args) {
    ServerCommand command = new ServerCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void requireValidationTakesACommaSeparatedAliasList() {
    assertThat(parse("--require-validation", "champion,prod").config().requireValidationAliases())
        .containsExactlyInAnyOrder("champion", "prod");
    assertThat(
            parse("--require-validation", "champion", "--require-validation=prod")
                .config()
                .requireValidationAliases())
        .containsExactlyInAnyOrder("champion", "prod");
  }

  @Test
  void noAliasIsGatedByDefault() {
    assertThat(parse("--port", "0").config().requireValidationAliases()).isEmpty();
    assertThat(parse("--port", "0").config().port()).isZero();
  }

  @Test
  void artifactUploadsUpTo10GiBByDefaultAndWhatMaxArtifactMbSays() {
    // A model's weights easily pass the 32 MiB the limit once was.
    assertThat(parse("--port", "0").config().maxArtifactBytes()).isEqualTo(10L << 30);
    assertThat(parse("--max-artifact-mb", "100").config().maxArtifactBytes()).isEqualTo(100L << 20);
    assertThat(failedToStart("--port", "0", "--max-artifact-mb", "0"))
        .isEqualTo("trackbook: --max-artifact-mb must be a number of MiB from 1, got 0");
  }

  @Test
  void aTakenPortIsOneLineNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      String err = failedToStart("--port", String.valueOf(port));
      assertThat(err)
          .isEqualTo(
              "trackbook: cannot listen on 127.0.0.1:"
                  + port
                  + ": Address already in use (another server is running there? stop it or choose"
                  + " another --port)");
      assertThat(dir.resolve("mlruns.db")).as("refused before the store is set up").doesNotExist();
    }
  }

  @Test
  void anUnknownHostIsNotReportedAsATakenPort() {
    // Javalin said "Port already in use. Make sure no other process is using port 0".
    assertThat(failedToStart("--host", "no-such-host.invalid", "--port", "0"))
        .isEqualTo("trackbook: cannot listen on no-such-host.invalid:0: unknown host");
    assertThat(failedToStart("--host", "no-such-host.invalid", "--port", "5999"))
        .as("refused before the store is set up")
        .isEqualTo("trackbook: cannot listen on no-such-host.invalid:5999: unknown host");
  }

  /** Runs {@code server} on a temp store, expecting exit 1; its one line of stderr. */
  private String failedToStart(String... options) {
    String[] args = new String[options.length + 5];
    args[0] = "server";
    args[1] = "--store";
    args[2] = "sqlite:" + dir.resolve("mlruns.db");
    args[3] = "--artifacts";
    args[4] = dir.resolve("artifacts").toString();
    System.arraycopy(options, 0, args, 5, options.length);
    StringWriter err = new StringWriter();
    CommandLine cli = TrackbookCli.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(args)).as(err.toString()).isEqualTo(1);
    assertThat(err.toString()).hasLineCount(1);
    return err.toString().strip();
  }
}
