package dev.trackbook.cli.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.trackbook.client.model.ModelInputException;
import dev.trackbook.client.model.ModelJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code text/csv} prediction request as {@code mlflow models serve} reads it (pandas' {@code
 * read_csv}: a header row, then one row per example; blank lines skipped), turned into the {@code
 * dataframe_split} request it stands for, so the model checks it exactly as that JSON: the column
 * count against the signature, columns taken by position (a tensor signature names no columns, as
 * in MLflow), so the header's names are not matched.
 */
final class CsvRequest {
  static final String MEDIA_TYPE = "text/csv";

  private static final ObjectReader ROWS =
      new CsvMapper().readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY);

  private CsvRequest() {}

  /**
   * The {@code {"dataframe_split": {"columns": [...], "data": [[...], ...]}}} request of a CSV
   * body; numbers keep the digits they were sent with.
   *
   * @throws ModelInputException one line naming the line (and column) that is wrong
   */
  static String toJson(String csv) {
    List<String> columns = null;
    List<List<BigDecimal>> data = new ArrayList<>();
    try (MappingIterator<String[]> rows = ROWS.readValues(csv == null ? "" : csv)) {
      while (rows.hasNextValue()) {
        String[] row = rows.nextValue();
        long line = rows.getParser().currentTokenLocation().getLineNr();
        if (row.length == 1 && row[0].isBlank()) {
          continue;
        }
        if (columns == null) {
          columns = Arrays.asList(row);
        } else {
          data.add(numbers(row, columns, line));
        }
      }
    } catch (JsonProcessingException e) {
      throw new ModelInputException(
          "malformed CSV at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ModelInputException("malformed CSV: " + e.getMessage());
    }
    if (columns == null) {
      throw new ModelInputException(
          "the CSV body is empty; send a header row, then one row of numbers per example");
    }
    if (data.isEmpty()) {
      throw new ModelInputException("the CSV has a header row but no rows of numbers");
    }
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("columns", columns);
    frame.put("data", data);
    return ModelJson.writeCompact(Map.of("dataframe_split", frame));
  }

  private static List<BigDecimal> numbers(String[] row, List<String> columns, long line) {
    if (row.length != columns.size()) {
      throw new ModelInputException(
          "CSV line "
              + line
              + " has "
              + row.length
              + " values but the header has "
              + columns.size()
              + " columns");
    }
    List<BigDecimal> values = new ArrayList<>(row.length);
    for (int i = 0; i < row.length; i++) {
      String cell = row[i].trim();
      try {
        values.add(new BigDecimal(cell));
      } catch (NumberFormatException e) {
        // pandas would read an empty cell or "nan" as NaN; the model takes finite numbers only
        throw new ModelInputException(
            "CSV line "
                + line
                + ", column '"
                + columns.get(i)
                + "': "
                + (cell.isEmpty()
                    ? "the value is missing"
                    : "'" + shown(cell) + "' is not a number"));
      }
    }
    return values;
  }

  private static String shown(String cell) {
    return cell.length() <= 40 ? cell : cell.substring(0, 40) + "...";
  }
}
