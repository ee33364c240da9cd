package dev.trackbook.server.search;

/** The SQL differences between the two backends that the search compiler needs to know about. */
public enum SqlDialect {
  SQLITE,
  POSTGRESQL;

  /**
   * A case-sensitive LIKE. MLflow's LIKE is case-sensitive, but SQLite's LIKE ignores ASCII case,
   * so on SQLite the pattern is translated to GLOB (see {@link #likePattern}).
   */
  String like(String column) {
    return this == SQLITE ? column + " GLOB ?" : column + " LIKE ?";
  }

  /** A case-insensitive LIKE. */
  String ilike(String column) {
    return this == SQLITE ? "LOWER(" + column + ") LIKE LOWER(?)" : column + " ILIKE ?";
  }

  /**
   * The bind value for {@link #like}: unchanged on PostgreSQL; on SQLite the LIKE wildcards become
   * GLOB wildcards and GLOB's own special characters are bracketed so they match literally. A
   * backslash escapes the next character, as in PostgreSQL's LIKE.
   */
  String likePattern(String pattern) {
    if (this != SQLITE) {
      return pattern;
    }
    StringBuilder glob = new StringBuilder(pattern.length() + 8);
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        globLiteral(glob, pattern.charAt(++i));
      } else if (c == '%') {
        glob.append('*');
      } else if (c == '_') {
        glob.append('?');
      } else {
        globLiteral(glob, c);
      }
    }
    return glob.toString();
  }

  private static void globLiteral(StringBuilder glob, char c) {
    if (c == '*' || c == '?' || c == '[') {
      glob.append('[').append(c).append(']');
    } else {
      glob.append(c);
    }
  }
}
