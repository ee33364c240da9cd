package dev.trackbook.nbtest;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.CellType;
import dev.trackbook.converter.notebook.Notebook;
import dev.trackbook.converter.params.Parameter;
import dev.trackbook.converter.params.ParameterCells;
import dev.trackbook.converter.params.ParameterType;
import dev.trackbook.converter.params.ParameterValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notebook's smoke parameters as Java declarations, each run right after the cell tagged {@code
 * parameters} that declares it (papermill's convention; a notebook may have several such cells).
 * Values are typed by the declarations as the pipeline runner types {@code -p}, through the
 * converter's {@link ParameterCells} and {@link ParameterValues}, so a notebook and its pipeline
 * run with the same values, or are refused alike.
 */
final class SmokeParameters {
  /**
   * A declaration the converter does not read, its initializer not a literal ({@code double lr =
   * Math.pow(10, -1);}): its declared type is all a value needs.
   */
  private static final Pattern DECLARED =
      Pattern.compile(
          "(?:final\\s+)?(int|long|double|float|boolean|String|var)\\s+([A-Za-z_$][A-Za-z0-9_$]*)"
              + "\\s*=.*;.*");

  private final Map<Integer, String> declarationsByCell;

  private SmokeParameters(Map<Integer, String> declarationsByCell) {
    this.declarationsByCell = declarationsByCell;
  }

  /**
   * @param values by name: {@link Long}, {@link Double}, {@link Boolean} (from the notebook's
   *     metadata) or text (from {@code -p}), read as {@code -p name=value} is
   * @throws ConversionException in one line, naming the values, when one names no parameter of the
   *     notebook (or the notebook has no cell tagged parameters), does not fit its declared type,
   *     or sets a {@code var} whose initializer says no type
   */
  static SmokeParameters of(NotebookFile notebook, Map<String, Object> values) {
    try {
      return read(notebook, values);
    } catch (ConversionException e) {
      throw new ConversionException("smoke parameters " + values + ": " + e.getMessage(), e);
    }
  }

  private static SmokeParameters read(NotebookFile notebook, Map<String, Object> values) {
    Map<Integer, List<Parameter>> byCell = new LinkedHashMap<>();
    Map<String, Parameter> all = new LinkedHashMap<>();
    Set<String> untyped = new LinkedHashSet<>();
    for (NotebookFile.Cell cell : notebook.cells()) {
      if (cell.type().equals("code")
          && cell.tags().contains(NotebookExecution.TAG_PARAMETERS)
          && !cell.tags().contains(NotebookExecution.TAG_SKIP)) {
        List<Parameter> declared = declarations(cell.source(), untyped);
        byCell.put(cell.index(), declared);
        declared.forEach(p -> all.putIfAbsent(p.name(), p));
      }
    }
    for (String name : values.keySet()) {
      if (all.containsKey(name)) {
        continue;
      }
      if (untyped.contains(name)) {
        throw new ConversionException(
            "parameter "
                + name
                + " is declared var with a value that is not a literal, so its type is unknown;"
                + " declare it as int, long, double, float, boolean or String to set it");
      }
      Set<String> names = new LinkedHashSet<>(all.keySet());
      names.addAll(untyped);
      // As the pipeline runner says it (ParameterValues), naming the tag.
      throw new ConversionException(
          "unknown parameter "
              + name
              + (byCell.isEmpty()
                  ? "; there is no cell tagged " + NotebookExecution.TAG_PARAMETERS
                  : names.isEmpty()
                      ? "; the parameters cell declares none"
                      : "; the parameters cell"
                          + (byCell.size() > 1 ? "s declare " : " declares ")
                          + String.join(", ", names)));
    }
    Map<Integer, String> code = new HashMap<>();
    byCell.forEach(
        (index, declared) -> {
          // Each cell's own declarations type its values: a name declared twice is set twice.
          List<Parameter> given =
              declared.stream().filter(p -> values.containsKey(p.name())).toList();
          List<String> assignments =
              given.stream().map(p -> p.name() + "=" + values.get(p.name())).toList();
          Map<String, Object> typed =
              new ParameterValues(given).withAssignments(assignments).values();
          StringBuilder lines = new StringBuilder();
          given.forEach(p -> lines.append(p.declaration(typed.get(p.name()))).append('\n'));
          code.put(index, lines.toString());
        });
    return new SmokeParameters(code);
  }

  /** The Java to run after {@code cell}: its parameters that were given, declared anew. */
  String after(NotebookFile.Cell cell) {
    return declarationsByCell.getOrDefault(cell.index(), "");
  }

  /**
   * A parameters cell's declarations: each line as the converter reads a parameters cell, else (an
   * initializer that is no literal) by its declared type. Other statements declare nothing. A
   * {@code var} whose type only its initializer says is added to {@code untyped}.
   */
  private static List<Parameter> declarations(String source, Set<String> untyped) {
    List<Parameter> declared = new ArrayList<>();
    for (String line : source.split("\n")) {
      try {
        declared.addAll(ParameterCells.parse(parametersCell(line)));
        continue;
      } catch (ConversionException notALiteral) {
        // read its declared type below
      }
      Matcher m = DECLARED.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      ParameterType type = ParameterType.fromJavaName(m.group(1));
      if (type == null) {
        untyped.add(m.group(2));
      } else {
        declared.add(new Parameter(m.group(2), type, m.group(1), unknownDefault(type)));
      }
    }
    return declared;
  }

  private static Notebook parametersCell(String source) {
    return new Notebook(
        List.of(new Cell(CellType.CODE, null, source, List.of(NotebookExecution.TAG_PARAMETERS))),
        Map.of());
  }

  // Stands for a value only the kernel knows; never injected, since only given values are.
  private static Object unknownDefault(ParameterType type) {
    return switch (type) {
      case BOOLEAN -> false;
      case STRING -> "";
      default -> type.parse("0");
    };
  }
}
