package dev.trackbook.converter.percent;

import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.InputHash;
import dev.trackbook.converter.notebook.Notebook;
import java.util.List;

/**
 * A parsed pipeline script.
 *
 * @param header the versioned header
 * @param body the text after the header, which {@link PipelineHeader#bodySha256()} covers
 * @param cells the cells in order
 */
public record PipelineScript(PipelineHeader header, String body, List<ScriptCell> cells) {

  public PipelineScript {
    cells = List.copyOf(cells);
  }

  /** The notebook inputs this script was made from, restored from the script itself. */
  public Notebook notebook() {
    List<Cell> inputs = cells.stream().map(ScriptCell::input).toList();
    return new Notebook(inputs, header.kernelspec());
  }

  /** Whether the body is the one the converter wrote: its text and its inputs match the header. */
  public boolean matchesHeader() {
    return InputHash.sha256(body).equals(header.bodySha256())
        && InputHash.of(notebook()).equals(header.sourceSha256());
  }
}
