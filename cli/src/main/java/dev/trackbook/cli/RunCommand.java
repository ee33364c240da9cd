package dev.trackbook.cli;

import dev.trackbook.converter.run.PipelineMain;
import dev.trackbook.converter.run.PipelineProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./trackbook run pipelines/x.java}: runs a pipeline script, failing fast. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a pipeline script cell by cell with the kernel's JShell semantics.",
      "Stops at the first failing cell, naming it. Logs one tracked run tagged with the pipeline"
          + " version, source hash and parameters.",
      "Cells run in the source notebook's directory, as in Jupyter.",
      "Parameters: defaults < $TRACKBOOK_PARAM_<NAME> < --params FILE < -p NAME=VALUE.",
      "The tracking server: $TRACKBOOK_TRACKING_URI, else $MLFLOW_TRACKING_URI, else"
          + " http://localhost:5000 (a token: $TRACKBOOK_TRACKING_TOKEN, else"
          + " $MLFLOW_TRACKING_TOKEN)."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every cell ran",
      "1:a cell failed, or the script could not run",
      "2:a command-line mistake"
    })
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "SCRIPT", description = "The pipeline script (.java)")
  Path script;

  // A map, as `test -p` takes it: picocli refuses a value without '=' as a usage error.
  @Option(
      names = {"-p", "--param"},
      paramLabel = "NAME=VALUE",
      description = "Set a parameter (repeatable)")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--params",
      paramLabel = "FILE",
      description = "Parameters from a YAML or JSON file")
  Path paramsFile;

  @Option(
      paramLabel = "NAME",
      names = "--experiment",
      description = "Experiment to log the run to (default: $MLFLOW_EXPERIMENT_NAME)")
  String experiment;

  @Option(names = "--force", description = "Run even if the script was edited after conversion")
  boolean force;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>();
    params.forEach((name, value) -> args.addAll(List.of("-p", name + "=" + value)));
    if (paramsFile != null) {
      args.addAll(List.of("--params", paramsFile.toAbsolutePath().toString()));
    }
    if (experiment != null) {
      args.addAll(List.of("--experiment", experiment));
    }
    if (force) {
      args.add("--force");
    }
    // Cells resolve relative paths against the notebook's directory and read text as UTF-8, as in
    // Jupyter: a JVM cannot change its own directory or charset, so elsewhere (or under a locale
    // whose charset this JVM took) the pipeline runs in a child JVM started with them.
    if (PipelineProcess.canRunInThisJvm(script)) {
      args.add(0, script.toString());
      return PipelineMain.run(args.toArray(String[]::new));
    }
    return PipelineProcess.run(script, args);
  }
}
