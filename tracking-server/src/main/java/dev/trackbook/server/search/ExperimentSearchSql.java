package dev.trackbook.server.search;

import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.FilterExpr.Comparison;
import dev.trackbook.server.search.FilterExpr.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles an experiment filter ({@code name}, {@code tags.<key>}, {@code creation_time}, {@code
 * last_update_time}; plus AND/OR and parentheses) and {@code order_by} to parameterized SQL over
 * the experiments table aliased {@code e}, following MLflow's {@code SearchExperimentsUtils}.
 */
public final class ExperimentSearchSql {

  private static final Map<String, String> STRING_ATTRIBUTES =
      Map.of("name", "e.name", "experiment_id", "CAST(e.experiment_id AS VARCHAR(32))");

  private static final Map<String, String> TIME_ATTRIBUTES =
      Map.of(
          "creation_time", "e.creation_time",
          "last_update_time", "e.last_update_time");

  private final SqlDialect dialect;

  public ExperimentSearchSql(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** A boolean condition over {@code e}; {@code 1 = 1} for a null or blank filter. */
  public SqlFragment where(String filter) {
    FilterExpr expr = FilterParser.parseFilter(filter);
    SqlBuilder b = new SqlBuilder(dialect);
    if (expr == null) {
      b.append("1 = 1");
    } else {
      compile(expr, b, filter);
    }
    return b.build();
  }

  private void compile(FilterExpr expr, SqlBuilder b, String filter) {
    if (expr instanceof FilterExpr.And and) {
      junction(and.terms(), " AND ", b, filter);
    } else if (expr instanceof FilterExpr.Or or) {
      junction(or.terms(), " OR ", b, filter);
    } else {
      comparison((Comparison) expr, b, filter);
    }
  }

  private void junction(List<FilterExpr> terms, String op, SqlBuilder b, String filter) {
    b.append("(");
    for (int i = 0; i < terms.size(); i++) {
      if (i > 0) {
        b.append(op);
      }
      compile(terms.get(i), b, filter);
    }
    b.append(")");
  }

  private void comparison(Comparison c, SqlBuilder b, String filter) {
    Identifier id = c.identifier();
    switch (id.type()) {
      case TAG -> {
        b.append(
                "EXISTS (SELECT 1 FROM experiment_tags ft WHERE ft.experiment_id = e.experiment_id")
            .append(" AND ft.tag_key = ")
            .bind(id.key())
            .append(" AND ");
        b.stringComparison("ft.value", c, filter);
        b.append(")");
      }
      case ATTRIBUTE -> {
        String key = id.key().toLowerCase(Locale.ROOT);
        String column = STRING_ATTRIBUTES.get(key);
        if (column != null) {
          b.stringComparison(column, c, filter);
        } else if ((column = TIME_ATTRIBUTES.get(key)) != null) {
          b.numberComparison(column, c, true, filter);
        } else {
          throw SqlBuilder.invalid(
              c,
              "unknown experiment attribute '"
                  + id.key()
                  + "'; use name, creation_time, last_update_time or tags.<key>",
              filter);
        }
      }
      default ->
          throw SqlBuilder.invalid(
              c,
              "experiments can be filtered by name, creation_time, last_update_time and"
                  + " tags.<key>, not by '"
                  + id
                  + "'",
              filter);
    }
  }

  /**
   * The ORDER BY list for experiments. MLflow's default is {@code creation_time DESC}; {@code
   * experiment_id ASC} always breaks ties so paging is stable.
   */
  public String orderBy(List<String> orderBy) {
    List<String> keys = new ArrayList<>();
    for (String entry : orderBy == null ? List.<String>of() : orderBy) {
      OrderTerm term = FilterParser.parseOrderBy(entry);
      Identifier id = term.identifier();
      String key = id.key().toLowerCase(Locale.ROOT);
      String column =
          switch (key) {
            case "name" -> "e.name";
            case "experiment_id" -> "e.experiment_id";
            case "creation_time" -> "e.creation_time";
            case "last_update_time" -> "e.last_update_time";
            default -> null;
          };
      if (id.type() != FilterExpr.EntityType.ATTRIBUTE || column == null) {
        throw TrackingException.invalid(
            "Invalid order_by clause '"
                + entry
                + "': experiments can be ordered by name, experiment_id, creation_time or"
                + " last_update_time");
      }
      keys.add(column + (term.ascending() ? " ASC" : " DESC"));
    }
    if (keys.isEmpty()) {
      keys.add("e.creation_time DESC");
    }
    keys.add("e.experiment_id ASC");
    return String.join(", ", keys);
  }
}
