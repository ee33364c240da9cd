package dev.trackbook.converter.run;

import dev.trackbook.client.Tracking;
import dev.trackbook.converter.ConversionException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child-process entry point of {@link PipelineProcess}: {@code SCRIPT [-p NAME=VALUE]...
 * [--params FILE] [--experiment NAME] [--force]}. Exits 0 when every cell ran, 1 when a cell failed
 * or the script or its parameters were rejected before any cell ran (as {@code ./trackbook run}
 * does) or when a cell's {@code System.exit} ends the JVM, 128 + N when signal N stops it while a
 * cell runs, 2 on a usage error. Progress and errors go to stderr, prefixed {@code trackbook:}.
 */
public final class PipelineMain {

  private PipelineMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  private static final String RUNNING = "running ";

  private static void stoppedMidway(String cell) {
    if (cell == null) {
      return;
    }
    int signal = signalStoppingTheJvm();
    System.err.println(
        "trackbook: pipeline stopped at "
            + cell
            + (signal > 0
                ? ": stopped by a signal (" + signal + ")"
                : ": the JVM exited while it ran (System.exit in the cell)")
            + "; the cells after it did not run");
    try {
      Tracking.client().awaitClosed(EXIT_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // A signal keeps the shell's convention (130 for Ctrl-C, 143 for SIGTERM), as without this
    // hook.
    Runtime.getRuntime().halt(signal > 0 ? 128 + signal : 1);
  }

  // The JVM handles SIGINT, SIGTERM and SIGHUP on a thread named "SIGINT handler" (and so on),
  // which waits in System.exit while the shutdown hooks run: its name tells a signal from a cell's
  // System.exit. 0 when there is none.
  private static int signalStoppingTheJvm() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      switch (t.getName()) {
        case "SIGHUP handler":
          return 1;
        case "SIGINT handler":
          return 2;
        case "SIGTERM handler":
          return 15;
        default:
          break;
      }
    }
    return 0;
  }

  // The client's exit hook flushes for at most its flush timeout (10 s by default); what it could
  // not send stays in its journal.
  private static final Duration EXIT_WAIT = Duration.ofSeconds(15);

  /** Runs a pipeline in this JVM (the caller has checked the working directory); the exit code. */
  public static int run(String[] args) {
    if (args.length == 0) {
      System.err.println("trackbook: usage: SCRIPT [-p NAME=VALUE]... [--params FILE] [--force]");
      return 2;
    }
    Path script = Path.of(args[0]);
    List<String> assignments = new ArrayList<>();
    Path paramsFile = null;
    String experiment = System.getenv("MLFLOW_EXPERIMENT_NAME");
    boolean force = false;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--force")) {
        force = true;
      } else if (i + 1 < args.length && (a.equals("-p") || a.equals("--param"))) {
        assignments.add(args[++i]);
      } else if (i + 1 < args.length && a.equals("--params")) {
        paramsFile = Path.of(args[++i]);
      } else if (i + 1 < args.length && a.equals("--experiment")) {
        experiment = args[++i];
      } else {
        System.err.println("trackbook: unknown option " + a);
        return 2;
      }
    }
    // A cell that calls System.exit ends this JVM midway, with the cell's status (0 would pass CI);
    // a signal does too. Either way the pipeline failed: say where, and exit 1 once the tracking
    // client's own exit hook has ended the run KILLED.
    AtomicReference<String> running = new AtomicReference<>();
    Thread stoppedMidway = new Thread(() -> stoppedMidway(running.get()), "trackbook-stopped");
    Runtime.getRuntime().addShutdownHook(stoppedMidway);
    try {
      PipelineRunner.Result result;
      try {
        result =
            PipelineRunner.standard()
                .run(
                    script,
                    new PipelineRunner.Options(
                        assignments, paramsFile, System.getenv(), experiment, force),
                    line -> {
                      if (line.startsWith(RUNNING)) {
                        running.set(line.substring(RUNNING.length()));
                      }
                      System.err.println("trackbook: " + line);
                    });
      } finally {
        running.set(null);
        try {
          Runtime.getRuntime().removeShutdownHook(stoppedMidway);
        } catch (IllegalStateException shuttingDown) {
          // The hook is running.
        }
      }
      if (!result.ok()) {
        System.err.println("trackbook: " + result.failure());
        return 1;
      }
      System.out.println("trackbook: " + script + " ran " + result.cellsRun() + " cells");
      return 0;
    } catch (ConversionException e) {
      System.err.println("trackbook: " + e.getMessage());
      return 1;
    }
  }
}
