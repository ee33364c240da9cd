package dev.trackbook.converter.notebook;

import java.util.List;
import java.util.Map;

/**
 * A Java notebook's inputs: its cells and the kernelspec that says which kernel runs it.
 *
 * @param cells the cells in order
 * @param kernelspec {@code metadata.kernelspec} (name, display_name, language); may be empty
 */
public record Notebook(List<Cell> cells, Map<String, String> kernelspec) {

  public Notebook {
    cells = List.copyOf(cells);
    kernelspec = Map.copyOf(kernelspec);
  }

  /** Cell {@code index} (0-based) in a few words: {@code cell 3 (id train)}. */
  public String cellLabel(int index) {
    String id = cells.get(index).id();
    return "cell " + index + (id == null ? "" : " (id " + id + ")");
  }

  /**
   * Names cell {@code index} (0-based) for a message: its index, id and first line, so a user can
   * find it in Jupyter.
   */
  public String describeCell(int index) {
    Cell cell = cells.get(index);
    StringBuilder text = new StringBuilder(cellLabel(index));
    String first = cell.firstLine().strip();
    if (!first.isEmpty()) {
      text.append(" \"").append(first.length() > 60 ? first.substring(0, 57) + "..." : first);
      text.append('"');
    }
    return text.toString();
  }
}
