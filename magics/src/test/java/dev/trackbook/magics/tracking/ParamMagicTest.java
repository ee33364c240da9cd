package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.expression;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParamMagicTest {

  private final ParamMagic magic = new ParamMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %param KEY=VALUE...

            Declare typed Java variables and log them as parameters of the active run.
            Types: true/false boolean; whole numbers int (long if too big or with L); other numbers double;
            anything else String ('quoted' forces a String).

            Arguments:
              KEY=VALUE  variable name and value, e.g. lr=0.01 epochs=10 optimizer=adam
            """);
  }

  @Test
  void aJavaNameInAnyScriptIsAVariable() {
    assertThat(statements(magic, "α=0.1 学习率=0.01"))
        .isEqualTo(
            """
            double α = 0.1;
            double 学习率 = 0.01;
            Tracking.param("α", α);
            Tracking.param("学习率", 学习率);""");
  }

  @Test
  void valuesAreTyped() {
    assertThat(
            statements(
                magic, "a=1 b=-2 c=7L d=1e-3 e=+.5 f=false g=hello h='42' i=99999999999999999999"))
        .isEqualTo(
            """
            int a = 1;
            int b = -2;
            long c = 7L;
            double d = 0.001;
            double e = 0.5;
            boolean f = false;
            String g = "hello";
            String h = "42";
            double i = 1.0E20;
            Tracking.param("a", a);
            Tracking.param("b", b);
            Tracking.param("c", c);
            Tracking.param("d", d);
            Tracking.param("e", e);
            Tracking.param("f", f);
            Tracking.param("g", g);
            Tracking.param("h", h);
            Tracking.param("i", i);""");
    assertThat(expression(magic, "a=1")).isNull();
  }

  @Test
  void stringValuesAreEscaped() {
    assertThat(statements(magic, "path=C:\\data\\x \"msg=a \\\"b\\\"\""))
        .startsWith("String path = \"C:\\\\data\\\\x\";\nString msg = \"a \\\"b\\\"\";");
  }

  @Test
  void keysMustBeJavaVariableNames() {
    assertUsageError(
        magic,
        "model.depth=3",
        "%param: 'model.depth' is not a Java variable name (%param declares a variable per key)");
    assertUsageError(
        magic,
        "class=3",
        "%param: 'class' is not a Java variable name (%param declares a variable per key)");
    assertUsageError(magic, "lr", "%param: expected key=value, got 'lr'");
    assertUsageError(magic, "=3", "%param: expected key=value, got '=3'");
    assertUsageError(magic, "lr=1 lr=2", "%param: 'lr' given twice");
    assertUsageError(magic, "", "%param: expected key=value (usage: %param KEY=VALUE...)");
  }

  @Test
  void aSemicolonOfJavaHabitIsRefusedNotLoggedInTheValue() {
    // it declared String lr = "0.01;" and logged that
    assertUsageError(
        magic,
        "epochs=3 lr=0.01;",
        "%param: a magic line takes no ';' at its end (it is not a Java statement)");
    assertThat(statements(magic, "sep=\";\"")).startsWith("String sep = \";\";");
  }

  @Test
  void overlongValuesAreRefusedBeforeTheServerCouldDropThem() {
    assertUsageError(
        magic, "x=" + "a".repeat(6001), "%param: value of 'x' is longer than 6000 characters");
  }
}
