package dev.trackbook.server.search;

import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.FilterExpr.Comparison;
import dev.trackbook.server.search.FilterExpr.Identifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles model registry filters and {@code order_by} to parameterized SQL, after MLflow's {@code
 * SearchModelUtils} and {@code SearchModelVersionUtils} (mlflow/utils/search_utils.py): registered
 * models over {@code registered_models m}, versions over {@code model_versions mv}. MLflow allows
 * only AND between comparisons here; so do we.
 */
public final class RegistrySearchSql {

  /** What is searched: models or versions, each with its table alias and columns. */
  public enum Target {
    MODELS(
        "m",
        "registered_model_tags",
        "t.name = m.name",
        Map.of("name", "m.name"),
        Map.of(),
        Map.of(
            "name", "m.name",
            "creation_timestamp", "m.creation_time",
            "last_updated_timestamp", "m.last_updated_time",
            "timestamp", "m.last_updated_time"),
        List.of("m.name ASC"),
        "m.name ASC"),
    VERSIONS(
        "mv",
        "model_version_tags",
        "t.name = mv.name AND t.version = mv.version",
        Map.of("name", "mv.name", "run_id", "mv.run_id", "source_path", "mv.source"),
        Map.of("version_number", "mv.version"),
        Map.of(
            "name", "mv.name",
            "version_number", "mv.version",
            "creation_timestamp", "mv.creation_time",
            "last_updated_timestamp", "mv.last_updated_time",
            "timestamp", "mv.last_updated_time"),
        // MLflow's: most recently updated first; name, then newest version, break ties
        List.of("mv.last_updated_time DESC", "mv.name ASC", "mv.version DESC"),
        "mv.name ASC, mv.version DESC");

    private final String alias;
    private final String tagTable;
    private final String tagJoin;
    private final Map<String, String> stringAttributes;
    private final Map<String, String> numberAttributes;
    private final Map<String, String> orderColumns;
    private final List<String> defaultOrder;
    private final String tieBreak;

    Target(
        String alias,
        String tagTable,
        String tagJoin,
        Map<String, String> stringAttributes,
        Map<String, String> numberAttributes,
        Map<String, String> orderColumns,
        List<String> defaultOrder,
        String tieBreak) {
      this.alias = alias;
      this.tagTable = tagTable;
      this.tagJoin = tagJoin;
      this.stringAttributes = stringAttributes;
      this.numberAttributes = numberAttributes;
      this.orderColumns = orderColumns;
      this.defaultOrder = defaultOrder;
      this.tieBreak = tieBreak;
    }

    private String what() {
      return this == MODELS ? "registered models" : "model versions";
    }
  }

  private final SqlDialect dialect;
  private final Target target;

  public RegistrySearchSql(SqlDialect dialect, Target target) {
    this.dialect = dialect;
    this.target = target;
  }

  /** A boolean condition over the target's alias; {@code 1 = 1} for a null or blank filter. */
  public SqlFragment where(String filter) {
    FilterExpr expr = FilterParser.parseFilter(filter);
    SqlBuilder b = new SqlBuilder(dialect);
    if (expr == null) {
      b.append("1 = 1");
      return b.build();
    }
    List<FilterExpr> terms = expr instanceof FilterExpr.And and ? and.terms() : List.of(expr);
    for (int i = 0; i < terms.size(); i++) {
      if (!(terms.get(i) instanceof Comparison c)) {
        throw TrackingException.invalid(
            "Invalid filter '"
                + filter
                + "': searching "
                + target.what()
                + " supports only comparisons joined by AND (no OR or parentheses)");
      }
      b.append(i == 0 ? "" : " AND ");
      comparison(c, b, filter);
    }
    return b.build();
  }

  private void comparison(Comparison c, SqlBuilder b, String filter) {
    Identifier id = c.identifier();
    if (id.type() == FilterExpr.EntityType.TAG) {
      b.append("EXISTS (SELECT 1 FROM " + target.tagTable + " t WHERE " + target.tagJoin)
          .append(" AND t.tag_key = ")
          .bind(id.key())
          .append(" AND ");
      b.stringComparison("t.value", c, filter);
      b.append(")");
      return;
    }
    String key = id.key().toLowerCase(Locale.ROOT);
    String column;
    if (id.type() == FilterExpr.EntityType.ATTRIBUTE
        && (column = target.stringAttributes.get(key)) != null) {
      b.stringComparison(column, c, filter);
    } else if (id.type() == FilterExpr.EntityType.ATTRIBUTE
        && (column = target.numberAttributes.get(key)) != null) {
      b.numberComparison(column, unquoteInteger(c), true, filter);
    } else {
      List<String> names = new ArrayList<>(target.stringAttributes.keySet());
      names.addAll(target.numberAttributes.keySet());
      names.sort(null);
      throw SqlBuilder.invalid(
          c,
          target.what()
              + " can be filtered by "
              + String.join(", ", names)
              + " and tags.<key>, not by '"
              + id
              + "'",
          filter);
    }
  }

  /**
   * {@code c} with a quoted integer ({@code version_number = '3'}) read as the number: MLflow
   * passes the quoted value to SQL, which compares it with the integer column as a number, and
   * clients write the version as the string the API hands them.
   */
  private static Comparison unquoteInteger(Comparison c) {
    if (c.values().size() == 1
        && c.values().get(0) instanceof FilterExpr.StringLiteral s
        && s.value().trim().matches("[+-]?\\d{1,18}")) {
      String text = s.value().trim();
      return new Comparison(
          c.identifier(),
          c.operator(),
          List.of(new FilterExpr.NumberLiteral(Long.parseLong(text), text, s.position())),
          c.position());
    }
    return c;
  }

  /** The ORDER BY list; a unique tie-break always ends it so paging is stable. */
  public String orderBy(List<String> orderBy) {
    List<String> keys = new ArrayList<>();
    for (String entry : orderBy == null ? List.<String>of() : orderBy) {
      OrderTerm term = FilterParser.parseOrderBy(entry);
      Identifier id = term.identifier();
      String column = target.orderColumns.get(id.key().toLowerCase(Locale.ROOT));
      if (id.type() != FilterExpr.EntityType.ATTRIBUTE || column == null) {
        List<String> names = new ArrayList<>(target.orderColumns.keySet());
        names.sort(null);
        throw TrackingException.invalid(
            "Invalid order_by clause '"
                + entry
                + "': "
                + target.what()
                + " can be ordered by "
                + String.join(", ", names));
      }
      keys.add(column + (term.ascending() ? " ASC" : " DESC"));
    }
    if (keys.isEmpty()) {
      keys.addAll(target.defaultOrder);
    }
    keys.add(target.tieBreak);
    return String.join(", ", keys);
  }
}
