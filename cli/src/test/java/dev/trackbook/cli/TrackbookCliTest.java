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
  void aCommandWithoutItsSubcommandPrintsItsHelpAsHelpDoes() {
    for (String[] command : new String[][] {{}, {"kernel"}, {"token"}, {"journal"}}) {
      java.io.StringWriter bare = new java.io.StringWriter();
      picocli.CommandLine cli = TrackbookCli.commandLine();
      cli.setOut(new java.io.PrintWriter(bare));
      assertThat(cli.execute(command)).isZero();

      java.io.StringWriter help = new java.io.StringWriter();
      cli = TrackbookCli.commandLine();
      cli.setOut(new java.io.PrintWriter(help));
      java.util.List<String> withHelp = new java.util.ArrayList<>(java.util.List.of(command));
      withHelp.add("--help");
      cli.execute(withHelp.toArray(String[]::new));
      // `kernel` printed "Usage: kernel ...", and the top command's help lacked its exit codes
      assertThat(bare.toString()).as(String.join(" ", command)).isEqualTo(help.toString());
    }
  }

  @Test
  void versionIsTheBuildsVersion() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cli = TrackbookCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    assertThat(cli.execute("--version")).isZero();
    assertThat(out.toString().strip())
        .isEqualTo("trackbook " + System.getProperty("trackbook.version"));
  }

  @Test
  void aCommandLineMistakeIsOneLineNamingItAndTheHelpWithExitCodeTwo() {
    String[][] mistakes = {
      {"sever"},
      {"server", "--prot", "5001"},
      {"server", "--port", "abc"},
      {"server", "--port"},
      {"run"},
      {"token", "create", "--name", "ci"},
      {"run", "pipelines/x.java", "-p", "epochs"},
      {"kernel", "install", "--user", "--sys-prefix"}
    };
    for (String[] args : mistakes) {
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cli = TrackbookCli.commandLine();
      cli.setOut(new java.io.PrintWriter(out));
      cli.setErr(new java.io.PrintWriter(err));
      String command = String.join(" ", args);
      assertThat(cli.execute(args)).as(command).isEqualTo(2);
      assertThat(out.toString()).as(command).isEmpty();
      assertThat(err.toString()).as(command).hasLineCount(1).startsWith("trackbook: ");
    }
  }

  @Test
  void aValueOutOfRangeOrOfTheWrongFormIsAUsageErrorNamingTheOption() {
    // Refused while parsing, before a store opens or a server is asked: exit 2, not 1 (which
    // `validate` documents as "the model failed").
    String[][] mistakes = {
      {"server", "--port", "70000"},
      {"serve", "models:/m@prod", "--port", "-1"},
      {"serve", "models:/m@prod", "--canary-percent", "200"},
      {"serve", "models:/m@prod", "--canary", "m/2"},
      {"serve", "runs:/abc/model"},
      {"validate", "m/3"},
      {"convert", "--to", "markdown", "pipelines/x.java"},
      {"token", "create", "--name", "ci", "--scope", "root"},
      // A timeout or bound that fails every version was recorded on it: "timed out after 0 ms".
      {"validate", "models:/m/1", "--tracking-uri=http://127.0.0.1:9", "--timeout-s", "0"},
      {"validate", "models:/m/1", "--tracking-uri=http://127.0.0.1:9", "--latency-ms", "0"},
      {"validate", "models:/m/1", "--tracking-uri=http://127.0.0.1:9", "--heap", "lots"},
      {"serve", "models:/m@prod", "--tracking-uri=http://127.0.0.1:9", "--poll-ms", "0"},
      {"serve", "models:/m@prod", "--tracking-uri=http://127.0.0.1:9", "--latency-ms", "-1"},
      {"serve", "models:/m@prod", "--tracking-uri=http://127.0.0.1:9", "--host", " "},
      {"server", "--host", ""}
    };
    for (String[] args : mistakes) {
      java.io.StringWriter err = new java.io.StringWriter();
      picocli.CommandLine cli = TrackbookCli.commandLine();
      cli.setErr(new java.io.PrintWriter(err));
      String command = String.join(" ", args);
      assertThat(cli.execute(args)).as(command).isEqualTo(2);
      assertThat(err.toString()).as(command).hasLineCount(1).startsWith("trackbook: Invalid value");
    }
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = TrackbookCli.commandLine();
    cli.setErr(new java.io.PrintWriter(err));
    cli.execute("server", "--port", "70000");
    assertThat(err.toString())
        .startsWith(
            "trackbook: Invalid value for option '--port': 70000 is not a port: use 0-65535");
  }

  @Test
  void aMistypedOptionOrCommandGetsPicocliSuggestionAndTheRightHelp() {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = TrackbookCli.commandLine();
    cli.setErr(new java.io.PrintWriter(err));
    cli.execute("server", "--pot=5001");
    assertThat(err.toString().strip())
        .isEqualTo(
            "trackbook: Unknown option: '--pot=5001'; did you mean --port?"
                + " (see 'trackbook server --help')");

    err.getBuffer().setLength(0);
    cli = TrackbookCli.commandLine();
    cli.setErr(new java.io.PrintWriter(err));
    cli.execute("sever");
    assertThat(err.toString())
        .startsWith("trackbook: Unknown command: 'sever'; did you mean server or ")
        .contains("(see 'trackbook --help')");
  }

  @picocli.CommandLine.Command(name = "fails")
  static final class FailsWithoutMessage implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException();
    }
  }

  @Test
  void aFailureWithoutMessageNamesItsKindInOneLine() {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = TrackbookCli.commandLine();
    cli.addSubcommand(new FailsWithoutMessage());
    cli.setErr(new java.io.PrintWriter(err));
    assertThat(cli.execute("fails")).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("trackbook: java.lang.IllegalStateException");
  }

  @Test
  void handWrittenHelpTextFitsTheHelpWidthUnwrapped() {
    // An indented line (a table of commands or examples) longer than picocli's width is re-wrapped,
    // leaving a word alone at column 0 inside the table ("start the tracking server\nand"). Prose
    // lines may wrap.
    java.util.List<picocli.CommandLine> commands = new java.util.ArrayList<>();
    picocli.CommandLine top = TrackbookCli.commandLine();
    commands.add(top);
    for (int i = 0; i < commands.size(); i++) {
      picocli.CommandLine cli = commands.get(i);
      commands.addAll(cli.getSubcommands().values()); // `kernel install`, `token list`...
      String help = cli.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
      java.util.List<String> written = new java.util.ArrayList<>();
      written.addAll(java.util.List.of(cli.getCommandSpec().usageMessage().footer()));
      written.addAll(java.util.List.of(cli.getCommandSpec().usageMessage().header()));
      written.addAll(java.util.List.of(cli.getCommandSpec().usageMessage().description()));
      for (String line : written) {
        if (line.startsWith(" ") && !line.isBlank()) {
          assertThat(help.lines())
              .as("help of '%s' shows this line as written", cli.getCommandName())
              .contains(line.stripTrailing());
        }
      }
    }
  }

  /** Every command, the top one first, its subcommands after. */
  private static java.util.List<picocli.CommandLine> everyCommand() {
    java.util.List<picocli.CommandLine> commands = new java.util.ArrayList<>();
    commands.add(TrackbookCli.commandLine());
    for (int i = 0; i < commands.size(); i++) {
      commands.addAll(commands.get(i).getSubcommands().values());
    }
    return commands;
  }

  @Test
  void proseInTheHelpIsWholeSentencesThatPicocliWraps() {
    // A sentence hard-wrapped in the source is wrapped again by picocli ("must give the declared
    // output\nshape and type"), and the command list shows only its first line, cut mid-sentence.
    for (picocli.CommandLine cli : everyCommand()) {
      for (String line : cli.getCommandSpec().usageMessage().description()) {
        if (!line.startsWith(" ")) {
          assertThat(line)
              .as("a description line of '%s'", cli.getCommandSpec().qualifiedName())
              .matches("(?s).*[.:)]");
        }
      }
    }
  }

  @Test
  void theHelpBreaksNoWordOrPathAcrossLines() {
    // picocli breaks a word longer than its column, or at its punctuation ("./.\ntrackbook/data",
    // "models:\n/NAME/latest", "trackbook-ker\nnel.jar").
    org.assertj.core.api.SoftAssertions softly = new org.assertj.core.api.SoftAssertions();
    for (picocli.CommandLine cli : everyCommand()) {
      picocli.CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
      java.util.List<String> texts = new java.util.ArrayList<>();
      texts.addAll(java.util.List.of(spec.usageMessage().description()));
      spec.options().forEach(o -> texts.addAll(java.util.List.of(o.description())));
      spec.positionalParameters().forEach(p -> texts.addAll(java.util.List.of(p.description())));
      java.util.List<String> help =
          cli.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF).lines().toList();
      for (String text : texts) {
        for (String word : text.split("\\s+")) {
          if (!word.isEmpty() && !word.contains("${")) {
            softly
                .assertThat(help)
                .as("help of '%s' shows '%s' on one line", spec.qualifiedName(), word)
                .anyMatch(line -> line.contains(word));
          }
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void everyHelpEndsWithItsExitCodes() {
    for (picocli.CommandLine cli : everyCommand()) {
      String help = cli.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
      assertThat(help.substring(help.indexOf("Exit codes:")))
          .as("help of '%s'", cli.getCommandSpec().qualifiedName())
          .contains("a command-line mistake")
          .doesNotContain("Set-up commands");
    }
    for (String service : new String[] {"server", "serve"}) {
      assertThat(
              TrackbookCli.commandLine()
                  .getSubcommands()
                  .get(service)
                  .getUsageMessage(picocli.CommandLine.Help.Ansi.OFF))
          .containsPattern("(?m)^  130 +stopped by Ctrl-C")
          .containsPattern("(?m)^  143 +stopped by SIGTERM");
    }
  }

  @Test
  void everyOptionValueHasALabelNotAFieldName() {
    for (picocli.CommandLine cli : everyCommand()) {
      for (picocli.CommandLine.Model.ArgSpec arg : cli.getCommandSpec().args()) {
        if (arg.typeInfo().isBoolean()) {
          continue;
        }
        assertThat(arg.paramLabel())
            .as("label of %s in '%s'", arg, cli.getCommandSpec().qualifiedName())
            .doesNotStartWith("<");
      }
    }
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
