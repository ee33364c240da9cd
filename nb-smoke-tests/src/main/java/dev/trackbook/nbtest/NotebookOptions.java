package dev.trackbook.nbtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How notebooks are smoke-tested. Notebook metadata can set the time limit per cell ({@code
 * metadata.execution.timeout} in seconds, as nbmake reads it, 0 or less for none), a cell's own
 * {@code metadata.execution.timeout} wins over everything, and a cell limit set here (not the
 * default) wins over the notebook's. The limit for a whole notebook likewise: its metadata {@code
 * trackbook.notebook_timeout} (seconds, 0 or less for none) refines the default, a limit set here
 * wins. Smoke parameters from {@code metadata.trackbook.smoke_parameters} are overridden by those
 * given here.
 *
 * @param kernelName kernelspec to use when a notebook names none (or always, with {@code
 *     forceKernel})
 * @param kernelPath extra directories holding kernelspecs, searched before Jupyter's own path
 * @param cellTimeout limit per cell
 * @param cellTimeoutSet whether {@code cellTimeout} was set rather than defaulted: then it wins
 *     over the notebook's metadata
 * @param notebookTimeout limit for a whole notebook
 * @param notebookTimeoutSet whether {@code notebookTimeout} was set rather than defaulted: then it
 *     wins over the notebook's metadata
 * @param smokeParameters values injected after the cell tagged {@code parameters} (papermill's
 *     convention)
 * @param sanitizers applied to both sides before comparing outputs of cells tagged {@code
 *     check-output}
 * @param trackingUri where the kernel's tracking goes ({@code TRACKBOOK_TRACKING_URI}); null leaves
 *     it as is
 * @param env extra environment for the kernel
 * @param workDir the kernel's working directory; null means the notebook's directory
 */
public record NotebookOptions(
    String kernelName,
    boolean forceKernel,
    List<Path> kernelPath,
    Duration cellTimeout,
    boolean cellTimeoutSet,
    Duration notebookTimeout,
    boolean notebookTimeoutSet,
    Map<String, Object> smokeParameters,
    List<Sanitizer> sanitizers,
    String trackingUri,
    Map<String, String> env,
    Path workDir) {

  /**
   * The kernelspec {@code ./trackbook kernel install} installs, used when a notebook names none.
   */
  public static final String TRACKBOOK_KERNEL = "trackbook-java";

  /** A regex replacement applied to outputs before comparing them. */
  public record Sanitizer(Pattern pattern, String replacement) {
    public String apply(String s) {
      return pattern.matcher(s).replaceAll(replacement);
    }
  }

  public static NotebookOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.kernelName = kernelName;
    b.forceKernel = forceKernel;
    b.kernelPath.addAll(kernelPath);
    b.cellTimeout = cellTimeout;
    b.cellTimeoutSet = cellTimeoutSet;
    b.notebookTimeout = notebookTimeout;
    b.notebookTimeoutSet = notebookTimeoutSet;
    b.smokeParameters.putAll(smokeParameters);
    b.sanitizers.addAll(sanitizers);
    b.trackingUri = trackingUri;
    b.env.putAll(env);
    b.workDir = workDir;
    return b;
  }

  /**
   * Builds options; defaults: kernel {@code trackbook-java}, 2 minutes a cell, 10 minutes a
   * notebook.
   */
  public static final class Builder {
    private String kernelName = TRACKBOOK_KERNEL;
    private boolean forceKernel;
    private final List<Path> kernelPath = new ArrayList<>();
    private Duration cellTimeout = Duration.ofMinutes(2);
    private boolean cellTimeoutSet;
    private Duration notebookTimeout = Duration.ofMinutes(10);
    private boolean notebookTimeoutSet;
    private final Map<String, Object> smokeParameters = new LinkedHashMap<>();
    private final List<Sanitizer> sanitizers = new ArrayList<>();
    private String trackingUri;
    private final Map<String, String> env = new HashMap<>();
    private Path workDir;

    public Builder kernel(String name, boolean force) {
      this.kernelName = name;
      this.forceKernel = force;
      return this;
    }

    public Builder kernelPath(Path dir) {
      kernelPath.add(dir);
      return this;
    }

    /** A limit per cell; positive. */
    public Builder cellTimeout(Duration d) {
      cellTimeout = positive(d, "cell");
      cellTimeoutSet = true;
      return this;
    }

    /** A limit for a whole notebook; positive. */
    public Builder notebookTimeout(Duration d) {
      notebookTimeout = positive(d, "notebook");
      notebookTimeoutSet = true;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(
            "a "
                + what
                + " time limit must be positive, got "
                + NotebookExecution.seconds(d)
                + " s");
      }
      return d;
    }

    public Builder smokeParameter(String name, Object value) {
      smokeParameters.put(name, value);
      return this;
    }

    /** {@code replacement} as in {@link java.util.regex.Matcher#replaceAll(String)}. */
    public Builder sanitizer(String regex, String replacement) {
      sanitizers.add(new Sanitizer(Pattern.compile(regex), replacement));
      return this;
    }

    /** Sanitizers made elsewhere, e.g. by {@link Sanitizers#fromFile}. */
    public Builder sanitizers(List<Sanitizer> more) {
      sanitizers.addAll(more);
      return this;
    }

    public Builder trackingUri(String uri) {
      trackingUri = uri;
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder workDir(Path dir) {
      workDir = dir;
      return this;
    }

    public NotebookOptions build() {
      return new NotebookOptions(
          kernelName,
          forceKernel,
          List.copyOf(kernelPath),
          cellTimeout,
          cellTimeoutSet,
          notebookTimeout,
          notebookTimeoutSet,
          Map.copyOf(smokeParameters),
          List.copyOf(sanitizers),
          trackingUri,
          Map.copyOf(env),
          workDir);
    }
  }
}
