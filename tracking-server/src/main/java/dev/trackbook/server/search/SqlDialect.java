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

  /**
   * A case-insensitive LIKE whose pattern ({@link #ilikePattern}) escapes with a backslash on both
   * backends, as PostgreSQL's ILIKE and this server's LIKE do: SQLite's LIKE has no escape
   * character unless it is named, so {@code 'a\_b'} matched nothing there.
   */
  String ilike(String column) {
    return this == SQLITE ? "LOWER(" + column + ") LIKE LOWER(?) ESCAPE '\\'" : column + " ILIKE ?";
  }

  /** The bind value for {@link #ilike}: see {@link #withTrailingBackslashEscaped}. */
  String ilikePattern(String pattern) {
    return withTrailingBackslashEscaped(pattern);
  }

  /**
   * The bind value for {@link #like}: on PostgreSQL only a trailing lone backslash is escaped (see
   * below); on SQLite the LIKE wildcards become GLOB wildcards and GLOB's own special characters
   * are bracketed so they match literally. A backslash escapes the next character, as in
   * PostgreSQL's LIKE.
   */
  String likePattern(String pattern) {
    if (this != SQLITE) {
      return withTrailingBackslashEscaped(pattern);
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

  /**
   * A pattern that ends in a lone backslash (nothing left for it to escape) with that backslash
   * escaped, so it matches a literal backslash, as SQLite's GLOB translation above already did:
   * PostgreSQL fails the whole query ("LIKE pattern must not end with escape character", a 500) as
   * soon as a value reaches that point of the pattern.
   */
  static String withTrailingBackslashEscaped(String pattern) {
    int i = 0;
    while (i < pattern.length()) {
      if (pattern.charAt(i) == '\\' && i == pattern.length() - 1) {
        return pattern + '\\';
      }
      i += pattern.charAt(i) == '\\' ? 2 : 1;
    }
    return pattern;
  }

  private static void globLiteral(StringBuilder glob, char c) {
    if (c == '*' || c == '?' || c == '[') {
      glob.append('[').append(c).append(']');
    } else {
      glob.append(c);
    }
  }
}
