package dev.trackbook.converter.run;

import dev.trackbook.client.Tracking;
import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.CellType;
import dev.trackbook.converter.notebook.Notebook;
import dev.trackbook.converter.params.Parameter;
import dev.trackbook.converter.params.ParameterCells;
import dev.trackbook.converter.params.ParameterValues;
import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.converter.percent.PipelineScript;
import dev.trackbook.converter.percent.ScriptCell;
import dev.trackbook.kernel.dependencies.DependencyMagics;
import dev.trackbook.kernel.dependencies.MavenResolver;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a pipeline script: checks it is the script the converter wrote, resolves its {@code %maven}
 * dependencies, replaces the parameters cell with the run's values, evaluates the cells in order
 * and stops at the first that fails. Unlike {@code jshell script.jsh}, a failing cell fails the
 * run: the result names the cell (index, id, first line) and the error, and the tracked run ends
 * FAILED. A cell tagged {@code raises-exception} may fail, as in nbclient: its error is reported
 * and the run goes on; one tagged {@code skip-execution} is not run, as nbclient skips it.
 */
public final class PipelineRunner {

  /** Tag keys on the tracked run. */
  public static final String TAG_PREFIX = "trackbook.pipeline.";

  private final Supplier<CellEngine> engines;
  private final BiFunction<List<String>, List<MavenResolver.Repository>, List<Path>> resolver;
  private final RunLog runLog;

  /**
   * @param engines makes the engine for one run
   * @param resolver resolves all of a script's Maven coordinates together to jars, searching its
   *     {@code %addMavenRepo} repositories too (the kernel's {@code MavenResolver}: one graph, so a
   *     shared library comes once)
   * @param runLog where the run is recorded
   */
  public PipelineRunner(
      Supplier<CellEngine> engines,
      BiFunction<List<String>, List<MavenResolver.Repository>, List<Path>> resolver,
      RunLog runLog) {
    this.engines = engines;
    this.resolver = resolver;
    this.runLog = runLog;
  }

  /**
   * The runner the CLI uses: the kernel's JShell engine (with {@code Tracking} imported, as the
   * rewritten magics call it by simple name), Maven's resolver for {@code %maven}, and the
   * process-wide tracking client.
   */
  public static PipelineRunner standard() {
    MavenResolver maven = MavenResolver.standard();
    return new PipelineRunner(
        PipelineRunner::kernelEngine,
        (coordinates, repositories) ->
            maven.resolve(coordinates, repositories).stream().map(MavenResolver.Jar::file).toList(),
        new TrackingRunLog());
  }

  /**
   * The kernel's engine as pipelines need it: {@code Tracking} imported. The client is part of the
   * kernel API the engine's cells see and compile against (wherever this JVM loaded it from), so
   * nothing is added to their class path: the CLI's own jar would put every library in it back in
   * front of the cells' %maven jars.
   */
  public static CellEngine kernelEngine() {
    return new KernelCellEngine(List.of(Tracking.class.getName()));
  }

  /**
   * What to run with.
   *
   * @param assignments {@code -p name=value}, in order
   * @param paramsFile a {@code --params} YAML or JSON file, or null
   * @param environment the environment ({@code TRACKBOOK_PARAM_*} are read from it)
   * @param experiment the experiment to log to, or null for the one the notebook's {@code
   *     %experiment} names (recorded in the header), else the client's default
   * @param force run even if the script no longer matches its header
   */
  public record Options(
      List<String> assignments,
      Path paramsFile,
      Map<String, String> environment,
      String experiment,
      boolean force) {
    public Options {
      assignments = List.copyOf(assignments);
      environment = Map.copyOf(environment);
    }
  }

  /**
   * How a run ended.
   *
   * @param ok whether every cell ran
   * @param cellsRun how many cells were evaluated (including a failing one)
   * @param parameters the parameter values used
   * @param failure for a failed run: what failed, in a few lines for the user; else null
   */
  public record Result(boolean ok, int cellsRun, Map<String, Object> parameters, String failure) {}

  /**
   * Runs {@code script}. Problems found before any cell runs (a malformed or edited script, a bad
   * parameter) are {@link ConversionException}s and nothing is logged; a failing cell is a {@link
   * Result} with {@code ok == false}.
   */
  public Result run(Path script, Options options) {
    return run(script, options, line -> {});
  }

  /** Like {@link #run(Path, Options)}, telling {@code progress} which cell starts. */
  public Result run(Path script, Options options, Consumer<String> progress) {
    PipelineScript parsed = new PercentReader().read(script);
    // Its magics read files (%loadFromPOM PATH) where the notebook's cells will run.
    String mismatch = parsed.mismatch(PipelineProcess.workingDirectory(script));
    if (options.force() && mismatch != null) {
      progress.accept("warning: " + script + ": " + mismatch + "; running it anyway (--force)");
    }
    if (!options.force() && mismatch != null) {
      throw new ConversionException(
          script
              + ": "
              + mismatch
              + "; convert "
              + parsed.header().source()
              + " again, or pass --force to run it as it is");
    }
    // The script's own parameters cell is what runs, even when --force lets an edited one through.
    Notebook notebook = parsed.notebook();
    List<Parameter> declared = ParameterCells.parse(notebook);
    ParameterValues values = new ParameterValues(declared).withEnvironment(options.environment());
    if (options.paramsFile() != null) {
      values.withFile(options.paramsFile());
    }
    values.withAssignments(options.assignments());
    Map<String, Object> parameters = values.values();

    List<Path> jars = new ArrayList<>();
    List<String> coordinates = parsed.header().maven();
    if (!coordinates.isEmpty()) {
      try {
        jars.addAll(resolver.apply(coordinates, parsed.header().mavenRepositories()));
      } catch (RuntimeException e) {
        throw new ConversionException(
            script
                + ": cannot resolve %maven "
                + String.join(" ", coordinates)
                + ": "
                + e.getMessage(),
            e);
      }
    }

    List<String> classpath = parsed.header().classpath();
    if (!classpath.isEmpty()) {
      // As the kernel's %classpath: relative to the working directory, the notebook's.
      try {
        DependencyMagics.classpathEntries("%classpath", classpath)
            .forEach(entry -> jars.add(Path.of(entry)));
      } catch (IllegalArgumentException e) {
        throw new ConversionException(script + ": " + e.getMessage(), e);
      }
    }

    String experiment =
        options.experiment() != null ? options.experiment() : parsed.header().experiment();
    runLog.start(experiment, runName(script), tags(script, parsed), parameters);
    int cellsRun = 0;
    try (CellEngine engine = engines.get()) {
      jars.forEach(jar -> engine.addToClasspath(jar.toString()));
      boolean parametersDone = false;
      for (int i = 0; i < parsed.cells().size(); i++) {
        ScriptCell cell = parsed.cells().get(i);
        if (!cell.runs()) {
          if (cell.input().type() == CellType.CODE
              && cell.input().hasTag(Cell.SKIP_EXECUTION_TAG)) {
            progress.accept(
                "skipping "
                    + notebook.describeCell(i)
                    + " (tagged "
                    + Cell.SKIP_EXECUTION_TAG
                    + ")");
          }
          continue;
        }
        String source = cell.javaSource();
        if (cell.isParameters()) {
          // All parameters are declared in the first parameters cell with the run's values, so
          // every later cell (and what it computes from them) sees those values.
          source = parametersDone ? "" : values.declarations();
          parametersDone = true;
        }
        cellsRun++;
        progress.accept("running " + notebook.describeCell(i));
        CellEngine.Outcome outcome = engine.eval(notebook.cellLabel(i), source);
        if (!outcome.ok() && cell.input().hasTag(Cell.RAISES_EXCEPTION_TAG)) {
          progress.accept(
              "error expected (tagged "
                  + Cell.RAISES_EXCEPTION_TAG
                  + ") at "
                  + describeError(notebook, i, outcome));
        } else if (!outcome.ok()) {
          String failure = "pipeline failed at " + describeError(notebook, i, outcome);
          Map<String, String> failureTags = new LinkedHashMap<>();
          failureTags.put(TAG_PREFIX + "failed_cell", String.valueOf(i));
          Cell input = cell.input();
          if (input.id() != null) {
            failureTags.put(TAG_PREFIX + "failed_cell_id", input.id());
          }
          runLog.end("FAILED", failureTags);
          return new Result(false, cellsRun, parameters, failure);
        }
      }
    } catch (RuntimeException e) {
      runLog.end("FAILED", Map.of());
      throw e;
    }
    runLog.end("FINISHED", Map.of());
    return new Result(true, cellsRun, parameters, null);
  }

  private static String runName(Path script) {
    String name = script.getFileName().toString();
    return name.endsWith(".java") ? name.substring(0, name.length() - 5) : name;
  }

  private static Map<String, String> tags(Path script, PipelineScript parsed) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(TAG_PREFIX + "script", scriptTag(script, parsed.header().source()));
    tags.put(TAG_PREFIX + "source", parsed.header().source());
    tags.put(TAG_PREFIX + "source_sha256", parsed.header().sourceSha256());
    tags.put(TAG_PREFIX + "version", String.valueOf(parsed.header().version()));
    tags.put(TAG_PREFIX + "converter_version", parsed.header().converterVersion());
    if (parsed.header().gitCommit() != null) {
      tags.put(TAG_PREFIX + "git_commit", parsed.header().gitCommit());
      // MLflow's own provenance tag, shown in its UI.
      tags.put("mlflow.source.git.commit", parsed.header().gitCommit());
    }
    tags.put(TAG_PREFIX + "git_dirty", String.valueOf(parsed.header().gitDirty()));
    tags.put("mlflow.source.name", parsed.header().source());
    tags.put("mlflow.source.type", "JOB");
    return tags;
  }

  /**
   * The {@code trackbook.pipeline.script} tag a run of {@code script} carries: its path relative to
   * the project root, as the header's source path is, wherever the run was started from (absolute
   * when the root cannot be found). What finds a pipeline's runs afterwards (the smoke runner's
   * parity check) asks this too.
   *
   * @param source the header's source path
   */
  public static String scriptTag(Path script, String source) {
    Path abs = script.toAbsolutePath().normalize();
    Path shown =
        source == null ? abs : ProjectRoot.of(abs, source).map(r -> r.relativize(abs)).orElse(abs);
    return shown.toString().replace(File.separatorChar, '/');
  }

  // The cell, its error and the user's frames, a line each.
  private static String describeError(Notebook notebook, int index, CellEngine.Outcome outcome) {
    StringBuilder text = new StringBuilder();
    text.append(notebook.describeCell(index)).append(": ");
    text.append(outcome.error());
    List<String> traceback = outcome.traceback();
    for (int n = 1; n < traceback.size(); n++) {
      text.append('\n').append(traceback.get(n));
    }
    return text.toString();
  }
}
