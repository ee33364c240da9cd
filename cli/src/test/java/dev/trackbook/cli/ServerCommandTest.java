package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerCommandTest {

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
}
