package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trackbook.converter.ConversionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmokeParametersTest {
  private static NotebookFile.Cell cell(int index, String source, String... tags) {
    return new NotebookFile.Cell(
        index, "c" + index, "code", source, Set.of(tags), JsonNodeFactory.instance.objectNode());
  }

  private static NotebookFile notebook(NotebookFile.Cell... cells) {
    return new NotebookFile(
        Path.of("nb.ipynb"), null, JsonNodeFactory.instance.objectNode(), List.of(cells));
  }

  /** What runs after each cell, in order. */
  private static List<String> injected(NotebookFile nb, Map<String, Object> values) {
    SmokeParameters parameters = SmokeParameters.of(nb, values);
    List<String> code = new ArrayList<>();
    nb.cells().forEach(c -> code.add(parameters.after(c)));
    return code;
  }

  @Test
  void valuesAreTypedByTheParametersCellAsThePipelineRunnerTypesThem() {
    NotebookFile nb =
        notebook(
            cell(0, "import java.util.*;"),
            cell(
                1,
                "int epochs = 2;\nString hiddenSizes = \"16,64\"; // comma-separated\n"
                    + "float lr = 0.002f;\ndouble decay = 0.5;\nint untouched = 3;",
                "parameters"));
    Map<String, Object> smoke = new LinkedHashMap<>();
    smoke.put("hiddenSizes", "16"); // JSON "16": a String parameter stays a string
    smoke.put("epochs", 1L);
    smoke.put("lr", 1L); // JSON 1 for a float
    smoke.put("decay", 1e-4);

    assertThat(injected(nb, smoke))
        .containsExactly(
            "",
            "int epochs = 1;\nString hiddenSizes = \"16\";\nfloat lr = 1.0f;\ndouble decay = 1.0E-4;\n");
  }

  @Test
  void anUndeclaredOrIllTypedValueIsAnErrorNamingIt() {
    NotebookFile nb = notebook(cell(0, "int epochs = 2;", "parameters"));
    assertThatThrownBy(() -> SmokeParameters.of(nb, Map.of("epoch", 1L)))
        .isInstanceOf(ConversionException.class)
        .hasMessage(
            "smoke parameters {epoch=1}: unknown parameter epoch; the parameters cell declares"
                + " epochs");
    assertThatThrownBy(() -> SmokeParameters.of(nb, Map.of("epochs", "many")))
        .hasMessageContaining("expected an int, got 'many'");
  }

  @Test
  void parametersWithoutACellTaggedParametersAreAnErrorAsInThePipelineRunner() {
    NotebookFile nb = notebook(cell(0, "int epochs = 5;"), cell(1, "train(epochs);"));
    assertThatThrownBy(() -> SmokeParameters.of(nb, Map.of("epochs", 1L)))
        .hasMessage(
            "smoke parameters {epochs=1}: unknown parameter epochs; there is no cell tagged"
                + " parameters");
    assertThat(injected(nb, Map.of())).containsExactly("", "");
  }

  @Test
  void eachParametersCellGetsTheValuesOfWhatItDeclares() {
    NotebookFile nb =
        notebook(
            cell(0, "int epochs = 5;", "parameters"),
            cell(1, "String name = \"a\";", "parameters"),
            cell(2, "run(epochs, name);"));
    assertThat(injected(nb, Map.of("epochs", "1"))).containsExactly("int epochs = 1;\n", "", "");
    Map<String, Object> both = new LinkedHashMap<>();
    both.put("epochs", "1");
    both.put("name", "b");
    assertThat(injected(nb, both))
        .containsExactly("int epochs = 1;\n", "String name = \"b\";\n", "");
    assertThatThrownBy(() -> SmokeParameters.of(nb, Map.of("lr", "1")))
        .hasMessageEndingWith("unknown parameter lr; the parameters cells declare epochs, name");
  }

  @Test
  void initializersThatAreNoLiteralsStillTypeTheirValuesByTheDeclaredType() {
    NotebookFile nb =
        notebook(
            cell(
                0,
                "double lr = Math.pow(10, -1);\nfloat f = 2f * 1;\n"
                    + "long steps = Long.parseLong(\"3\");\nString tag = String.valueOf(1);\n"
                    + "System.out.println(lr);",
                "parameters"));
    Map<String, Object> smoke = new LinkedHashMap<>();
    smoke.put("lr", "1e-3");
    smoke.put("f", "0.5");
    smoke.put("steps", "10000000000");
    smoke.put("tag", "7");

    assertThat(injected(nb, smoke))
        .containsExactly(
            "double lr = 0.001;\nfloat f = 0.5f;\nlong steps = 10000000000L;\nString tag = \"7\";\n");
  }

  @Test
  void aVarWhoseTypeNoLiteralSaysCannotBeSet() {
    NotebookFile nb = notebook(cell(0, "var seed = 42;\nvar x = Math.random();", "parameters"));
    assertThat(injected(nb, Map.of("seed", "7"))).containsExactly("var seed = 7;\n");
    assertThatThrownBy(() -> SmokeParameters.of(nb, Map.of("x", "0.5")))
        .hasMessage(
            "smoke parameters {x=0.5}: parameter x is declared var with a value that is not a"
                + " literal, so its type is unknown; declare it as int, long, double, float,"
                + " boolean or String to set it");
  }
}
