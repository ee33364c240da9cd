package dev.trackbook.nbtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trackbook.converter.ConversionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmokeParameterDeclarationsTest {
  private static NotebookFile.Cell parametersCell(String source) {
    return new NotebookFile.Cell(
        2, "p", "code", source, Set.of("parameters"), JsonNodeFactory.instance.objectNode());
  }

  @Test
  void valuesAreTypedByTheParametersCellAsThePipelineRunnerTypesThem() {
    NotebookFile.Cell cell =
        parametersCell(
            "int epochs = 2;\nString hiddenSizes = \"16,64\"; // comma-separated\n"
                + "float lr = 0.002f;\ndouble decay = 0.5;\nint untouched = 3;");
    Map<String, Object> smoke = new LinkedHashMap<>();
    smoke.put("hiddenSizes", "16"); // JSON "16": a String parameter stays a string
    smoke.put("epochs", 1L);
    smoke.put("lr", 1L); // JSON 1 for a float
    smoke.put("decay", 1e-4);

    assertThat(NotebookExecution.declarations(cell, smoke))
        .isEqualTo(
            "int epochs = 1;\nString hiddenSizes = \"16\";\nfloat lr = 1.0f;\ndouble decay = 1.0E-4;\n");
  }

  @Test
  void anUndeclaredOrIllTypedValueIsAnErrorNamingIt() {
    NotebookFile.Cell cell = parametersCell("int epochs = 2;");
    assertThatThrownBy(() -> NotebookExecution.declarations(cell, Map.of("epoch", 1L)))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("unknown parameter epoch");
    assertThatThrownBy(() -> NotebookExecution.declarations(cell, Map.of("epochs", "many")))
        .hasMessageContaining("expected an int, got 'many'");
  }

  @Test
  void aCellOfOtherStatementsGetsPlainAssignments() {
    NotebookFile.Cell cell = parametersCell("int epochs = 2;\nSystem.out.println(epochs);");
    assertThat(NotebookExecution.declarations(cell, Map.of("epochs", 1L)))
        .isEqualTo("epochs = 1;\n");
  }
}
