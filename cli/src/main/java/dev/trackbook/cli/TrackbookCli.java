package dev.trackbook.cli;

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
    subcommands = {
      TestCommand.class,
      ConvertCommand.class,
      RunCommand.class,
      ServerCommand.class,
      TokenCommand.class,
      KernelCommand.class,
      ValidateCommand.class,
      ServeCommand.class
    })
public final class TrackbookCli implements Runnable {

  public static void main(String[] args) {
    // validate / serve load DJL models: never let DJL download an engine at run time.
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with its error handling, as {@link #main} runs it. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TrackbookCli());
    // A user mistake on the command line is one line on stderr plus usage, never a stack trace.
    cli.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          cmd.getErr().println("trackbook: " + ex.getMessage());
          return 1;
        });
    return cli;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TrackbookCli.class.getPackage().getImplementationVersion();
      return new String[] {"trackbook " + (v == null ? "dev" : v)};
    }
  }
}
