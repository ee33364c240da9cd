package dev.trackbook.converter.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.converter.ConversionException;
import dev.trackbook.converter.notebook.Cell;
import dev.trackbook.converter.notebook.CellType;
import dev.trackbook.converter.notebook.Notebook;
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
}
