package dev.trackbook.converter;

import java.util.Locale;

/**
 * The registry of formats the converter reads and writes, after jupytext's {@code formats.py}: each
 * with the version it writes. Bump a version when what we write changes, and add a dated line.
 *
 * <p>{@link #JAVA_PERCENT} history (our pipeline script, {@code trackbook.pipeline.format_version}
 * in the header):
 *
 * <ul>
 *   <li>1 (2026-11-23): jupytext percent format 1.3 for Java; markers carry {@code tags} and {@code
 *       id}; magics become {@code // trackbook:magic} blocks of generated Java; cells tagged {@code
 *       skip-pipeline} are commented out with {@code active="ipynb"}; the header is jupytext's YAML
 *       with a {@code trackbook.pipeline} section (source path and sha256, body sha256, version,
 *       converter version, git commit and dirty flag, parameters, Maven deps).
 *   <li>1, addition (2026-12-07): {@code maven_repositories} (id and url of each {@code
 *       %addMavenRepo}), written only when a notebook adds one, so scripts without it read and
 *       write as before; a Trackbook older than this ignores it and cannot resolve such a script's
 *       artifacts.
 * </ul>
 *
 * <p>{@link #IPYNB}: we write nbformat 4.5 (the first with cell ids) and read any nbformat 4.
 */
public enum PipelineFormat {
  /** A pipeline script: jupytext's percent format for Java, plus our header section. */
  JAVA_PERCENT("java:percent", ".java", 1),
  /** A Jupyter notebook. */
  IPYNB("ipynb", ".ipynb", 5);

  /**
   * The jupytext format this script follows: percent format version 1.3
   * (https://jupytext.readthedocs.io/en/latest/formats-scripts.html#the-percent-format).
   */
  public static final String JUPYTEXT_FORMAT_NAME = "percent";

  public static final String JUPYTEXT_FORMAT_VERSION = "1.3";

  private final String name;
  private final String extension;
  private final int version;

  PipelineFormat(String name, String extension, int version) {
    this.name = name;
    this.extension = extension;
    this.version = version;
  }

  /** The name used on the command line ({@code --to ipynb}), jupytext style. */
  public String formatName() {
    return name;
  }

  public String extension() {
    return extension;
  }

  /** The version we write: our script format version, or the nbformat minor version. */
  public int version() {
    return version;
  }

  /** The format for a {@code --to} name ({@code ipynb}, {@code java}, {@code java:percent}). */
  public static PipelineFormat fromName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (PipelineFormat format : values()) {
      if (format.name.equals(lower) || format.extension.equals("." + lower)) {
        return format;
      }
    }
    throw new ConversionException("unknown format " + name + "; use ipynb or java:percent");
  }
}
