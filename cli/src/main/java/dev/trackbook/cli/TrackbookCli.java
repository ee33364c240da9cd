package dev.trackbook.cli;

import dev.trackbook.converter.Converter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Java side of {@code ./trackbook}. Each subcommand is one class in this package; add it to
 * {@code subcommands} below. {@code up} and {@code verify} are handled by the shell launcher
 * because they set up the machine (Jupyter, PostgreSQL) before any Java runs.
 */
@Command(
    name = "trackbook",
    mixinStandardHelpOptions = true,
    versionProvider = TrackbookCli.Version.class,
    description = "Experiment tracking and MLOps for Java notebooks.",
    // The launcher's own commands (the README's first two) appear in no subcommand list: say so
    // here, or `./trackbook --help` never mentions how to start.
    footer = {
      "Set-up commands (run by the ./trackbook launcher itself):",
      "  up        Build if needed, install the kernelspec, start the tracking server",
      "              and Jupyter on notebooks/ (up --help: ports)",
      "  verify    Install the test prerequisites and run every test (mvn install)",
      "  build     Build the jars (mvn install, tests skipped) when sources changed"
    },
    subcommands = {
      TestCommand.class,
      ConvertCommand.class,
      RunCommand.class,
      ServerCommand.class,
      TokenCommand.class,
      JournalCommand.class,
      KernelCommand.class,
      ValidateCommand.class,
      ServeCommand.class
    })
public final class TrackbookCli implements Runnable {

  /** slf4j-simple's level property, read when the first logger is made. */
  static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  public static void main(String[] args) {
    // validate / serve load DJL models: never let DJL download an engine at run time.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, defaultLogLevel(args));
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * The services ({@code server}, {@code serve}) log their start and their work at INFO. The
   * one-shot commands print their own results: the libraries they embed ({@code test}'s ephemeral
   * server: Jetty, Hikari, Flyway; the Maven resolver) speak up for warnings only, or 34 lines of
   * start-up and shutdown surround one line of test results. {@code -D}{@value #LOG_LEVEL} wins.
   */
  static String defaultLogLevel(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return arg.equals("server") || arg.equals("serve") ? "info" : "warn";
      }
    }
    return "warn";
  }

  /** The command line with its error handling, as {@link #main} runs it (public for tests). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TrackbookCli());
    documentExitCodes(cli);
    cli.setParameterExceptionHandler(TrackbookCli::usageError);
    // A failure (a missing file, an unreachable server) is one line on stderr, never a stack trace.
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          // An exception without a message (a bug's NullPointerException) printed "trackbook:
          // null".
          cmd.getErr().println("trackbook: " + (ex.getMessage() == null ? ex : ex.getMessage()));
          return 1;
        });
    return cli;
  }

  /**
   * Every help ends with the exit codes: a command's own list (validate's "2: no such model",
   * server's signals), else these, which the handlers here give.
   */
  private static void documentExitCodes(CommandLine cli) {
    CommandLine.Model.UsageMessageSpec usage = cli.getCommandSpec().usageMessage();
    if (usage.exitCodeList().isEmpty()) {
      Map<String, String> codes = new LinkedHashMap<>();
      codes.put("0", "success");
      codes.put("1", "failure");
      codes.put("2", "a command-line mistake");
      usage.exitCodeListHeading("Exit codes:%n").exitCodeList(codes);
    }
    // After the footer: the top command's footer lists the launcher's commands after its own.
    List<String> sections = new ArrayList<>(cli.getHelpSectionKeys());
    sections.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING);
    sections.remove(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST);
    sections.add(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST_HEADING);
    sections.add(CommandLine.Model.UsageMessageSpec.SECTION_KEY_EXIT_CODE_LIST);
    cli.setHelpSectionKeys(sections);
    cli.getSubcommands().values().forEach(TrackbookCli::documentExitCodes);
  }

  /**
   * A mistake on the command line (an unknown option, a missing or mistyped value) is one line on
   * stderr naming the mistake, picocli's suggestion and where the help is, as {@code git} and
   * click-based CLIs ({@code mlflow}) answer; picocli's default added the command's whole help (25
   * lines for {@code server}), burying the line that says what was wrong. Exit code 2.
   */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    StringBuilder line = new StringBuilder("trackbook: ");
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched) {
      // picocli calls a mistyped command or an extra file "Unmatched argument at index 3", counting
      // from the first word of the command line.
      List<String> words = unmatched.getUnmatched();
      if (unmatched.isUnknownOption()) {
        line.append(ex.getMessage().strip());
      } else if (!cmd.getSubcommands().isEmpty()) {
        line.append("Unknown command: '").append(words.get(0)).append('\'');
      } else {
        line.append(words.size() == 1 ? "Unexpected argument: " : "Unexpected arguments: ")
            .append(String.join(", ", words.stream().map(w -> "'" + w + "'").toList()));
      }
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        line.append("; did you mean ").append(String.join(" or ", suggestions)).append('?');
      }
    } else {
      line.append(ex.getMessage().strip().replaceFirst("^Error: ", ""));
    }
    line.append(" (see '").append(cmd.getCommandSpec().qualifiedName()).append(" --help')");
    cmd.getErr().println(line.toString().replaceAll("\\s*\\R\\s*", " "));
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Without a command: the help, as {@code --help} shows it. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The build's version. The shaded jar's manifest has none (it printed "trackbook dev"); every
   * module shares the parent's version, which the converter already records from its build.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"trackbook " + Converter.version()};
    }
  }
}
