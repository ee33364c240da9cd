package dev.trackbook.converter.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The nbformat minor version matches the cells: ids only in 4.5, and every cell has one there. */
class IpynbWriterTest {

  static Notebook notebook(String... ids) {
    List<Cell> cells = new ArrayList<>();
    for (String id : ids) {
      cells.add(new Cell(CellType.CODE, id, "int a = 1;", List.of()));
    }
    return new Notebook(cells, Map.of("name", "trackbook"));
  }

  static JsonNode written(Notebook notebook) throws Exception {
    return new ObjectMapper().readTree(new IpynbWriter().write(notebook));
  }

  @Test
  void cellsWithoutIdsAreNbformat44() throws Exception {
    JsonNode nb = written(notebook(null, null));
    assertThat(nb.get("nbformat_minor").asInt()).isEqualTo(4);
    nb.get("cells").forEach(c -> assertThat(c.has("id")).isFalse());
    assertThat(new IpynbReader().parse(nb.toString(), "x").cells())
        .isEqualTo(notebook(null, null).cells());
  }

  @Test
  void cellsWithIdsAreNbformat45() throws Exception {
    JsonNode nb = written(notebook("a", "b"));
    assertThat(nb.get("nbformat_minor").asInt()).isEqualTo(5);
    assertThat(nb.get("cells").get(1).get("id").asText()).isEqualTo("b");
  }

  @Test
  void aCellMissingItsIdAmongCellsWithIdsGetsOne() throws Exception {
    JsonNode nb = written(notebook("a", null, "b"));
    assertThat(nb.get("nbformat_minor").asInt()).isEqualTo(5);
    assertThat(nb.get("cells").get(1).get("id").asText()).matches("[0-9a-f]{8}");
  }
}
