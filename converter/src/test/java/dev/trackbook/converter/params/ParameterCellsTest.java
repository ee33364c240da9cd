package dev.trackbook.converter.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.CellType;
import dev.trackbook.converter.notebook.Notebook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterCellsTest {

  static Notebook withParameters(String source) {
    return new Notebook(
        List.of(
            new Cell(CellType.CODE, "pre", "int unrelated = 1;", List.of()),
            new Cell(CellType.CODE, "params", source, List.of("parameters"))),
        Map.of());
  }

  @Test
  void readsSimpleTypedAssignments() {
    List<Parameter> parameters =
        ParameterCells.parse(
            withParameters(
                "// a comment\nint epochs = 3;\ndouble lr = 1e-3; // trailing\nString name = \"a\\\"b\\n\";\n"
                    + "var big = 5_000_000_000L;\nboolean fast = true;\nlong seed = 7;\ndouble scale = 2;\n"
                    + "final var label = \"x\";\nvar ratio = .5;\nfloat rate = 0.002f;\nfloat whole = 2;"));

    assertThat(parameters)
        .containsExactly(
            new Parameter("epochs", ParameterType.INT, "int", 3),
            new Parameter("lr", ParameterType.DOUBLE, "double", 1e-3),
            new Parameter("name", ParameterType.STRING, "String", "a\"b\n"),
            new Parameter("big", ParameterType.LONG, "var", 5_000_000_000L),
            new Parameter("fast", ParameterType.BOOLEAN, "boolean", true),
            new Parameter("seed", ParameterType.LONG, "long", 7L),
            new Parameter("scale", ParameterType.DOUBLE, "double", 2.0),
            new Parameter("label", ParameterType.STRING, "var", "x"),
            new Parameter("ratio", ParameterType.DOUBLE, "var", 0.5),
            new Parameter("rate", ParameterType.FLOAT, "float", 0.002f),
            new Parameter("whole", ParameterType.FLOAT, "float", 2.0f));
  }

  @Test
  void defaultsAreTheValuesJavaGivesTheLiterals() {
    // Each expected value is the same literal as javac compiled it into this test.
    Map<String, Object> cases = new LinkedHashMap<>();
    cases.put("int a = 010;", 010);
    cases.put("int a = 0_17;", 0_17);
    cases.put("int a = 0x1F;", 0x1F);
    cases.put("int a = 0b101;", 0b101);
    cases.put("int a = 1_000_000;", 1_000_000);
    cases.put("int a = 0xFFFF_FFFF;", 0xFFFF_FFFF);
    cases.put("int a = -2147483648;", -2147483648);
    cases.put("int a = -0x8000_0000;", -0x8000_0000);
    cases.put("int a = +7;", +7);
    cases.put("long a = 0x7fffffffffffffffL;", 0x7fffffffffffffffL);
    cases.put("long a = -9223372036854775808L;", -9223372036854775808L);
    cases.put("long a = 0777l;", 0777L);
    cases.put("long a = 0b1111;", (long) 0b1111);
    cases.put("double a = 0.1f;", (double) 0.1f);
    cases.put("double a = 010;", (double) 010);
    cases.put("double a = 010d;", 010d);
    cases.put("double a = 09.5;", 09.5);
    cases.put("double a = 1_0.2_5e1_0;", 1_0.2_5e1_0);
    cases.put("double a = 0x1.8p3;", 0x1.8p3);
    cases.put("double a = 9007199254740993L;", (double) 9007199254740993L);
    cases.put("double a = 4.9e-324;", 4.9e-324);
    cases.put("double a = -0.0;", -0.0);
    cases.put("float a = 16777217;", (float) 16777217);
    cases.put("float a = 1e-45f;", 1e-45f);
    cases.put("float a = 0x1p-3f;", 0x1p-3f);
    cases.put("float a = -.5F;", -.5F);
    cases.put("var a = 010;", 010);
    cases.put("var a = 1e3f;", 1e3f);
    cases.put("var a = 0b1L;", 0b1L);
    cases.forEach(
        (line, expected) ->
            assertThat(ParameterCells.parse(withParameters(line)).get(0).defaultValue())
                .as(line)
                .isEqualTo(expected));
  }

  @Test
  void thePipelineDeclaresTheValuesTheNotebookComputed() {
    List<Parameter> parameters =
        ParameterCells.parse(withParameters("int perm = 010;\ndouble d = 0.1f;\nfinal int k = 2;"));
    assertThat(new ParameterValues(parameters).declarations())
        .isEqualTo("int perm = 8;\ndouble d = 0.10000000149011612;\nint k = 2;");
  }

  @Test
  void literalsJavacRefusesAreRefusedNamingCellLineAndWhy() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("long big = 2147483648;", "2147483648 is too large for an int");
    cases.put("int big = 0x1_0000_0000;", "0x1_0000_0000 is too large for an int");
    cases.put("long big = 9223372036854775808L;", "9223372036854775808L is too large for a long");
    cases.put("int neg = -2147483649;", "-2147483649 is too large for an int");
    cases.put("float f = 1e-50f;", "'1e-50f' is too small for a float");
    cases.put("double d = 1e-400;", "'1e-400' is too small for a double");
    cases.put("double d = 1e400;", "'1e400' is out of range for a double");
    cases.put("float f = 3.5e38f;", "'3.5e38f' is out of range for a float");
    cases.put("int o = 08;", "08 is not a Java number literal: a leading 0 makes it octal");
    cases.put("int u = 1_;", "1_ is not a Java number literal: underscores");
    cases.put("int u = 0x_1;", "0x_1 is not a Java number literal: underscores");
    cases.put("double u = 1_.5;", "1_.5 is not a Java number literal: underscores");
    cases.put("double h = 0x1.8;", "0x1.8 is not a Java number literal");
    cases.forEach(
        (line, message) ->
            assertThatThrownBy(() -> ParameterCells.parse(withParameters("int ok = 1;\n" + line)))
                .as(line)
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining(
                    "cell 1 (id params) \"int ok = 1;\" (tagged parameters), line 2")
                .hasMessageContaining(message));
    assertThatThrownBy(() -> ParameterCells.parse(withParameters("long big = 2147483648;")))
        .hasMessageEndingWith(
            "big: 2147483648 is too large for an int (javac: integer number too large);"
                + " a long literal needs an L: 2147483648L");
  }

  @Test
  void declarationsWriteValuesBackAsJavaLiterals() {
    ParameterValues values =
        new ParameterValues(
                ParameterCells.parse(
                    withParameters("var s = \"x\";\nlong n = 1L;\ndouble d = 1.0;")))
            .withAssignments(List.of("s=quote \" and \\ back", "n=42", "d=NaN"));
    assertThat(values.declarations())
        .isEqualTo("var s = \"quote \\\" and \\\\ back\";\nlong n = 42L;\ndouble d = Double.NaN;");
  }

  @Test
  void floatOverridesKeepTheirType() {
    ParameterValues values =
        new ParameterValues(ParameterCells.parse(withParameters("float rate = 0.002f;")))
            .withAssignments(List.of("rate=0.25"));
    assertThat(values.values()).containsEntry("rate", 0.25f);
    assertThat(values.declarations()).isEqualTo("float rate = 0.25f;");
  }

  @Test
  void numbersTooLargeForTheirTypeAreRefusedNotReadAsInfinity() {
    List<Parameter> parameters =
        ParameterCells.parse(withParameters("float rate = 0.002f;\ndouble d = 1.0;"));
    assertThatThrownBy(() -> new ParameterValues(parameters).withAssignments(List.of("rate=1e40")))
        .hasMessageContaining("'1e40' is out of range for a float");
    assertThatThrownBy(() -> new ParameterValues(parameters).withAssignments(List.of("d=1e400")))
        .hasMessageContaining("'1e400' is out of range for a double");
    assertThatThrownBy(() -> new ParameterValues(parameters).withAssignments(List.of("rate=1e-50")))
        .hasMessageContaining("'1e-50' is too small for a float, it would be 0");
    assertThat(new ParameterValues(parameters).withAssignments(List.of("rate=0.0e-50")).values())
        .containsEntry("rate", 0.0f);
    assertThat(
            new ParameterValues(parameters)
                .withAssignments(List.of("rate=3e38", "d=-Infinity"))
                .values())
        .containsEntry("rate", 3e38f)
        .containsEntry("d", Double.NEGATIVE_INFINITY);
  }

  @Test
  void anythingElseIsAnErrorNamingCellAndLine() {
    for (String bad :
        List.of(
            "int epochs = compute();",
            "int a = 1, b = 2;",
            "System.out.println(1);",
            "float f = 1.0;",
            "short s = 1;",
            "int x = 3",
            "int x = \"three\";",
            "String s = 3;",
            "int big = 3000000000;")) {
      assertThatThrownBy(() -> ParameterCells.parse(withParameters("int ok = 1;\n" + bad)))
          .as(bad)
          .isInstanceOf(ConversionException.class)
          .hasMessageContaining("cell 1 (id params)")
          .hasMessageContaining("line 2");
    }
  }

  @Test
  void aNameDeclaredTwiceIsAnError() {
    assertThatThrownBy(() -> ParameterCells.parse(withParameters("int a = 1;\nint a = 2;")))
        .hasMessageContaining("parameter a is declared twice");
  }

  @Test
  void overridesAreTypeChecked() {
    List<Parameter> parameters =
        ParameterCells.parse(withParameters("int n = 1;\nboolean b = false;"));
    assertThatThrownBy(() -> new ParameterValues(parameters).withAssignments(List.of("n=1.5")))
        .hasMessageContaining("parameter n is int: expected an int, got '1.5'");
    assertThatThrownBy(() -> new ParameterValues(parameters).withAssignments(List.of("b=yes")))
        .hasMessageContaining("expected true or false");
    assertThatThrownBy(() -> new ParameterValues(parameters).withAssignments(List.of("n")))
        .hasMessageContaining("expected name=value");
    assertThat(
            new ParameterValues(parameters)
                .withEnvironment(Map.of("TRACKBOOK_PARAM_N", "5", "TRACKBOOK_PARAM_OTHER", "x"))
                .values())
        .containsEntry("n", 5);
  }

  @Test
  void aParametersCellThatIsNotRunDeclaresNothing() {
    Notebook notebook =
        new Notebook(
            List.of(
                new Cell(
                    CellType.CODE, "a", "int old = 1;", List.of("parameters", "skip-execution")),
                new Cell(CellType.CODE, "b", "int epochs = 2;", List.of("parameters"))),
            Map.of());

    assertThat(ParameterCells.parse(notebook))
        .containsExactly(new Parameter("epochs", ParameterType.INT, "int", 2));
  }
}
