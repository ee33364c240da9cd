package dev.trackbook.converter.percent;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.CellType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a pipeline script written by {@link PercentWriter}: the header, and for each cell both the
 * Java the runner evaluates and the notebook cell it came from (magic blocks turned back into their
 * magic lines, jupytext's escapes undone), so the reverse conversion restores the notebook's
 * inputs.
 */
public final class PercentReader {

  /** Reads {@code file}; a malformed script is a {@link ConversionException} naming the line. */
  public PipelineScript read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (NoSuchFileException e) {
      throw new ConversionException(file + ": no such pipeline script");
    } catch (IOException e) {
      throw new ConversionException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** Parses script text; {@code name} is only used in messages. */
  public PipelineScript parse(String text, String name) {
    // A checkout with CRLF line ends is the same script.
    String normalized = text.replace("\r\n", "\n");
    List<String> lines = lines(normalized);
    int first = !lines.isEmpty() && lines.get(0).equals(ScriptSyntax.CODING) ? 1 : 0;
    if (lines.size() <= first || !lines.get(first).equals(PipelineHeader.FENCE)) {
      throw new ConversionException(
          name
              + ": not a Trackbook pipeline (it does not start with the \"// ---\" header);"
              + " make one with ./trackbook convert <notebook>.ipynb");
    }
    int close = first + 1;
    List<String> yaml = new ArrayList<>();
    while (close < lines.size() && !lines.get(close).equals(PipelineHeader.FENCE)) {
      yaml.add(ScriptSyntax.uncomment(lines.get(close)));
      close++;
    }
    if (close == lines.size()) {
      throw new ConversionException(name + ": the header is not closed by a \"// ---\" line");
    }
    PipelineHeader header = PipelineHeader.parse(yaml, name);
    int bodyOffset = 0;
    for (int i = 0; i <= close; i++) {
      bodyOffset += lines.get(i).length() + 1;
    }
    String body = bodyOffset <= normalized.length() ? normalized.substring(bodyOffset) : "";

    List<Integer> markers = new ArrayList<>();
    for (int i = close + 1; i < lines.size(); i++) {
      if (CellMarker.isMarker(lines.get(i))) {
        markers.add(i);
      } else if (markers.isEmpty() && !lines.get(i).isBlank()) {
        throw new ConversionException(
            name + ", line " + (i + 1) + ": text before the first \"// %%\" cell marker");
      }
    }
    List<ScriptCell> cells = new ArrayList<>();
    for (int k = 0; k < markers.size(); k++) {
      int start = markers.get(k);
      boolean last = k == markers.size() - 1;
      int end = last ? lines.size() : markers.get(k + 1);
      List<String> content = new ArrayList<>(lines.subList(start + 1, end));
      // One blank line separates cells; it is not part of the cell above.
      if (!last && !content.isEmpty() && content.get(content.size() - 1).isEmpty()) {
        content.remove(content.size() - 1);
      }
      String where = name + ", line " + (start + 1);
      cells.add(cell(CellMarker.parse(lines.get(start), where), content, where));
    }
    return new PipelineScript(header, body, cells);
  }

  private static ScriptCell cell(CellMarker marker, List<String> content, String where) {
    if (marker.type() != CellType.CODE || marker.notebookOnly()) {
      String source = String.join("\n", content.stream().map(ScriptSyntax::uncomment).toList());
      return new ScriptCell(new Cell(marker.type(), marker.id(), source, marker.tags()), "");
    }
    List<String> source = new ArrayList<>();
    // What runs: the script's lines, one for one (so errors name script lines), with jupytext's
    // escapes undone outside magic blocks: `%n;` continuing an expression, or a line of a text
    // block, is Java the writer had to comment once for jupytext.
    List<String> java = new ArrayList<>(content);
    for (int i = 0; i < content.size(); i++) {
      String line = content.get(i);
      if (line.startsWith(ScriptSyntax.MAGIC)) {
        while (i < content.size() && content.get(i).startsWith(ScriptSyntax.MAGIC)) {
          source.add(content.get(i).substring(ScriptSyntax.MAGIC.length()));
          i++;
        }
        while (i < content.size() && !content.get(i).equals(ScriptSyntax.END_MAGIC)) {
          i++;
        }
        if (i == content.size()) {
          throw new ConversionException(
              where
                  + ": a \""
                  + ScriptSyntax.MAGIC.strip()
                  + "\" block has no \""
                  + ScriptSyntax.END_MAGIC
                  + "\"");
        }
      } else if (ScriptSyntax.JUPYTEXT_MAGIC.matcher(line).matches()
          && line.stripLeading().startsWith("//")) {
        source.add(ScriptSyntax.unescape(line));
        java.set(i, ScriptSyntax.unescape(line));
      } else {
        source.add(line);
      }
    }
    Cell input = new Cell(CellType.CODE, marker.id(), String.join("\n", source), marker.tags());
    return new ScriptCell(input, String.join("\n", java));
  }

  /** The lines of a text; a final newline ends the last line rather than starting another. */
  private static List<String> lines(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    return List.of(trimmed.split("\n", -1));
  }
}
