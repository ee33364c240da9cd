package dev.trackbook.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.search.FilterExpr.And;
import dev.trackbook.server.search.FilterExpr.Comparison;
import dev.trackbook.server.search.FilterExpr.EntityType;
import dev.trackbook.server.search.FilterExpr.NumberLiteral;
import dev.trackbook.server.search.FilterExpr.Operator;
import dev.trackbook.server.search.FilterExpr.Or;
import dev.trackbook.server.search.FilterExpr.StringLiteral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTest {

  private static Comparison comparison(String filter) {
    return (Comparison) FilterParser.parseFilter(filter);
  }

  @Test
  void blankFiltersMeanNoRestriction() {
    assertThat(FilterParser.parseFilter(null)).isNull();
    assertThat(FilterParser.parseFilter("  ")).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "metrics.acc > 0.5          | METRIC    | acc    | GT",
        "metric.acc<=1              | METRIC    | acc    | LE",
        "params.lr = '0.01'         | PARAM     | lr     | EQ",
        "parameters.lr != '1'       | PARAM     | lr     | NE",
        "tags.\"my key\" LIKE 'a%'  | TAG       | my key | LIKE",
        "tags.`my key` ILIKE 'a%'   | TAG       | my key | ILIKE",
        "tag.a/b-c:d.e = 'x'        | TAG       | a/b-c:d.e | EQ",
        "attributes.status = 'X'    | ATTRIBUTE | status | EQ",
        "attr.start_time >= 5       | ATTRIBUTE | start_time | GE",
        "run_name = 'x'             | ATTRIBUTE | run_name | EQ",
        "run_id in ('a')            | ATTRIBUTE | run_id | IN",
        "run_id NOT IN ('a')        | ATTRIBUTE | run_id | NOT_IN",
        "dataset.name = 'iris'      | DATASET   | name   | EQ",
      })
  void parsesComparisons(String filter, EntityType type, String key, Operator op) {
    Comparison c = comparison(filter);
    assertThat(c.identifier().type()).isEqualTo(type);
    assertThat(c.identifier().key()).isEqualTo(key);
    assertThat(c.operator()).isEqualTo(op);
  }

  @Test
  void parsesLiterals() {
    assertThat(comparison("metrics.x > -1.5e-3").values())
        .singleElement()
        .isInstanceOfSatisfying(NumberLiteral.class, n -> assertThat(n.value()).isEqualTo(-1.5e-3));
    assertThat(comparison("params.p = 'it''s'").values())
        .containsExactly(new StringLiteral("it's", 11));
    assertThat(comparison("params.p = \"double\"").values())
        .containsExactly(new StringLiteral("double", 11));
    assertThat(comparison("run_id IN ('a', \"b\",'c')").values())
        .extracting(v -> ((StringLiteral) v).value())
        .containsExactly("a", "b", "c");
  }

  @Test
  void andBindsTighterThanOr() {
    FilterExpr e = FilterParser.parseFilter("a = '1' OR b = '2' AND c = '3' or d = '4'");
    assertThat(e).isInstanceOf(Or.class);
    Or or = (Or) e;
    assertThat(or.terms()).hasSize(3);
    assertThat(or.terms().get(1)).isInstanceOf(And.class);
    assertThat(((And) or.terms().get(1)).terms()).hasSize(2);
  }

  @Test
  void parenthesesOverridePrecedence() {
    FilterExpr e = FilterParser.parseFilter("(a = '1' OR b = '2') AND ((c = '3'))");
    assertThat(e).isInstanceOf(And.class);
    And and = (And) e;
    assertThat(and.terms().get(0)).isInstanceOf(Or.class);
    assertThat(and.terms().get(1)).isInstanceOf(Comparison.class);
  }

  @Test
  void orderByTakesAnIdentifierAndADirection() {
    assertThat(FilterParser.parseOrderBy("metrics.acc DESC"))
        .isEqualTo(new OrderTerm(new FilterExpr.Identifier(EntityType.METRIC, "acc", 0), false));
    assertThat(FilterParser.parseOrderBy("params.`a b`").ascending()).isTrue();
    assertThat(FilterParser.parseOrderBy("start_time asc").ascending()).isTrue();
    assertThatThrownBy(() -> FilterParser.parseOrderBy("metrics.acc DESC extra"))
        .hasMessageContaining("extra");
    assertThatThrownBy(() -> FilterParser.parseOrderBy("")).isInstanceOf(TrackingException.class);
  }

  @Test
  void sqlInjectionShapedFiltersDoNotParse() {
    assertThatThrownBy(() -> FilterParser.parseFilter("' OR 1=1 --"))
        .hasMessageContaining("position 0")
        .hasMessageContaining("unterminated");
    assertThatThrownBy(() -> FilterParser.parseFilter("\"; DROP TABLE runs"))
        .hasMessageContaining("position 0")
        .hasMessageContaining("unterminated");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "metrics.acc >                | position 13 | end of input",
        "metrics.acc ~ 1              | position 12 | '~'",
        "metrics.acc ! 1              | position 12 | '!'",
        "1=1                          | position 0  | '1'",
        "metrics.acc > 1 --           | position 16 | '-'",
        "foo.bar = 1                  | position 0  | foo",
        "(metrics.a > 1               | position 14 | ')'",
        "metrics.a > 1)               | position 13 | ')'",
        "metrics.a > 1 AND            | position 17 | end of input",
        "run_id IN 'a'                | position 10 | '('",
        "run_id IN ('a' 'b')          | position 15 | 'b'",
        "metrics. = 1                 | position 9  | '='",
        "AND = 1                      | position 0  | AND",
        "tags.x = 'a'; DROP TABLE t   | position 12 | ';'",
      })
  void errorsNameTokenAndPosition(String filter, String position, String token) {
    assertThatThrownBy(() -> FilterParser.parseFilter(filter))
        .isInstanceOfSatisfying(
            TrackingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining(position)
        .hasMessageContaining(token);
  }
}
