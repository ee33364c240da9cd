package dev.trackbook.data.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class DatasetProfilerTest {

  private static Table table(String name, double[] x, String[] label) {
    return Table.create(name)
        .addColumns(DoubleColumn.create("x", x), StringColumn.create("label", label));
  }

  @Test
  void sameRowsInAnotherOrderAreTheSameVersion() {
    Table a = table("a", new double[] {1, 2, 3}, new String[] {"ham", "spam", "ham"});
    Table b = table("b", new double[] {3, 1, 2}, new String[] {"ham", "ham", "spam"});
    assertThat(DatasetProfiler.sha256(a)).isEqualTo(DatasetProfiler.sha256(b)).hasSize(64);
  }

  @Test
  void anyContentOrSchemaChangeIsANewVersion() {
    String base =
        DatasetProfiler.sha256(table("a", new double[] {1, 2, 3}, new String[] {"h", "s", "h"}));
    // a changed value
    assertThat(
            DatasetProfiler.sha256(
                table("a", new double[] {1, 2, 4}, new String[] {"h", "s", "h"})))
        .isNotEqualTo(base);
    // a duplicated row (the digest is over the multiset of rows, not the set)
    assertThat(
            DatasetProfiler.sha256(
                table("a", new double[] {1, 2, 3, 3}, new String[] {"h", "s", "h", "h"})))
        .isNotEqualTo(base);
    // a renamed column
    Table renamed = table("a", new double[] {1, 2, 3}, new String[] {"h", "s", "h"});
    renamed.column("label").setName("y");
    assertThat(DatasetProfiler.sha256(renamed)).isNotEqualTo(base);
    // a missing number differs from zero (Tablesaw itself reads an empty string as missing)
    Table zero = Table.create("z").addColumns(DoubleColumn.create("v", new double[] {0, 1}));
    Table missing = Table.create("m").addColumns(DoubleColumn.create("v", new double[] {0, 1}));
    missing.doubleColumn("v").setMissing(0);
    assertThat(DatasetProfiler.sha256(zero)).isNotEqualTo(DatasetProfiler.sha256(missing));
    // values split differently across columns
    Table ab =
        Table.create("t")
            .addColumns(
                StringColumn.create("p", new String[] {"ab"}),
                StringColumn.create("q", new String[] {"c"}));
    Table bc =
        Table.create("t")
            .addColumns(
                StringColumn.create("p", new String[] {"a"}),
                StringColumn.create("q", new String[] {"bc"}));
    assertThat(DatasetProfiler.sha256(ab)).isNotEqualTo(DatasetProfiler.sha256(bc));
  }

  @Test
  void aCsvFileAndAShuffledCopyAreTheSameVersionAndTheSourceIsTheFile(@TempDir Path tmp)
      throws Exception {
    Path one = Files.writeString(tmp.resolve("one.csv"), "x,label\n1.5,ham\n2.5,spam\n3.5,ham\n");
    Path two = Files.writeString(tmp.resolve("two.csv"), "x,label\n3.5,ham\n1.5,ham\n2.5,spam\n");
    DatasetProfile p1 = DatasetProfiler.profile("emails", one);
    DatasetProfile p2 = DatasetProfiler.profile("emails", two);
    assertThat(p1.sha256()).isEqualTo(p2.sha256());
    assertThat(p1.digest()).hasSize(32).isEqualTo(p1.sha256().substring(0, 32));
    assertThat(p1.sourceType()).isEqualTo("local");
    assertThat(p1.source()).startsWith("file:").endsWith("one.csv");
  }

  @Test
  void aCsvWithAHeaderAndNoRowsKeepsItsColumns(@TempDir Path tmp) throws Exception {
    DatasetProfile empty =
        DatasetProfiler.profile("d", Files.writeString(tmp.resolve("a.csv"), "x,label\n"));
    assertThat(empty.rows()).isZero();
    assertThat(empty.columns()).extracting(ColumnProfile::name).containsExactly("x", "label");
    DatasetProfile other =
        DatasetProfiler.profile("d", Files.writeString(tmp.resolve("b.csv"), "y,label\n"));
    assertThat(other.digest()).isNotEqualTo(empty.digest());
    assertThat(DatasetProfiler.readCsv(Files.writeString(tmp.resolve("c.csv"), "")).columnCount())
        .isZero();
  }

  @Test
  void semicolonAndTabSeparatedFilesAreReadByColumnAsTheirCommaTwin(@TempDir Path tmp)
      throws Exception {
    String rows = "x,label,note\n1.5,spam,a b\n2.5,ham,c\n";
    DatasetProfile comma =
        DatasetProfiler.profile("d", Files.writeString(tmp.resolve("c.csv"), rows));
    assertThat(comma.columns()).hasSize(3);
    for (String[] file :
        new String[][] {
          {"excel.csv", rows.replace(',', ';')},
          {"tabs.tsv", rows.replace(',', '\t')},
          {"tabs.txt", rows.replace(',', '\t')},
        }) {
      DatasetProfile other =
          DatasetProfiler.profile("d", Files.writeString(tmp.resolve(file[0]), file[1]));
      assertThat(other.columns()).as(file[0]).isEqualTo(comma.columns());
      assertThat(other.digest()).as(file[0]).isEqualTo(comma.digest());
    }
    // Decimal commas (a locale's export) would read 1,5 as 15: refused, naming the column.
    Path decimalCommas = Files.writeString(tmp.resolve("de.csv"), "x;label\n1,5;spam\n2;ham\n");
    assertThatThrownBy(() -> DatasetProfiler.readCsv(decimalCommas))
        .isInstanceOf(DataUsageException.class)
        .hasMessage(
            decimalCommas
                + ": column 'x' has decimal commas ('1,5'): save the file with decimal points, or"
                + " read it into a Tablesaw Table yourself and log that");
    // A comma in the header wins: semicolons in the values are text.
    assertThat(
            DatasetProfiler.readCsv(Files.writeString(tmp.resolve("s.csv"), "a,b\nx;y,1\n"))
                .stringColumn("a")
                .get(0))
        .isEqualTo("x;y");
  }

  @Test
  void schemaAndStatisticsDescribeEachColumn() {
    double[] x = new double[101];
    String[] label = new String[101];
    for (int i = 0; i <= 100; i++) {
      x[i] = i;
      label[i] = i % 4 == 0 ? "spam" : "ham";
    }
    Table t = table("t", x, label);
    t.addColumns(IntColumn.create("n", 101));
    t.intColumn("n").setMissing(0);
    for (int i = 1; i <= 100; i++) {
      t.intColumn("n").set(i, 7);
    }
    DatasetProfile p = DatasetProfiler.profile("t", t);

    assertThat(p.rows()).isEqualTo(101);
    assertThat(p.columns()).extracting(ColumnProfile::name).containsExactly("x", "label", "n");
    ColumnProfile cx = p.column("x");
    assertThat(cx.type()).isEqualTo("DOUBLE");
    assertThat(cx.kind()).isEqualTo(ColumnProfile.NUMERIC);
    assertThat(cx.count()).isEqualTo(101);
    assertThat(cx.min()).isEqualTo(0.0);
    assertThat(cx.max()).isEqualTo(100.0);
    assertThat(cx.mean()).isEqualTo(50.0);
    assertThat(cx.std()).isCloseTo(29.1548, within(1e-3));
    assertThat(cx.percentiles()).hasSize(101);
    assertThat(cx.percentiles().get(25)).isEqualTo(25.0);
    assertThat(cx.binEdges()).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0);
    assertThat(cx.binCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(101);

    ColumnProfile cl = p.column("label");
    assertThat(cl.kind()).isEqualTo(ColumnProfile.CATEGORICAL);
    assertThat(cl.categories()).containsEntry("spam", 26L).containsEntry("ham", 75L);
    assertThat(cl.distinct()).isEqualTo(2);

    ColumnProfile cn = p.column("n");
    assertThat(cn.type()).isEqualTo("INTEGER");
    assertThat(cn.missing()).isEqualTo(1);
    assertThat(cn.count()).isEqualTo(100);
    // all values equal: no decile edge above the minimum, one bin
    assertThat(cn.binEdges()).isEmpty();
    assertThat(cn.binCounts()).containsExactly(100L);
    assertThat(p.toString())
        .isEqualTo(
            "dataset t @ "
                + p.digest()
                + ": 101 rows x 3 columns (x double, label string, n integer)");
  }

  @Test
  void infinitiesAreLeftOutOfTheStatistics() {
    double inf = Double.POSITIVE_INFINITY;
    ColumnProfile c =
        DatasetProfiler.profile(
                "t",
                Table.create("t")
                    .addColumns(DoubleColumn.create("x", new double[] {1, 2, inf, 3, -inf})))
            .column("x");
    assertThat(c.count()).isEqualTo(3);
    assertThat(c.missing()).isZero();
    assertThat(c.min()).isEqualTo(1.0);
    assertThat(c.max()).isEqualTo(3.0);
    assertThat(c.mean()).isEqualTo(2.0);
    assertThat(c.percentiles()).allMatch(Double::isFinite).hasSize(101);
    assertThat(c.binCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
  }

  @Test
  void aColumnOfFewDistinctValuesKeepsThemWithTheirCounts() {
    double[] many = new double[101];
    for (int i = 0; i < many.length; i++) {
      many[i] = i;
    }
    DatasetProfile p =
        DatasetProfiler.profile(
            "t",
            Table.create("t").addColumns(DoubleColumn.create("few", new double[] {3, 1, 3, 2, 3})));
    assertThat(p.column("few").exactValues()).containsExactly(1.0, 2.0, 3.0);
    assertThat(p.column("few").exactCounts()).containsExactly(1L, 1L, 3L);
    assertThat(MlflowDatasetJson.parse(MlflowDatasetJson.dataset(p))).isEqualTo(p);
    ColumnProfile tooMany =
        DatasetProfiler.profile("t", Table.create("t").addColumns(DoubleColumn.create("x", many)))
            .column("x");
    assertThat(tooMany.exactValues()).isEmpty();
    assertThat(tooMany.exactCounts()).isEmpty();
  }

  @Test
  void manyDistinctStringsAreTextProfiledByLength() {
    String[] s = new String[200];
    for (int i = 0; i < s.length; i++) {
      s[i] = "x".repeat(i % 20 + 1) + i;
    }
    ColumnProfile c =
        DatasetProfiler.profile("t", Table.create("t").addColumns(StringColumn.create("body", s)))
            .column("body");
    assertThat(c.kind()).isEqualTo(ColumnProfile.TEXT);
    assertThat(c.categories()).isEmpty();
    assertThat(c.min()).isEqualTo(2.0); // "x0"
    assertThat(c.distinct()).isEqualTo(200);
  }

  @Test
  void manyCategoriesThatRepeatStayCategorical() {
    // 60 states of equal length in 600 rows: their mix is what can drift, not their lengths
    String[] states = new String[600];
    for (int i = 0; i < states.length; i++) {
      states[i] = String.format("S%02d", i % 60);
    }
    ColumnProfile c =
        DatasetProfiler.profile(
                "t", Table.create("t").addColumns(StringColumn.create("state", states)))
            .column("state");
    assertThat(c.kind()).isEqualTo(ColumnProfile.CATEGORICAL);
    assertThat(c.distinct()).isEqualTo(60);
    assertThat(c.categories()).hasSize(51).containsEntry(ColumnProfile.OTHER, 100L);
  }

  @Test
  void aMissingOrBrokenFileIsAClearError(@TempDir Path tmp) throws Exception {
    // one line in the notebook: the kernel shows an exception without a stack as its toString()
    assertThatThrownBy(() -> DatasetProfiler.profile("d", tmp.resolve("nope.csv")))
        .isInstanceOf(DataUsageException.class)
        .hasMessage("no such data file: " + tmp.resolve("nope.csv"))
        .hasToString("UsageError: no such data file: " + tmp.resolve("nope.csv"))
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    Path ragged = Files.writeString(tmp.resolve("ragged.csv"), "x,y\n1,2\n3,4,5\n");
    assertThatThrownBy(() -> DatasetProfiler.profile("d", ragged))
        .isInstanceOf(DataUsageException.class)
        .hasMessageStartingWith("cannot read " + ragged + " as CSV: ")
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    assertThatThrownBy(() -> DatasetProfiler.profile(" ", Table.create("t")))
        .hasMessage("a dataset needs a name");
  }

  @Test
  void theMlflowFormRoundTrips() {
    Table t = table("t", new double[] {1, 2, 3, 4}, new String[] {"h", "s", "h", "h"});
    DatasetProfile p = DatasetProfiler.profile("emails", t);
    var json = MlflowDatasetJson.dataset(p);
    assertThat(json.path("digest").asText()).isEqualTo(p.digest());
    assertThat(json.path("source_type").asText()).isEqualTo("code");
    assertThat(json.path("schema").asText())
        .isEqualTo(
            "{\"mlflow_colspec\":[{\"type\":\"double\",\"name\":\"x\",\"required\":true},"
                + "{\"type\":\"string\",\"name\":\"label\",\"required\":true}]}");
    assertThat(json.path("profile").asText()).startsWith("{\"num_rows\":4,\"num_elements\":8,");
    assertThat(MlflowDatasetJson.parse(json)).isEqualTo(p);
  }

  @Test
  void aProfileFromANewerTrackbookWithColumnFieldsThisOneLacksIsStillRead() throws Exception {
    DatasetProfile p =
        DatasetProfiler.profile("emails", table("t", new double[] {1, 2}, new String[] {"h", "s"}));
    var json = MlflowDatasetJson.dataset(p);
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var profile =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            mapper.readTree(json.path("profile").asText());
    ((com.fasterxml.jackson.databind.node.ObjectNode) profile.at("/trackbook/columns/0"))
        .put("added_later", 42);
    json.put("profile", profile.toString());
    assertThat(MlflowDatasetJson.parse(json)).isEqualTo(p);
  }
}
