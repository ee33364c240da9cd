package dev.trackbook.server.search;

import java.util.List;

/**
 * The syntax tree of a search filter: MLflow's comparisons joined by AND and OR, with parentheses
 * already resolved into the tree. Positions are 0-based character offsets into the filter text so
 * errors can point at the offending token.
 */
public sealed interface FilterExpr {

  /** All terms must hold. */
  record And(List<FilterExpr> terms) implements FilterExpr {}

  /** At least one term must hold. */
  record Or(List<FilterExpr> terms) implements FilterExpr {}

  /** {@code identifier op value} or {@code identifier [NOT] IN (v, ...)}. */
  record Comparison(Identifier identifier, Operator operator, List<Literal> values, int position)
      implements FilterExpr {}

  /** What a comparison or order term refers to, e.g. {@code metrics.acc} or {@code run_name}. */
  record Identifier(EntityType type, String key, int position) {
    @Override
    public String toString() {
      return type == EntityType.ATTRIBUTE ? key : type.name().toLowerCase() + "." + key;
    }
  }

  /** The entity families of MLflow's search grammar. */
  enum EntityType {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE,
    DATASET
  }

  /** A comparison operator as written in the filter. */
  enum Operator {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    LIKE("LIKE"),
    ILIKE("ILIKE"),
    IN("IN"),
    NOT_IN("NOT IN");

    private final String text;

    Operator(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** A literal value: a quoted string or a number (kept as written for exact comparisons). */
  sealed interface Literal {
    int position();
  }

  /** A single- or double-quoted string. */
  record StringLiteral(String value, int position) implements Literal {}

  /** An unquoted number. */
  record NumberLiteral(double value, String text, int position) implements Literal {}
}
