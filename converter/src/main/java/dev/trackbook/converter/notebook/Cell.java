package dev.trackbook.converter.notebook;

import java.util.List;
import java.util.Objects;

/**
 * The inputs of one notebook cell: what the converter keeps and the hash covers. Outputs and
 * execution counts are not inputs and are not modelled.
 *
 * @param type code, markdown or raw
 * @param id the nbformat 4.5 cell id, or null for notebooks older than 4.5
 * @param source the cell source, lines joined with {@code \n}
 * @param tags the cell's {@code metadata.tags}, in notebook order
 */
public record Cell(CellType type, String id, String source, List<String> tags) {

  /** The papermill tag that marks the cell whose assignments are run-time parameters. */
  public static final String PARAMETERS_TAG = "parameters";

  /** Cells tagged so stay in the notebook and are left out of the pipeline. */
  public static final String SKIP_PIPELINE_TAG = "skip-pipeline";

  /**
   * nbclient's tag ({@code skip_cells_with_tag}) for a cell that is not executed; papermill and
   * {@code ./trackbook test} skip it too, so a pipeline does.
   */
  public static final String SKIP_EXECUTION_TAG = "skip-execution";

  /**
   * nbclient's tag for a cell expected to fail: its error is shown and the run goes on (nbclient's
   * {@code allow_error} for that cell).
   */
  public static final String RAISES_EXCEPTION_TAG = "raises-exception";

  public Cell {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    tags = List.copyOf(tags);
  }

  public boolean hasTag(String tag) {
    return tags.contains(tag);
  }

  /**
   * Whether a pipeline leaves this cell out: tagged {@link #SKIP_PIPELINE_TAG} (commented out in
   * the script) or {@link #SKIP_EXECUTION_TAG} (kept as code, not run, as in a notebook run).
   */
  public boolean skippedByPipeline() {
    return hasTag(SKIP_PIPELINE_TAG) || hasTag(SKIP_EXECUTION_TAG);
  }

  /** The first line of the source, for error messages that name a cell. */
  public String firstLine() {
    int newline = source.indexOf('\n');
    return newline < 0 ? source : source.substring(0, newline);
  }
}
