package dev.trackbook.converter;

import dev.trackbook.converter.magic.MagicTranslator;
import dev.trackbook.converter.manifest.PipelineManifest;
import dev.trackbook.converter.notebook.InputHash;
import dev.trackbook.converter.notebook.IpynbReader;
import dev.trackbook.converter.notebook.IpynbWriter;
import dev.trackbook.converter.notebook.Notebook;
import dev.trackbook.converter.params.Parameter;
import dev.trackbook.converter.params.ParameterCells;
import dev.trackbook.converter.percent.PercentReader;
import dev.trackbook.converter.percent.PercentWriter;
import dev.trackbook.converter.percent.PipelineHeader;
import dev.trackbook.converter.percent.PipelineScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Notebook to pipeline script and back, and the staleness check, over one project root. All paths
 * recorded in scripts and in {@code pipelines.lock} are relative to the root, with {@code /}.
 *
 * <p>Nothing is written unless the whole conversion succeeded, including reading the script back
 * and getting the notebook's inputs again.
 */
public final class Converter {

  /** The default output directory, relative to the root. */
  public static final String DEFAULT_OUT = "pipelines";

  private final Path root;
  private final MagicTranslator translator;
  private final SourceControl sourceControl;
  private final String converterVersion;

  /**
   * @param root the project root paths are recorded against
   * @param translator turns magics into Java
   * @param sourceControl the notebook's commit and dirty flag for the header
   */
  public Converter(Path root, MagicTranslator translator, SourceControl sourceControl) {
    this(root, translator, sourceControl, version());
  }

  Converter(
      Path root, MagicTranslator translator, SourceControl sourceControl, String converterVersion) {
    this.root = root.toAbsolutePath().normalize();
    this.translator = translator;
    this.sourceControl = sourceControl;
    this.converterVersion = converterVersion;
  }

  /**
   * What a conversion did.
   *
   * @param script the script written
   * @param version its pipeline version N
   * @param sourceSha256 the notebook's input hash
   * @param newVersion whether N moved (the notebook's inputs changed or it is new)
   */
  public record Result(Path script, int version, String sourceSha256, boolean newVersion) {}

  /** Converts {@code notebook} into {@code outDir}, updating {@code outDir/pipelines.lock}. */
  public Result convert(Path notebook, Path outDir) {
    Path notebookPath = resolve(notebook);
    Notebook nb = new IpynbReader().read(notebookPath);
    String source = relative(notebookPath);
    Path out = resolve(outDir);
    Path manifestFile = out.resolve(PipelineManifest.FILE_NAME);
    PipelineManifest manifest = PipelineManifest.load(manifestFile);
    Path script = out.resolve(scriptName(notebookPath));
    String scriptRelative = relative(script);
    for (var e : manifest.entries().entrySet()) {
      if (e.getValue().script().equals(scriptRelative) && !e.getKey().equals(source)) {
        throw new ConversionException(
            source
                + ": its pipeline "
                + scriptRelative
                + " already belongs to "
                + e.getKey()
                + "; rename one of the notebooks");
      }
    }
    String sha = InputHash.of(nb);
    Optional<PipelineManifest.Entry> previous = manifest.entry(source);
    int version =
        previous.map(p -> p.sourceSha256().equals(sha) ? p.version() : p.version() + 1).orElse(1);
    String text =
        render(
            nb,
            source,
            notebookPath.getParent(),
            version,
            sourceControl.revisionOf(root, notebookPath));
    AtomicFile.write(script, text);
    manifest
        .with(source, new PipelineManifest.Entry(scriptRelative, sha, version))
        .write(manifestFile);
    boolean moved = previous.map(p -> p.version() != version).orElse(true);
    return new Result(script, version, sha, moved);
  }

  /**
   * The script text for a notebook, checked by reading it back: if the script would not give the
   * notebook's inputs again, this fails instead of writing something lossy.
   */
  public String render(Notebook nb, String source, int version, SourceControl.Revision revision) {
    return render(nb, source, resolve(Path.of(source)).getParent(), version, revision);
  }

  /**
   * {@link #render(Notebook, String, int, SourceControl.Revision)} for a notebook whose magics read
   * files ({@code %loadFromPOM PATH}) relative to {@code notebookDirectory}, not to the directory
   * of {@code source}.
   */
  public String render(
      Notebook nb,
      String source,
      Path notebookDirectory,
      int version,
      SourceControl.Revision revision) {
    List<Parameter> parameters;
    PercentWriter.Body body;
    try {
      parameters = ParameterCells.parse(nb);
      body = new PercentWriter(translator, notebookDirectory).body(nb);
    } catch (ConversionException e) {
      // They name the cell; which notebook it is in matters when several are converted at once.
      throw new ConversionException(source + ": " + e.getMessage(), e);
    }
    PipelineHeader header =
        new PipelineHeader(
            nb.kernelspec(),
            PipelineFormat.JAVA_PERCENT.version(),
            source,
            InputHash.of(nb),
            "",
            version,
            converterVersion,
            revision.commit(),
            revision.dirty(),
            parameters,
            body.maven(),
            body.classpath(),
            body.mavenRepositories(),
            body.experiment());
    String text = PercentWriter.script(header, body);
    PipelineScript back;
    try {
      back = new PercentReader().parse(text, source);
    } catch (ConversionException e) {
      throw new ConversionException(
          source
              + ": cannot be written as a pipeline script without changing it (a line looks like"
              + " a \"// %%\" cell marker?): "
              + e.getMessage(),
          e);
    }
    Notebook restored = back.notebook();
    PipelineHeader written = header.withBodySha256(InputHash.sha256(body.body()));
    if (!restored.cells().equals(nb.cells()) || !back.header().equals(written)) {
      throw new ConversionException(source + ": " + firstDifference(nb, restored));
    }
    return text;
  }

  /**
   * The stale pipelines in {@code outDir}: one message per notebook whose inputs changed since its
   * script was written, whose script is missing or edited, or which was deleted. Empty when all are
   * current.
   *
   * @throws ConversionException when {@code outDir} has no {@code pipelines.lock}
   */
  public List<String> check(Path outDir) {
    return check(outDir, List.of());
  }

  /**
   * Like {@link #check(Path)}, for the pipelines of {@code notebooks} only (all when empty).
   * Notebooks that have no pipeline are not pipelines and are left alone, so a pre-commit hook may
   * pass every changed notebook.
   */
  public List<String> check(Path outDir, List<Path> notebooks) {
    Path out = resolve(outDir);
    Path lock = out.resolve(PipelineManifest.FILE_NAME);
    if (!Files.isRegularFile(lock)) {
      // A check pointed at the wrong directory must not pass for finding nothing to check.
      throw new ConversionException(
          lock
              + " does not exist: no pipelines to check (convert a notebook first, or name the"
              + " pipelines directory)");
    }
    PipelineManifest manifest = PipelineManifest.load(lock);
    List<String> only = notebooks.stream().map(nb -> relative(resolve(nb))).toList();
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, PipelineManifest.Entry> e : manifest.entries().entrySet()) {
      if (!only.isEmpty() && !only.contains(e.getKey())) {
        continue;
      }
      String problem = problem(e.getKey(), e.getValue());
      if (problem != null) {
        stale.add(e.getValue().script() + ": " + problem);
      }
    }
    return stale;
  }

  private String problem(String notebook, PipelineManifest.Entry entry) {
    Path notebookPath = root.resolve(notebook);
    if (!Files.exists(notebookPath)) {
      return "its notebook " + notebook + " no longer exists";
    }
    String sha;
    try {
      sha = InputHash.of(new IpynbReader().read(notebookPath));
    } catch (ConversionException e) {
      return "its notebook cannot be read: " + e.getMessage();
    }
    if (!sha.equals(entry.sourceSha256())) {
      return notebook
          + " changed since the pipeline was converted; run ./trackbook convert "
          + notebook;
    }
    Path script = root.resolve(entry.script());
    if (!Files.exists(script)) {
      return "missing; run ./trackbook convert " + notebook;
    }
    PipelineScript parsed;
    try {
      parsed = new PercentReader().read(script);
    } catch (ConversionException e) {
      return e.getMessage();
    }
    if (!parsed.header().sourceSha256().equals(sha)) {
      return "its header does not match pipelines.lock; run ./trackbook convert " + notebook;
    }
    if (!parsed.matchesHashes()) {
      return "edited by hand since it was converted; run ./trackbook convert " + notebook;
    }
    String mismatch = parsed.mismatch(translator, notebookPath.getParent());
    return mismatch == null ? null : mismatch + "; run ./trackbook convert " + notebook;
  }

  /**
   * Restores the notebook inputs of {@code script} as an {@code .ipynb} in {@code outDir}. Refuses
   * to overwrite an existing notebook (it may hold outputs) unless {@code force}.
   */
  public Path toNotebook(Path script, Path outDir, boolean force) {
    PipelineScript parsed = new PercentReader().read(resolve(script));
    String name = script.getFileName().toString();
    String base = name.endsWith(".java") ? name.substring(0, name.length() - 5) : name;
    Path target = resolve(outDir).resolve(base + ".ipynb");
    if (Files.exists(target) && !force) {
      throw new ConversionException(
          target + " exists and may hold outputs; pass --force to overwrite it or choose --out");
    }
    AtomicFile.write(target, new IpynbWriter().write(parsed.notebook()));
    return target;
  }

  private static String firstDifference(Notebook expected, Notebook actual) {
    if (expected.cells().size() != actual.cells().size()) {
      return "cannot be written as a pipeline script without losing cells (a line looks like a"
          + " \"// %%\" cell marker?); "
          + expected.cells().size()
          + " cells became "
          + actual.cells().size();
    }
    for (int i = 0; i < expected.cells().size(); i++) {
      if (!expected.cells().get(i).equals(actual.cells().get(i))) {
        return expected.describeCell(i)
            + " cannot be written as a pipeline script without changing it (a line looks like"
            + " a \"// %%\" cell marker or a jupytext-escaped magic?)";
      }
    }
    return "its header (source path, kernelspec or parameters) does not read back as written";
  }

  private Path resolve(Path path) {
    return root.resolve(path).toAbsolutePath().normalize();
  }

  private String relative(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    Path rel = abs.startsWith(root) ? root.relativize(abs) : abs;
    return rel.toString().replace('\\', '/');
  }

  private static String scriptName(Path notebook) {
    String name = notebook.getFileName().toString();
    if (!name.endsWith(".ipynb")) {
      throw new ConversionException(notebook + ": expected a .ipynb notebook");
    }
    return name.substring(0, name.length() - ".ipynb".length())
        + PipelineFormat.JAVA_PERCENT.extension();
  }

  /** This converter's version, from the build. */
  public static String version() {
    try (InputStream in = Converter.class.getResourceAsStream("converter.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
