package dev.trackbook.server.search;

import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.FilterExpr.Comparison;
import dev.trackbook.server.search.FilterExpr.EntityType;
import dev.trackbook.server.search.FilterExpr.Identifier;
import dev.trackbook.server.search.FilterExpr.Literal;
import dev.trackbook.server.search.FilterExpr.NumberLiteral;
import dev.trackbook.server.search.FilterExpr.Operator;
import dev.trackbook.server.search.FilterExpr.StringLiteral;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses MLflow's search filter syntax into a {@link FilterExpr}, plus {@code OR} and parentheses
 * (AND binds tighter than OR). The grammar follows MLflow's {@code search_utils.py}:
 *
 * <pre>
 * filter     := or
 * or         := and ("OR" and)*
 * and        := primary ("AND" primary)*
 * primary    := "(" or ")" | comparison
 * comparison := identifier op literal
 *             | identifier ["NOT"] "IN" "(" literal ("," literal)* ")"
 * identifier := entity "." key | attribute      entity: metrics params tags attributes datasets
 * key        := word | `back quoted` | "double quoted"
 * op         := = | != | &lt; | &lt;= | &gt; | &gt;= | LIKE | ILIKE
 * literal    := 'single quoted' | "double quoted" | number
 * </pre>
 *
 * Keywords are case-insensitive. Errors are INVALID_PARAMETER_VALUE naming the token and its
 * 0-based position. The parser only builds the tree; which operators suit which identifiers is
 * checked by the SQL compilers.
 */
public final class FilterParser {

  private static final Map<String, EntityType> ENTITY_PREFIXES =
      Map.ofEntries(
          Map.entry("metric", EntityType.METRIC),
          Map.entry("metrics", EntityType.METRIC),
          Map.entry("param", EntityType.PARAM),
          Map.entry("params", EntityType.PARAM),
          Map.entry("parameter", EntityType.PARAM),
          Map.entry("parameters", EntityType.PARAM),
          Map.entry("tag", EntityType.TAG),
          Map.entry("tags", EntityType.TAG),
          Map.entry("attribute", EntityType.ATTRIBUTE),
          Map.entry("attributes", EntityType.ATTRIBUTE),
          Map.entry("attr", EntityType.ATTRIBUTE),
          Map.entry("run", EntityType.ATTRIBUTE),
          Map.entry("dataset", EntityType.DATASET),
          Map.entry("datasets", EntityType.DATASET));

  private enum Kind {
    WORD,
    QUOTED_KEY, // `back quoted`
    STRING_SINGLE,
    STRING_DOUBLE,
    NUMBER,
    OP,
    LPAREN,
    RPAREN,
    COMMA,
    END
  }

  private record Token(Kind kind, String text, int position) {
    boolean isKeyword(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    String describe() {
      return kind == Kind.END ? "end of input" : "'" + text + "'";
    }
  }

  private final String source;
  private final String what;
  private final List<Token> tokens;
  private int next;

  private FilterParser(String source, String what) {
    this.source = source;
    this.what = what;
    this.tokens = tokenize(source, what);
  }

  /**
   * Parses a filter; returns null for a null or blank filter (no restriction).
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE naming the offending token and position
   */
  /**
   * Bounds that keep one request's filter from taking the server down: deeper nesting overflowed
   * the parser's stack, and every comparison is a subquery, which past a few dozen makes SQLite
   * refuse the statement and PostgreSQL plan for minutes. A person's filter stays far below.
   */
  static final int MAX_DEPTH = 32;

  static final int MAX_COMPARISONS = 50;

  private int depth;
  private int comparisons;

  public static FilterExpr parseFilter(String filter) {
    if (filter == null || filter.isBlank()) {
      return null;
    }
    FilterParser parser = new FilterParser(filter, "filter");
    FilterExpr expr = parser.parseOr();
    parser.expectEnd();
    return expr;
  }

  /**
   * Parses one {@code order_by} entry: an identifier and an optional {@code ASC}/{@code DESC}.
   *
   * @throws TrackingException INVALID_PARAMETER_VALUE if it does not parse
   */
  public static OrderTerm parseOrderBy(String orderBy) {
    if (orderBy == null || orderBy.isBlank()) {
      throw TrackingException.invalid("Invalid order_by clause: it must not be empty");
    }
    FilterParser parser = new FilterParser(orderBy, "order_by clause");
    Identifier id = parser.parseIdentifier();
    boolean ascending = true;
    Token t = parser.peek();
    if (t.isKeyword("ASC")) {
      parser.next++;
    } else if (t.isKeyword("DESC")) {
      ascending = false;
      parser.next++;
    }
    parser.expectEnd();
    return new OrderTerm(id, ascending);
  }

  // ---- grammar ----

  private FilterExpr parseOr() {
    List<FilterExpr> terms = new ArrayList<>();
    terms.add(parseAnd());
    while (peek().isKeyword("OR")) {
      next++;
      terms.add(parseAnd());
    }
    return terms.size() == 1 ? terms.get(0) : new FilterExpr.Or(terms);
  }

  private FilterExpr parseAnd() {
    List<FilterExpr> terms = new ArrayList<>();
    terms.add(parsePrimary());
    while (peek().isKeyword("AND")) {
      next++;
      terms.add(parsePrimary());
    }
    return terms.size() == 1 ? terms.get(0) : new FilterExpr.And(terms);
  }

  private FilterExpr parsePrimary() {
    Token t = peek();
    if (t.kind == Kind.LPAREN) {
      if (++depth > MAX_DEPTH) {
        throw error(t, "parentheses nest deeper than " + MAX_DEPTH + " levels");
      }
      next++;
      FilterExpr inner = parseOr();
      depth--;
      Token close = peek();
      if (close.kind != Kind.RPAREN) {
        throw error(close, "expected ')' to close the '(' at position " + t.position);
      }
      next++;
      return inner;
    }
    return parseComparison();
  }

  private Comparison parseComparison() {
    if (++comparisons > MAX_COMPARISONS) {
      throw error(peek(), "more than " + MAX_COMPARISONS + " comparisons");
    }
    Identifier id = parseIdentifier();
    Token t = peek();
    Operator op;
    if (t.kind == Kind.OP) {
      op =
          switch (t.text) {
            case "=" -> Operator.EQ;
            case "!=" -> Operator.NE;
            case "<" -> Operator.LT;
            case "<=" -> Operator.LE;
            case ">" -> Operator.GT;
            case ">=" -> Operator.GE;
            default -> throw error(t, "unknown comparison operator");
          };
      next++;
    } else if (t.isKeyword("LIKE")) {
      op = Operator.LIKE;
      next++;
    } else if (t.isKeyword("ILIKE")) {
      op = Operator.ILIKE;
      next++;
    } else if (t.isKeyword("IN")) {
      op = Operator.IN;
      next++;
    } else if (t.isKeyword("NOT") && tokens.get(next + 1).isKeyword("IN")) {
      op = Operator.NOT_IN;
      next += 2;
    } else {
      throw error(
          t,
          "expected a comparison operator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after '"
              + id
              + "'");
    }
    List<Literal> values = new ArrayList<>();
    if (op == Operator.IN || op == Operator.NOT_IN) {
      Token open = peek();
      if (open.kind != Kind.LPAREN) {
        throw error(open, "expected '(' starting the value list of " + op.text());
      }
      next++;
      values.add(parseLiteral());
      while (peek().kind == Kind.COMMA) {
        next++;
        values.add(parseLiteral());
      }
      Token close = peek();
      if (close.kind != Kind.RPAREN) {
        throw error(close, "expected ',' or ')' in the value list of " + op.text());
      }
      next++;
    } else {
      values.add(parseLiteral());
    }
    return new Comparison(id, op, values, id.position());
  }

  private Literal parseLiteral() {
    Token t = peek();
    switch (t.kind) {
      case STRING_SINGLE, STRING_DOUBLE -> {
        next++;
        return new StringLiteral(t.text, t.position);
      }
      case NUMBER -> {
        next++;
        try {
          return new NumberLiteral(Double.parseDouble(t.text), t.text, t.position);
        } catch (NumberFormatException e) {
          throw error(t, "not a number");
        }
      }
      default -> throw error(t, "expected a quoted string or a number");
    }
  }

  private Identifier parseIdentifier() {
    Token t = peek();
    if (t.kind != Kind.WORD || isReserved(t.text)) {
      throw error(
          t,
          "expected an identifier such as metrics.<key>, params.<key>, tags.<key> or an attribute");
    }
    next++;
    String word = t.text;
    int dot = word.indexOf('.');
    if (dot < 0) {
      return new Identifier(EntityType.ATTRIBUTE, word, t.position);
    }
    String prefix = word.substring(0, dot);
    EntityType type = ENTITY_PREFIXES.get(prefix.toLowerCase(Locale.ROOT));
    if (type == null) {
      throw error(
          t,
          "unknown entity type '"
              + prefix
              + "'; use metrics., params., tags., attributes. or datasets.");
    }
    String key = word.substring(dot + 1);
    if (key.isEmpty()) {
      // metrics."my key" or tags.`my key`: the key is the next, quoted token.
      Token quoted = peek();
      if (quoted.kind != Kind.QUOTED_KEY && quoted.kind != Kind.STRING_DOUBLE) {
        throw error(quoted, "expected a key after '" + word + "'");
      }
      next++;
      key = quoted.text;
      if (key.isEmpty()) {
        throw error(quoted, "the key must not be empty");
      }
    }
    return new Identifier(type, key, t.position);
  }

  private void expectEnd() {
    Token t = peek();
    if (t.kind != Kind.END) {
      String hint =
          t.kind == Kind.WORD ? "expected AND, OR or the end of the " + what : "unexpected token";
      throw error(t, hint);
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private static boolean isReserved(String word) {
    for (String k : new String[] {"AND", "OR", "NOT", "IN", "LIKE", "ILIKE"}) {
      if (k.equalsIgnoreCase(word)) {
        return true;
      }
    }
    return false;
  }

  private TrackingException error(Token t, String message) {
    return error(source, what, t.position, t.describe(), message);
  }

  private static TrackingException error(
      String source, String what, int position, String found, String message) {
    return TrackingException.invalid(
        "Invalid "
            + what
            + " at position "
            + position
            + " ("
            + found
            + "): "
            + message
            + ". The "
            + what
            + " was: "
            + abbreviate(source));
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  // ---- lexer ----

  private static List<Token> tokenize(String s, String what) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      switch (c) {
        case '(' -> {
          out.add(new Token(Kind.LPAREN, "(", i++));
          continue;
        }
        case ')' -> {
          out.add(new Token(Kind.RPAREN, ")", i++));
          continue;
        }
        case ',' -> {
          out.add(new Token(Kind.COMMA, ",", i++));
          continue;
        }
        case '\'', '"', '`' -> {
          StringBuilder text = new StringBuilder();
          i++;
          boolean closed = false;
          while (i < n) {
            char d = s.charAt(i);
            if (d == c) {
              // SQL style: a doubled quote inside a quoted string is one quote character.
              if (i + 1 < n && s.charAt(i + 1) == c) {
                text.append(c);
                i += 2;
                continue;
              }
              i++;
              closed = true;
              break;
            }
            text.append(d);
            i++;
          }
          if (!closed) {
            throw error(s, what, start, "'" + c + "'", "unterminated quoted text");
          }
          Kind kind =
              c == '\'' ? Kind.STRING_SINGLE : c == '"' ? Kind.STRING_DOUBLE : Kind.QUOTED_KEY;
          out.add(new Token(kind, text.toString(), start));
          continue;
        }
        case '=', '<', '>', '!' -> {
          String op;
          if (i + 1 < n && s.charAt(i + 1) == '=') {
            op = s.substring(i, i + 2);
          } else if (c == '!') {
            throw error(s, what, i, "'!'", "'!' must be followed by '='");
          } else {
            op = String.valueOf(c);
          }
          out.add(new Token(Kind.OP, op, i));
          i += op.length();
          continue;
        }
        default -> {}
      }
      if (Character.isDigit(c)
          || ((c == '-' || c == '+' || c == '.')
              && i + 1 < n
              && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
        i++;
        while (i < n && isNumberChar(s, i)) {
          i++;
        }
        out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        while (i < n && isWordChar(s.charAt(i))) {
          // A dot directly before a quote ends the word: metrics."my key".
          i++;
          if (s.charAt(i - 1) == '.'
              && i < n
              && (s.charAt(i) == '"' || s.charAt(i) == '`' || s.charAt(i) == '\'')) {
            break;
          }
        }
        out.add(new Token(Kind.WORD, s.substring(start, i), start));
        continue;
      }
      throw error(s, what, i, "'" + c + "'", "unexpected character");
    }
    out.add(new Token(Kind.END, "", n));
    return out;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':';
  }

  private static boolean isNumberChar(String s, int i) {
    char c = s.charAt(i);
    if (Character.isDigit(c) || c == '.' || c == 'e' || c == 'E') {
      return true;
    }
    // a sign only directly after an exponent marker
    return (c == '-' || c == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E');
  }
}
