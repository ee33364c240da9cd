package dev.trackbook.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.client.model.ModelInputException;
import org.junit.jupiter.api.Test;

/** text/csv requests read as pandas' read_csv reads them, into the dataframe_split request. */
class CsvRequestTest {
  private static final String SPLIT =
      "{\"dataframe_split\":{\"columns\":[\"x0\",\"x1\"],\"data\":[[1.5,0.5],[-2,-0.25]]}}";

  @Test
  void aHeaderRowThenRowsOfNumbersBecomeADataframeSplit() {
    assertThat(CsvRequest.toJson("x0,x1\n1.5,0.5\n-2,-0.25\n")).isEqualTo(SPLIT);
    // CRLF, quoted cells, spaces around numbers, blank lines and no final newline, as pandas
    assertThat(CsvRequest.toJson("\r\nx0,\"x1\"\r\n\"1.5\", 0.5\r\n\r\n-2,-0.25")).isEqualTo(SPLIT);
    // numbers keep their digits, so a value too large for the model is named as sent
    assertThat(CsvRequest.toJson("a\n1e400\n"))
        .isEqualTo("{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[1E+400]]}}");
  }

  @Test
  void badCsvIsOneLineNamingTheLineAndColumn() {
    assertThatThrownBy(() -> CsvRequest.toJson(""))
        .isInstanceOf(ModelInputException.class)
        .hasMessage(
            "the CSV body is empty; send a header row, then one row of numbers per example");
    assertThatThrownBy(() -> CsvRequest.toJson("x0,x1\n"))
        .hasMessage("the CSV has a header row but no rows of numbers");
    assertThatThrownBy(() -> CsvRequest.toJson("x0,x1\n1,2\n3,4,5\n"))
        .isInstanceOf(ModelInputException.class)
        .hasMessage("CSV line 3 has 3 values but the header has 2 columns");
    assertThatThrownBy(() -> CsvRequest.toJson("x0,x1\n1,2\n3\n"))
        .hasMessage("CSV line 3 has 1 values but the header has 2 columns");
    assertThatThrownBy(() -> CsvRequest.toJson("x0,x1\n1,abc\n"))
        .hasMessage("CSV line 2, column 'x1': 'abc' is not a number");
    assertThatThrownBy(() -> CsvRequest.toJson("x0,x1\n1,NaN\n"))
        .hasMessage("CSV line 2, column 'x1': 'NaN' is not a number");
    assertThatThrownBy(() -> CsvRequest.toJson("x0,x1\n,1\n"))
        .hasMessage("CSV line 2, column 'x0': the value is missing");
    assertThatThrownBy(() -> CsvRequest.toJson("x0,x1\n1,\"2\n3,4\n"))
        .isInstanceOf(ModelInputException.class)
        .hasMessage("malformed CSV at line 4: Missing closing quote for value");
  }
}
