package dev.trackbook.cli;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.Converter;
import dev.trackbook.converter.PipelineFormat;
import dev.trackbook.converter.SourceControl;
import dev.trackbook.converter.magic.MagicsModuleTranslator;
import dev.trackbook.converter.manifest.PipelineManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./trackbook convert}: notebooks into versioned pipeline scripts, the staleness check for
 * CI, and the way back to notebooks.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Convert notebooks into pipeline scripts (jupytext percent format), recorded in"
          + " <out>/pipelines.lock.",
      "  convert notebooks/x.ipynb            writes pipelines/x.java",
      "  convert                              re-converts all in pipelines.lock",
      "  convert --check [NOTEBOOK...]        exit 1, naming each stale pipeline",
      "  convert --to ipynb pipelines/x.java  restores the notebook's inputs"
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:converted; with --check, every pipeline is up to date",
      "1:a pipeline is stale (--check), or a file could not be converted",
      "2:a command-line mistake"
    })
final class ConvertCommand implements Callable<Integer> {

  @Parameters(
      arity = "0..*",
      paramLabel = "FILE",
      description = "Notebooks (or scripts with --to ipynb)")
  List<Path> files = new ArrayList<>();

  @Option(
      paramLabel = "DIR",
      names = "--out",
      description =
          "Output directory (default: pipelines in the project root; with --to ipynb, next to"
              + " the script)")
  Path out;

  @Option(names = "--check", description = "Only check that every pipeline is up to date")
  boolean check;

  @Option(
      paramLabel = "FORMAT",
      names = "--to",
      converter = OptionTypes.Format.class,
      description = "Output format: java:percent (default) or ipynb")
  PipelineFormat to = PipelineFormat.JAVA_PERCENT;

  @Option(names = "--force", description = "With --to ipynb: overwrite an existing notebook")
  boolean force;

  @Override
  public Integer call() {
    // Paths in scripts and in pipelines.lock are relative to the project root (the git root of
    // the first file or else of the working directory; outside git, ProjectHome.rootOf), so CI and
    // laptops, from any directory, record the same ones.
    Path root =
        ProjectHome.rootOf(
            files.isEmpty() ? Path.of("") : files.get(0).toAbsolutePath().getParent());
    Converter converter = new Converter(root, new MagicsModuleTranslator(), SourceControl.git());
    Path outDir = out == null ? root.resolve(Converter.DEFAULT_OUT) : out.toAbsolutePath();
    if (check) {
      List<String> stale =
          converter.check(outDir, files.stream().map(Path::toAbsolutePath).toList());
      if (!stale.isEmpty()) {
        stale.forEach(line -> System.err.println("stale: " + line));
        return 1;
      }
      System.out.println("trackbook: every pipeline in " + outDir + " is up to date");
      return 0;
    }
    if (to == PipelineFormat.IPYNB) {
      if (files.isEmpty()) {
        throw new ConversionException("--to ipynb: name the pipeline scripts to restore");
      }
      for (Path script : files) {
        Path dir = out != null ? out : script.toAbsolutePath().getParent();
        Path written = converter.toNotebook(script.toAbsolutePath(), dir.toAbsolutePath(), force);
        System.out.println(script + " -> " + written);
      }
      return 0;
    }
    List<Path> notebooks = new ArrayList<>(files);
    if (notebooks.isEmpty()) {
      PipelineManifest manifest = PipelineManifest.load(outDir.resolve(PipelineManifest.FILE_NAME));
      manifest.entries().keySet().forEach(nb -> notebooks.add(root.resolve(nb)));
      if (notebooks.isEmpty()) {
        throw new ConversionException(
            "name the notebooks to convert, e.g. ./trackbook convert notebooks/x.ipynb");
      }
    }
    for (Path notebook : notebooks) {
      Converter.Result result = converter.convert(notebook.toAbsolutePath(), outDir);
      System.out.println(
          root.relativize(notebook.toAbsolutePath())
              + " -> "
              + root.relativize(result.script())
              + " (version "
              + result.version()
              + (result.newVersion() ? ", new" : ", unchanged")
              + ")");
    }
    return 0;
  }
}
