package dev.trackbook.converter.percent;

import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.CellType;

/**
 * One cell of a pipeline script.
 *
 * @param input the notebook cell it came from, restored from the script (for {@code --to ipynb} and
 *     the hash check)
 * @param javaSource what the runner evaluates: the cell's text in the script, magics already turned
 *     into Java; empty for cells that do not run
 */
public record ScriptCell(Cell input, String javaSource) {

  /** Whether the runner evaluates this cell: a code cell the pipeline does not skip. */
  public boolean runs() {
    return input.type() == CellType.CODE && !input.skippedByPipeline();
  }

  public boolean isParameters() {
    return runs() && input.hasTag(Cell.PARAMETERS_TAG);
  }
}
