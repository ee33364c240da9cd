package dev.trackbook.converter.percent;

import java.util.List;

/**
 * Writes the JSON values that go into cell markers exactly as Python's {@code json.dumps} does
 * (separator {@code ", "}, non-ASCII escaped as {@code \\uXXXX}): jupytext writes markers with
 * {@code json.dumps}, so a script jupytext saves back keeps byte-identical markers.
 */
final class PythonJson {

  private PythonJson() {}

  static String string(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  static String stringList(List<String> values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(string(values.get(i)));
    }
    return out.append(']').toString();
  }
}
