package dev.trackbook.server.search;

import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.FilterExpr.Comparison;
import dev.trackbook.server.search.FilterExpr.Literal;
import dev.trackbook.server.search.FilterExpr.NumberLiteral;
import dev.trackbook.server.search.FilterExpr.Operator;
import dev.trackbook.server.search.FilterExpr.StringLiteral;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Accumulates SQL text and bind values for the search compilers. Column names passed in always come
 * from the compilers' own tables, never from the filter; every user value becomes a {@code ?}.
 */
final class SqlBuilder {
  static final Set<Operator> STRING_OPS =
      EnumSet.of(
          Operator.EQ, Operator.NE, Operator.LIKE, Operator.ILIKE, Operator.IN, Operator.NOT_IN);
  static final Set<Operator> NUMBER_OPS =
      EnumSet.of(Operator.EQ, Operator.NE, Operator.LT, Operator.LE, Operator.GT, Operator.GE);

  private final StringBuilder sql = new StringBuilder();
  private final List<Object> params = new ArrayList<>();
  private final SqlDialect dialect;

  SqlBuilder(SqlDialect dialect) {
    this.dialect = dialect;
  }

  SqlBuilder append(String text) {
    sql.append(text);
    return this;
  }

  SqlBuilder bind(Object value) {
    sql.append('?');
    params.add(value);
    return this;
  }

  SqlBuilder fragment(SqlFragment f) {
    sql.append(f.sql());
    params.addAll(f.params());
    return this;
  }

  SqlFragment build() {
    return new SqlFragment(sql.toString(), params);
  }

  /** {@code column op value} for a string-valued identifier. */
  void stringComparison(String column, Comparison c, String filterText) {
    checkOperator(c, STRING_OPS, "string", filterText);
    switch (c.operator()) {
      case EQ, NE -> {
        sql.append(column).append(c.operator() == Operator.EQ ? " = " : " <> ");
        bind(stringValue(c, c.values().get(0), filterText));
      }
      case LIKE -> {
        sql.append(dialect.like(column));
        params.add(dialect.likePattern(stringValue(c, c.values().get(0), filterText)));
      }
      case ILIKE -> {
        sql.append(dialect.ilike(column));
        params.add(dialect.ilikePattern(stringValue(c, c.values().get(0), filterText)));
      }
      case IN, NOT_IN -> {
        sql.append(column).append(c.operator() == Operator.IN ? " IN (" : " NOT IN (");
        for (int i = 0; i < c.values().size(); i++) {
          sql.append(i == 0 ? "" : ", ");
          bind(stringValue(c, c.values().get(i), filterText));
        }
        sql.append(')');
      }
      default -> throw new IllegalStateException(c.operator().name());
    }
  }

  /** {@code column op number}; {@code integral} columns (times) take a long. */
  void numberComparison(String column, Comparison c, boolean integral, String filterText) {
    checkOperator(c, NUMBER_OPS, "numeric", filterText);
    Literal v = c.values().get(0);
    if (!(v instanceof NumberLiteral n)) {
      throw invalid(
          c,
          "'" + c.identifier() + "' is numeric and must be compared with a number, not a string",
          filterText);
    }
    String op =
        switch (c.operator()) {
          case EQ -> " = ";
          case NE -> " <> ";
          case LT -> " < ";
          case LE -> " <= ";
          case GT -> " > ";
          case GE -> " >= ";
          default -> throw new IllegalStateException(c.operator().name());
        };
    sql.append(column).append(op);
    if (integral) {
      if (n.value() != Math.rint(n.value()) || Double.isInfinite(n.value())) {
        throw invalid(c, "'" + c.identifier() + "' takes an integer (milliseconds)", filterText);
      }
      bind((long) n.value());
    } else {
      bind(n.value());
    }
  }

  private static String stringValue(Comparison c, Literal v, String filterText) {
    if (v instanceof StringLiteral s) {
      return s.value();
    }
    throw invalid(
        c,
        "'"
            + c.identifier()
            + "' is a string and must be compared with a quoted value, e.g. '"
            + ((NumberLiteral) v).text()
            + "' in quotes",
        filterText);
  }

  static void checkOperator(Comparison c, Set<Operator> allowed, String kind, String filterText) {
    if (!allowed.contains(c.operator())) {
      List<String> names = new ArrayList<>();
      allowed.forEach(o -> names.add(o.text()));
      throw invalid(
          c,
          "operator "
              + c.operator().text()
              + " is not supported for "
              + kind
              + " '"
              + c.identifier()
              + "'; use one of "
              + String.join(", ", names),
          filterText);
    }
  }

  static TrackingException invalid(Comparison c, String message, String filterText) {
    return invalidAt(c.position(), message, filterText);
  }

  static TrackingException invalidAt(int position, String message, String text) {
    String shown = text.length() <= 200 ? text : text.substring(0, 197) + "...";
    return TrackingException.invalid(
        "Invalid filter at position " + position + ": " + message + ". The filter was: " + shown);
  }
}
