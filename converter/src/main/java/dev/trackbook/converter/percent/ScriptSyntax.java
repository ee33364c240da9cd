package dev.trackbook.converter.percent;

import java.util.regex.Pattern;

/** The line-level conventions of a pipeline script, shared by the writer and the reader. */
final class ScriptSyntax {

  /**
   * Opens a magic block; one such line per original magic line, followed by the generated Java.
   * jupytext sees these as plain comments (they do not match its magic pattern below).
   */
  static final String MAGIC = "// trackbook:magic ";

  /** Closes a magic block. */
  static final String END_MAGIC = "// trackbook:end-magic";

  /** Lines starting so are ours; a notebook that contains one cannot be converted losslessly. */
  static final String RESERVED = "// trackbook:";

  /**
   * jupytext's {@code _MAGIC_RE} for {@code //} languages ({@code magics.py}): a magic, possibly
   * commented. jupytext comments such lines once more when it writes a code cell and uncomments
   * them once when it reads, so a comment like {@code // %foo} is stored as {@code // // %foo}.
   */
  static final Pattern JUPYTEXT_MAGIC = Pattern.compile("^\\s*(// |//)*(%|%%|%%%)[a-zA-Z].*");

  /** jupytext's encoding line, first in a script whose cells are not all ASCII. */
  static final String CODING = "// -*- coding: utf-8 -*-";

  private ScriptSyntax() {}

  /** jupytext's {@code comment_lines}: {@code // line}, or {@code //} for an empty line. */
  static String comment(String line) {
    return line.isEmpty() ? "//" : "// " + line;
  }

  /** jupytext's {@code uncomment}: drop {@code // } or {@code //} when the line starts with it. */
  static String uncomment(String line) {
    if (line.startsWith("// ")) {
      return line.substring(3);
    }
    return line.startsWith("//") ? line.substring(2) : line;
  }

  /** jupytext's {@code unesc}: uncomment once after the indentation. */
  static String unescape(String line) {
    String unindented = line.stripLeading();
    String indent = line.substring(0, line.length() - unindented.length());
    return indent + uncomment(unindented);
  }

  /** jupytext's {@code comment_magic} for one line: comment once after the indentation. */
  static String escape(String line) {
    String unindented = line.stripLeading();
    String indent = line.substring(0, line.length() - unindented.length());
    return indent + "// " + unindented;
  }
}
