package dev.trackbook.data.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trackbook.data.dataset.DatasetProfile;
import dev.trackbook.data.dataset.DatasetProfiler;
import dev.trackbook.data.dataset.MlflowDatasetJson;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DriftCheckTest {

  /** Gaussian amount (mean shift added), label spam with probability pSpam, text of some length. */
  private static Table sample(long seed, int rows, double shift, double pSpam, int textLength) {
    Random r = new Random(seed);
    double[] amount = new double[rows];
    String[] label = new String[rows];
    String[] body = new String[rows];
    for (int i = 0; i < rows; i++) {
      amount[i] = 100 + 15 * r.nextGaussian() + shift;
      label[i] = r.nextDouble() < pSpam ? "spam" : "ham";
      body[i] = "w".repeat(textLength + r.nextInt(textLength)) + i;
    }
    return Table.create("s")
        .addColumns(
            DoubleColumn.create("amount", amount),
            StringColumn.create("label", label),
            StringColumn.create("body", body));
  }

  private static final DatasetProfile REFERENCE =
      DatasetProfiler.profile("emails", sample(1, 5000, 0, 0.3, 100));

  @Test
  void anotherSampleFromTheSameDistributionIsNoDrift() {
    DriftReport report = DriftCheck.check(REFERENCE, sample(2, 1000, 0, 0.3, 100));
    assertThat(report.drifted()).as(report.table().print()).isFalse();
    assertThat(report.columns())
        .allSatisfy(
            c -> {
              assertThat(c.note()).isEmpty();
              assertThat(c.psi()).isLessThan(0.1);
            });
    assertThat(report.toString()).isEqualTo("drift of emails: no drift (3 columns, 1000 new rows)");
  }

  @Test
  void aMeanShiftIsFlaggedByKsOnThatColumnOnly() {
    DriftReport report = DriftCheck.check(REFERENCE, sample(3, 1000, 15, 0.3, 100));
    assertThat(report.driftedColumns()).containsExactly("amount");
    ColumnDrift amount = report.columns().get(0);
    assertThat(amount.test()).isEqualTo("KS");
    // a one-sigma shift of a normal: D = 2*Phi(0.5)-1 ~ 0.38
    assertThat(amount.ksStatistic()).isBetween(0.3, 0.46);
    assertThat(amount.pValue()).isLessThan(1e-6);
    assertThat(report.html())
        .startsWith("<div><b>drift of emails: DRIFT in amount (3 columns, 1000 new rows)</b>")
        .contains("<td>amount</td><td>KS</td>")
        .contains("background:#d9534f")
        .contains("<td>label</td><td>PSI</td>");
  }

  @Test
  void aChangedClassMixIsFlaggedByPsi() {
    DriftReport report = DriftCheck.check(REFERENCE, sample(4, 1000, 0, 0.7, 100));
    assertThat(report.driftedColumns()).containsExactly("label");
    // 30/70 -> 70/30: PSI = 0.4 ln(7/3) * 2 ~ 0.68
    assertThat(report.columns().get(1).psi()).isBetween(0.55, 0.8);
  }

  private static ColumnDrift labels(int refHam, int refSpam, int newHam, int newSpam) {
    StringColumn ref = StringColumn.create("label");
    StringColumn sample = StringColumn.create("label");
    for (int i = 0; i < refHam + refSpam; i++) {
      ref.append(i < refHam ? "ham" : "spam");
    }
    for (int i = 0; i < newHam + newSpam; i++) {
      sample.append(i < newHam ? "ham" : "spam");
    }
    DatasetProfile p = DatasetProfiler.profile("t", Table.create("t").addColumns(ref));
    return DriftCheck.check(p, Table.create("s").addColumns(sample)).columns().get(0);
  }

  @Test
  void aCategoryShiftInAFewRowsIsNotDriftUntilItIsSignificant() {
    // PSI = (0.8 - 0.5) ln(0.8 / 0.5) + (0.2 - 0.5) ln(0.2 / 0.5) = 0.416 either way
    double psi = 0.3 * Math.log(1.6) - 0.3 * Math.log(0.4);
    // 8 of 10 new rows: chi-squared over the 2x2 table of counts = 3.5645 (1 degree of freedom),
    // p = erfc(sqrt(chi2 / 2)) = 0.0590: chance can do that
    ColumnDrift few = labels(500, 500, 8, 2);
    assertThat(few.psi()).isCloseTo(psi, within(1e-12));
    assertThat(few.pValue()).isCloseTo(0.05903, within(1e-5));
    assertThat(few.drifted()).isFalse();
    // 80 of 100: chi-squared = 32.82, p = 1.0e-8
    ColumnDrift many = labels(500, 500, 80, 20);
    assertThat(many.psi()).isCloseTo(psi, within(1e-12));
    assertThat(many.pValue()).isCloseTo(1.0084e-8, within(1e-11));
    assertThat(many.drifted()).isTrue();
    // one category on both sides: nothing to tell apart
    assertThat(labels(10, 0, 3, 0).pValue()).isEqualTo(1.0);
  }

  @Test
  void aNewMixOfManyCategoriesIsFlaggedByPsi() {
    String[] all = new String[600];
    String[] few = new String[200];
    for (int i = 0; i < all.length; i++) {
      all[i] = String.format("S%02d", i % 60);
    }
    for (int i = 0; i < few.length; i++) {
      few[i] = String.format("S%02d", i % 10); // ten states only, names of the same length
    }
    DatasetProfile p =
        DatasetProfiler.profile("t", Table.create("t").addColumns(StringColumn.create("s", all)));
    DriftReport report =
        DriftCheck.check(p, Table.create("n").addColumns(StringColumn.create("s", few)));
    ColumnDrift state = report.columns().get(0);
    assertThat(state.test()).isEqualTo("PSI");
    // 10 of the 60 categories at 1/10 instead of 1/60 each; 40 named at 1e-4 instead of 1/60; the
    // last 10 under "other" (1/6 of the reference), at 1e-4
    double psi =
        10 * (0.1 - 1 / 60.0) * Math.log(0.1 * 60)
            + 40 * (1e-4 - 1 / 60.0) * Math.log(1e-4 * 60)
            + (1e-4 - 1 / 6.0) * Math.log(1e-4 * 6);
    assertThat(state.psi()).isCloseTo(psi, within(1e-9));
    assertThat(state.drifted()).isTrue();
  }

  @Test
  void longerTextIsFlaggedOnLengths() {
    DriftReport report = DriftCheck.check(REFERENCE, sample(5, 500, 0, 0.3, 300));
    assertThat(report.driftedColumns()).containsExactly("body");
    assertThat(report.columns().get(2).kind()).isEqualTo("text");
  }

  @Test
  void aMissingOrRetypedColumnIsReportedAsDrift() {
    Table data = sample(6, 200, 0, 0.3, 100);
    data.removeColumns("label");
    data.replaceColumn("amount", StringColumn.create("amount", data.rowCount()).setMissingTo("x"));
    DriftReport report = DriftCheck.check(REFERENCE, data);
    assertThat(report.driftedColumns()).containsExactly("amount", "label");
    assertThat(report.columns())
        .extracting(ColumnDrift::note)
        .containsExactly(
            "not comparable: reference is numeric, new is STRING", "missing from the new data", "");
    assertThat(report.table().rowCount()).isEqualTo(3);
    // not compared: no score, no threshold (there is no test to cross one), a full red bar
    assertThat(report.html())
        .contains(
            "<tr><td>label</td><td>-</td><td>-</td><td><div style=\"width:150px;background:#eee;"
                + "position:relative\"><div style=\"height:10px;width:150px;background:#d9534f\">"
                + "</div></div></td><td>-</td><td>-</td><td>-</td>"
                + "<td>missing from the new data</td></tr>");
  }

  @Test
  void aColumnEmptyOnBothSidesIsNoDriftOneThatEmptiesOrFillsUpIs() {
    Table reference =
        Table.create("r")
            .addColumns(
                DoubleColumn.create("score", new double[] {1, 2, 3}),
                DoubleColumn.create("unused", 3).setMissingTo(Double.NaN),
                StringColumn.create("notes", 3).setMissingTo(""));
    DatasetProfile p = DatasetProfiler.profile("t", reference);
    assertThat(DriftCheck.check(p, reference).drifted()).isFalse();
    assertThat(DriftCheck.check(p, reference).columns())
        .extracting(ColumnDrift::note)
        .containsExactly("", "no values in either", "no values in either");

    // score read from an all-empty CSV column is a STRING column: still "no values", not a type
    Table emptied =
        Table.create("n")
            .addColumns(
                StringColumn.create("score", 3).setMissingTo(""),
                DoubleColumn.create("unused", new double[] {1, 2, 3}),
                StringColumn.create("notes", new String[] {"a", "b", "a"}));
    DriftReport report = DriftCheck.check(p, emptied);
    assertThat(report.driftedColumns()).containsExactly("score", "unused", "notes");
    assertThat(report.columns())
        .extracting(ColumnDrift::note)
        .containsExactly(
            "no values in the new data",
            "no values in the reference",
            "no values in the reference");
  }

  @Test
  void infinitiesAreLeftOutOfTheComparison() {
    double inf = Double.POSITIVE_INFINITY;
    Random r = new Random(11);
    double[] ref = new double[500];
    double[] sample = new double[300];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = i % 50 == 0 ? inf : r.nextGaussian();
    }
    for (int i = 0; i < sample.length; i++) {
      sample[i] = i % 30 == 0 ? -inf : r.nextGaussian();
    }
    DatasetProfile p =
        DatasetProfiler.profile("t", Table.create("t").addColumns(DoubleColumn.create("x", ref)));
    ColumnDrift same =
        DriftCheck.check(p, Table.create("s").addColumns(DoubleColumn.create("x", sample)))
            .columns()
            .get(0);
    assertThat(same.ksStatistic()).isBetween(0.0, 0.1);
    assertThat(same.pValue()).isGreaterThan(0.05);
    assertThat(same.psi()).isLessThan(0.1);
    ColumnDrift shifted =
        DriftCheck.check(
                p,
                Table.create("s")
                    .addColumns(DoubleColumn.create("x", new double[] {5, 6, 7, inf, 8, 9, 10})))
            .columns()
            .get(0);
    assertThat(shifted.ksStatistic()).isEqualTo(1.0);
    assertThat(shifted.drifted()).isTrue();
    ColumnDrift onlyInfinite =
        DriftCheck.check(
                p, Table.create("s").addColumns(DoubleColumn.create("x", new double[] {inf})))
            .columns()
            .get(0);
    assertThat(onlyInfinite.note()).isEqualTo("no values in the new data");
    assertThat(onlyInfinite.drifted()).isTrue();
  }

  private static ColumnDrift ks(double[] reference, double[] sample) {
    DatasetProfile p =
        DatasetProfiler.profile(
            "t", Table.create("t").addColumns(DoubleColumn.create("x", reference)));
    return DriftCheck.check(p, Table.create("s").addColumns(DoubleColumn.create("x", sample)))
        .columns()
        .get(0);
  }

  @Test
  void aSmallReferenceIsComparedWithItsOwnValues() {
    double[] oneToTen = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    // the same values: D = 0 (percentiles interpolated between them gave 1/10)
    assertThat(ks(oneToTen, oneToTen).ksStatistic()).isZero();
    // shifted by 5: below 6 the reference has 5/10, the sample none, so D = 0.5 (was 0.6)
    ColumnDrift shifted = ks(oneToTen, new double[] {6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    assertThat(shifted.ksStatistic()).isEqualTo(0.5);
    assertThat(shifted.pValue())
        .isEqualTo(new KolmogorovSmirnovTest().approximateP(0.5, 10, 10))
        .isGreaterThan(0.05);
    assertThat(shifted.drifted()).isFalse();
    // ties: F_ref = 1/2, 3/4, 1 at 1, 2, 3; F_new = 1/4, 1 at 1, 2: D = 1/4 at 1 and at 2
    assertThat(ks(new double[] {1, 1, 2, 3}, new double[] {1, 2, 2, 2}).ksStatistic())
        .isEqualTo(0.25);
  }

  @Test
  void aProfileLoggedWithoutItsValuesIsComparedThroughItsPercentiles() throws Exception {
    // written by the release before profiles kept their values: 1..10 and a label
    String golden =
        new String(
            DriftCheckTest.class.getResourceAsStream("/profiles/v1-ten.json").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    DatasetProfile p =
        MlflowDatasetJson.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(golden));
    assertThat(p.column("x").exactValues()).isEmpty();
    Table same =
        Table.create("s")
            .addColumns(
                DoubleColumn.create("x", new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
                StringColumn.create(
                    "label", new String[] {"a", "b", "a", "b", "a", "b", "a", "b", "a", "b"}));
    DriftReport report = DriftCheck.check(p, same);
    assertThat(report.drifted()).isFalse();
    // the percentiles' CDF reaches 1 at the maximum, the sample's 9/10 just below it
    assertThat(report.columns().get(0).ksStatistic()).isCloseTo(0.1, within(1e-9));
    assertThat(report.columns().get(1).psi()).isZero();
  }

  @Test
  void aSharedPointMassIsNoDrift() {
    // 40% of the values sit exactly at a cap, as with texts truncated to 400 characters
    Random r = new Random(9);
    double[] ref = new double[4000];
    double[] sample = new double[800];
    for (int i = 0; i < ref.length; i++) {
      ref[i] = r.nextDouble() < 0.4 ? 400 : r.nextInt(400);
    }
    for (int i = 0; i < sample.length; i++) {
      sample[i] = r.nextDouble() < 0.4 ? 400 : r.nextInt(400);
    }
    DatasetProfile p =
        DatasetProfiler.profile("t", Table.create("t").addColumns(DoubleColumn.create("n", ref)));
    DriftReport report =
        DriftCheck.check(p, Table.create("s").addColumns(DoubleColumn.create("n", sample)));
    assertThat(report.columns().get(0).ksStatistic()).isLessThan(0.06);
    assertThat(report.drifted()).isFalse();
  }

  @Test
  void referenceCdfInterpolatesBetweenPercentilesAndHandlesTies() {
    List<Double> q = new java.util.ArrayList<>();
    for (int p = 0; p <= 100; p++) {
      q.add(p < 50 ? 0.0 : p - 50.0);
    }
    assertThat(DriftCheck.referenceCdf(q, -1)).isEqualTo(0.0);
    assertThat(DriftCheck.referenceCdf(q, 0)).isEqualTo(0.5); // half the mass sits at 0
    assertThat(DriftCheck.referenceCdf(q, 25.5)).isEqualTo(0.755);
    assertThat(DriftCheck.referenceCdf(q, 50)).isEqualTo(1.0);
    assertThat(DriftCheck.referenceCdfBelow(q, 0)).isEqualTo(0.0);
    assertThat(DriftCheck.referenceCdfBelow(q, 50)).isEqualTo(1.0);
    assertThat(DriftCheck.referenceCdfBelow(q, 25.5)).isEqualTo(0.755);
  }
}
