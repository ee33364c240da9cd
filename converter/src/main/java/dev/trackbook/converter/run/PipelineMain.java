package dev.trackbook.converter.run;

import dev.trackbook.converter.ConversionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child-process entry point of {@link PipelineProcess}: {@code SCRIPT [-p NAME=VALUE]...
 * [--params FILE] [--experiment NAME] [--force]}. Exits 0 when every cell ran, 1 when a cell failed
 * or the script or its parameters were rejected before any cell ran (as {@code ./trackbook run}
 * does), 2 on a usage error. Progress and errors go to stderr, prefixed {@code trackbook:}.
 */
public final class PipelineMain {

  private PipelineMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

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
    try {
      PipelineRunner.Result result =
          PipelineRunner.standard()
              .run(
                  script,
                  new PipelineRunner.Options(
                      assignments, paramsFile, System.getenv(), experiment, force),
                  line -> System.err.println("trackbook: " + line));
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
