package dev.trackbook.converter.params;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.CellType;
import dev.trackbook.converter.notebook.Notebook;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the parameters of a notebook from its cells tagged {@code parameters} (papermill's
 * convention, https://papermill.readthedocs.io/en/latest/usage-parameterize.html). Only simple
 * typed assignments of literals are accepted, one per line, because the runner replaces the whole
 * cell with new assignments: anything else in it would be silently dropped.
 */
public final class ParameterCells {

  private static final String LITERAL =
      "\"(?:[^\"\\\\]|\\\\.)*\"" // string
          + "|true|false"
          // A number's exact syntax is JavaNumberLiteral's to check, with a message saying why.
          + "|[-+]?\\.?\\d[\\w.]*(?:(?<=[eEpP])[-+][\\d_]+[fFdD]?)?";
  private static final Pattern DECLARATION =
      Pattern.compile(
          "(?:final\\s+)?(int|long|double|float|boolean|String|var)\\s+([A-Za-z_$][A-Za-z0-9_$]*)"
              + "\\s*=\\s*("
              + LITERAL
              + ")\\s*;\\s*(?://.*)?");

  private ParameterCells() {}

  /**
   * The parameters declared in {@code notebook}, in order.
   *
   * @throws ConversionException naming the cell and line of anything that is not a simple typed
   *     assignment, or of a name declared twice
   */
  public static List<Parameter> parse(Notebook notebook) {
    Map<String, Parameter> byName = new LinkedHashMap<>();
    for (int i = 0; i < notebook.cells().size(); i++) {
      Cell cell = notebook.cells().get(i);
      if (!cell.hasTag(Cell.PARAMETERS_TAG) || cell.skippedByPipeline()) {
        continue;
      }
      if (cell.type() != CellType.CODE) {
        throw new ConversionException(
            notebook.describeCell(i) + " is tagged parameters but is not a code cell");
      }
      String[] lines = cell.source().split("\n", -1);
      for (int n = 0; n < lines.length; n++) {
        Parameter parameter = parseLine(lines[n].strip(), notebook, i, n);
        if (parameter == null) {
          continue;
        }
        if (byName.put(parameter.name(), parameter) != null) {
          throw new ConversionException(
              notebook.describeCell(i)
                  + ", line "
                  + (n + 1)
                  + ": parameter "
                  + parameter.name()
                  + " is declared twice");
        }
      }
    }
    return new ArrayList<>(byName.values());
  }

  private static Parameter parseLine(String line, Notebook notebook, int cell, int lineIndex) {
    if (line.isEmpty() || line.startsWith("//")) {
      return null;
    }
    Matcher m = DECLARATION.matcher(line);
    String where = notebook.describeCell(cell) + " (tagged parameters), line " + (lineIndex + 1);
    if (!m.matches()) {
      throw new ConversionException(
          where
              + ": \""
              + line
              + "\" is not a simple parameter assignment; write one per line, like"
              + " `int epochs = 3;`, `double lr = 0.01;` or `String name = \"x\";`");
    }
    String declared = m.group(1);
    String name = m.group(2);
    String literal = m.group(3);
    JavaNumberLiteral number = null;
    ParameterType literalType;
    Object value;
    try {
      if (literal.startsWith("\"")) {
        literalType = ParameterType.STRING;
        value = JavaStringLiteral.unquote(literal);
      } else if (literal.equals("true") || literal.equals("false")) {
        literalType = ParameterType.BOOLEAN;
        value = Boolean.parseBoolean(literal);
      } else {
        number = JavaNumberLiteral.parse(literal);
        literalType = number.type();
        value = number.value();
      }
    } catch (IllegalArgumentException e) {
      throw new ConversionException(where + ": " + name + ": " + e.getMessage());
    }
    ParameterType type =
        declared.equals("var") ? literalType : ParameterType.fromJavaName(declared);
    if (!compatible(type, literalType)) {
      throw new ConversionException(
          where + ": " + name + " is declared " + declared + " but its value is " + literal);
    }
    return new Parameter(name, type, declared, number == null ? value : number.widenTo(type));
  }

  // Java's widening: an int literal may initialise a long or a double, a long literal a double.
  private static boolean compatible(ParameterType declared, ParameterType literal) {
    if (declared == literal) {
      return true;
    }
    return switch (declared) {
      case LONG -> literal == ParameterType.INT;
      case DOUBLE ->
          literal == ParameterType.INT
              || literal == ParameterType.LONG
              || literal == ParameterType.FLOAT;
      case FLOAT -> literal == ParameterType.INT || literal == ParameterType.LONG;
      default -> false;
    };
  }
}
