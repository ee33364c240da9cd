package dev.trackbook.nbtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Sanitizers for {@code check-output} cells from outside Java code, each a regex and the literal
 * text that replaces its matches: a notebook's metadata {@code trackbook.sanitizers} (a list of
 * {@code {"regex": ..., "replace": ...}}), so the rules travel with the notebook, or a file in
 * nbval's {@code --sanitize-with} format:
 *
 * <pre>
 * [timestamps]
 * regex: \d{2}:\d{2}:\d{2}
 * replace: TIME
 * </pre>
 *
 * A mistake (an unreadable file, no regex, one that does not compile) is an {@link
 * IllegalArgumentException} naming where it is.
 */
public final class Sanitizers {
  private Sanitizers() {}

  /** The sanitizers in a notebook's metadata; none when it has none. */
  public static List<NotebookOptions.Sanitizer> fromMetadata(JsonNode notebookMetadata) {
    JsonNode list = notebookMetadata.path("trackbook").path("sanitizers");
    List<NotebookOptions.Sanitizer> out = new ArrayList<>();
    if (list.isMissingNode() || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException(
          "metadata trackbook.sanitizers: expected a list of {\"regex\", \"replace\"}");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode s = list.get(i);
      String where = "metadata trackbook.sanitizers[" + i + "]";
      if (!s.path("regex").isTextual()) {
        throw new IllegalArgumentException(where + ": no \"regex\"");
      }
      out.add(literal(where, s.path("regex").asText(), s.path("replace").asText("")));
    }
    return out;
  }

  /**
   * The sanitizers in an nbval-style file: one {@code [section]} each, with regex and replace. A
   * file that cannot be read is a mistake like the others ("cannot read FILE").
   */
  public static List<NotebookOptions.Sanitizer> fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + e.getMessage(), e);
    }
    List<NotebookOptions.Sanitizer> out = new ArrayList<>();
    String section = null;
    String regex = null;
    String replace = "";
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        if (section != null) {
          out.add(entry(file, section, regex, replace));
        }
        section = line.substring(1, line.length() - 1).strip();
        regex = null;
        replace = "";
        continue;
      }
      // configparser's rule: the key ends at the first ':' or '='.
      int colon = line.indexOf(':');
      int equals = line.indexOf('=');
      int at = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
      if (section == null || at <= 0) {
        throw new IllegalArgumentException(
            file + ": expected [section] then 'regex: ...' and 'replace: ...', got '" + line + "'");
      }
      String key = line.substring(0, at).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(at + 1).strip();
      switch (key) {
        case "regex" -> regex = value;
        case "replace" -> replace = value;
        default ->
            throw new IllegalArgumentException(
                file + ": [" + section + "]: unknown key '" + key + "' (regex, replace)");
      }
    }
    if (section != null) {
      out.add(entry(file, section, regex, replace));
    }
    return out;
  }

  private static NotebookOptions.Sanitizer entry(
      Path file, String section, String regex, String replace) {
    String where = file + ": [" + section + "]";
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException(where + ": no regex");
    }
    return literal(where, regex, replace);
  }

  private static NotebookOptions.Sanitizer literal(String where, String regex, String replace) {
    try {
      return new NotebookOptions.Sanitizer(
          Pattern.compile(regex), Matcher.quoteReplacement(replace));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          where + ": invalid regex '" + regex + "': " + e.getDescription());
    }
  }
}
