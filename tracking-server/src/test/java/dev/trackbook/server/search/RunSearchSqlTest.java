package dev.trackbook.server.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.TrackingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSearchSqlTest {
  private final RunSearchSql sqlite = new RunSearchSql(SqlDialect.SQLITE);
  private final RunSearchSql postgres = new RunSearchSql(SqlDialect.POSTGRESQL);

  @Test
  void userTextOnlyEverTravelsAsBindParameters() {
    String hostile = "x' OR '1'='1'; DROP TABLE runs; --";
    String key = "k; DELETE FROM params";
    SqlFragment f =
        postgres.where(
            "tags.`"
                + key
                + "` = '"
                + hostile.replace("'", "''")
                + "' OR params.p LIKE '%"
                + "\"; DROP"
                + "%'");
    assertThat(f.sql()).doesNotContain("DROP", "DELETE", "1'='1");
    assertThat(f.params()).contains(key, hostile, "%\"; DROP%");
    assertThat(f.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(f.params().size());
  }

  @Test
  void orAndParenthesesBecomeNestedSqlGroups() {
    SqlFragment f = postgres.where("(metrics.a > 1 OR params.b = 'x') AND tags.c = 'y'");
    assertThat(f.sql()).startsWith("((EXISTS").contains(" OR ").contains(") AND EXISTS");
    assertThat(f.params()).containsExactly("a", 1.0, "b", "x", "c", "y");
  }

  @Test
  void likeIsCaseSensitiveOnBothBackends() {
    SqlFragment pg = postgres.where("params.p LIKE 'a%_\\%b*'");
    assertThat(pg.sql()).contains("fp.value LIKE ?");
    assertThat(pg.params()).containsExactly("p", "a%_\\%b*");
    SqlFragment lite = sqlite.where("params.p LIKE 'a%_\\%b*?[x'");
    assertThat(lite.sql()).contains("fp.value GLOB ?");
    assertThat(lite.params()).containsExactly("p", "a*?%b[*][?][[]x");
    assertThat(sqlite.where("params.p ILIKE 'A%'").sql()).contains("LOWER(fp.value) LIKE LOWER(?)");
    assertThat(postgres.where("params.p ILIKE 'A%'").sql()).contains("fp.value ILIKE ?");
  }

  @Test
  void timeAttributesTakeWholeNumbers() {
    assertThat(postgres.where("start_time >= 1700000000000").params())
        .containsExactly(1700000000000L);
    assertThatThrownBy(() -> postgres.where("start_time > 1.5")).hasMessageContaining("integer");
    assertThatThrownBy(() -> postgres.where("start_time > '5'")).hasMessageContaining("number");
    assertThatThrownBy(() -> postgres.where("metrics.m LIKE '5'"))
        .isInstanceOf(TrackingException.class)
        .hasMessageContaining("LIKE");
    assertThatThrownBy(() -> postgres.where("dataset.colour = 'x'")).hasMessageContaining("colour");
  }

  @Test
  void orderByJoinsSortValuesAndAlwaysEndsWithStableTieBreakers() {
    RunSearchSql.RunOrder order = postgres.orderBy(List.of("metrics.acc DESC", "params.lr"));
    assertThat(order.joins().sql())
        .contains("LEFT JOIN latest_metrics o0", "LEFT JOIN params o1")
        .doesNotContain("acc", "lr");
    assertThat(order.joins().params()).containsExactly("acc", "lr");
    assertThat(order.orderBy())
        .contains("o0.value DESC", "o1.value ASC")
        .endsWith("r.start_time DESC, r.run_uuid ASC");
    assertThat(postgres.orderBy(List.of("attributes.start_time ASC")).orderBy())
        .endsWith("r.start_time ASC, r.run_uuid ASC");
    assertThatThrownBy(() -> postgres.orderBy(List.of("dataset.name")))
        .isInstanceOf(TrackingException.class);
  }

  @Test
  void selectStartsFromTheMetricWhenItIsTheFirstOrderKey() {
    String active = "r.lifecycle_stage = 'active'";
    RunSearchSql.RunQuery required =
        postgres.select(
            List.of(1L, 2L),
            active,
            "metrics.acc > 0.5 AND params.lr = 'x'",
            List.of("metrics.acc DESC", "metrics.loss"));
    // the filter requires acc, so no run lacks it
    assertThat(required.rest()).isNull();
    SqlFragment driven = required.first();
    assertThat(driven.sql())
        .startsWith("SELECT r.run_uuid FROM latest_metrics o0 JOIN runs r")
        .contains(
            "LEFT JOIN latest_metrics o1",
            "o0.experiment_id IN (?, ?) AND o0.metric_key = ? AND o0.is_nan = FALSE",
            "(o0.value > ? AND EXISTS (SELECT 1 FROM params fp")
        .endsWith(
            "ORDER BY o0.value DESC, CASE WHEN o1.run_uuid IS NULL THEN 2 WHEN o1.is_nan THEN 1"
                + " ELSE 0 END ASC, o1.value ASC, r.start_time DESC, r.run_uuid ASC");
    // bind values in the order of their placeholders
    assertThat(driven.params()).containsExactly("loss", 1L, 2L, "acc", 0.5, "lr", "x");

    // runs lacking the metric (or with NaN) could match: they follow, from the general query
    for (String filter :
        new String[] {
          null, "metrics.loss > 1", "metrics.acc > 0.5 OR params.lr = 'x'", "params.acc = '1'"
        }) {
      RunSearchSql.RunQuery q = sqlite.select(List.of(1L), active, filter, List.of("metrics.acc"));
      assertThat(q.first().sql())
          .as(String.valueOf(filter))
          .startsWith("SELECT r.run_uuid FROM latest_metrics o0 JOIN runs r")
          .doesNotContain("CASE WHEN o0");
      assertThat(q.rest().sql())
          .as(String.valueOf(filter))
          .startsWith("SELECT r.run_uuid FROM runs r LEFT JOIN latest_metrics o0")
          .contains(
              "WHERE r.experiment_id IN (?) AND " + active,
              "AND (o0.run_uuid IS NULL OR o0.is_nan) AND (",
              "CASE WHEN o0.run_uuid IS NULL THEN 2");
      // every run in one query: first and rest together
      assertThat(q.all().sql())
          .startsWith("SELECT r.run_uuid FROM runs r LEFT JOIN latest_metrics o0")
          .doesNotContain("o0.run_uuid IS NULL OR o0.is_nan");
    }
    RunSearchSql.RunQuery byTime =
        sqlite.select(List.of(1L), active, "metrics.acc > 0.5", List.of("start_time"));
    assertThat(byTime.all().sql()).startsWith("SELECT r.run_uuid FROM runs r WHERE");
    assertThat(byTime.first()).isNull();
    assertThat(byTime.rest()).isNull();
    assertThatThrownBy(
            () ->
                sqlite.select(List.of(1L), active, "metrics.acc LIKE 'a'", List.of("metrics.acc")))
        .isInstanceOf(TrackingException.class);
  }

  @Test
  void groupQueriesTestTheParentWithTheSameConditionAndWalkDownThroughTheParentIndex() {
    String active = "r.lifecycle_stage = 'active'";
    RunSearchSql.GroupQuery q =
        postgres.groups(List.of(7L), active, "params.lr = 'x'", List.of("metrics.acc"), 25, 50);
    // a run is top-level unless its parent, another run, matches the same experiments and filter
    assertThat(q.roots().sql())
        .contains(
            "AND NOT EXISTS (SELECT 1 FROM tags pt WHERE pt.run_uuid = r.run_uuid"
                + " AND pt.tag_key = 'mlflow.parentRunId' AND pt.value <> r.run_uuid"
                + " AND EXISTS (SELECT 1 FROM runs r WHERE r.run_uuid = pt.value"
                + " AND r.experiment_id IN (?) AND "
                + active
                + " AND (EXISTS (SELECT 1 FROM params")
        .endsWith("r.run_uuid ASC LIMIT ? OFFSET ?");
    // one more top-level run than the page: whether another page follows
    assertThat(q.roots().params()).containsExactly("acc", 7L, "lr", "x", 7L, "lr", "x", 26, 50L);
    // the key is a literal, which is what lets the planners use the partial index of migration V9,
    // and the walk starts from the group (SQLite keeps a CROSS JOIN's order)
    // The walk starts from the roots query's answer (without the run that only says another page
    // follows), so the top-level search runs once per page.
    List<String> answered = new java.util.ArrayList<>();
    for (int i = 0; i < 26; i++) {
      answered.add("run" + i);
    }
    SqlFragment members = q.members(answered);
    assertThat(members.sql())
        .startsWith(
            "WITH RECURSIVE grp(run_uuid) AS (SELECT r.run_uuid FROM runs r"
                + " WHERE r.run_uuid IN (?, ?")
        .doesNotContain("LIMIT")
        .contains(
            "?) UNION SELECT pt.run_uuid FROM grp CROSS JOIN tags pt"
                + " CROSS JOIN runs r WHERE pt.value = grp.run_uuid"
                + " AND pt.tag_key = 'mlflow.parentRunId' AND r.run_uuid = pt.run_uuid")
        .endsWith(
            "WHERE r.run_uuid IN (SELECT run_uuid FROM grp) ORDER BY "
                + postgres.orderBy(List.of("metrics.acc")).orderBy());
    for (SqlFragment f : List.of(q.roots(), members)) {
      assertThat(f.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(f.params().size());
    }
    assertThat(members.params().subList(0, 25)).isEqualTo(answered.subList(0, 25));
    assertThat(members.params()).doesNotContain("run25");
  }

  @Test
  void experimentSearchKnowsItsOwnAttributes() {
    ExperimentSearchSql exp = new ExperimentSearchSql(SqlDialect.POSTGRESQL);
    SqlFragment f = exp.where("name LIKE 'a%' OR tags.team = 'red' AND creation_time > 5");
    assertThat(f.params()).containsExactly("a%", "team", "red", 5L);
    assertThatThrownBy(() -> exp.where("params.x = 'a'")).hasMessageContaining("params.x");
    assertThat(exp.orderBy(List.of())).isEqualTo("e.creation_time DESC, e.experiment_id ASC");
    assertThat(exp.orderBy(List.of("name"))).isEqualTo("e.name ASC, e.experiment_id ASC");
  }
}
