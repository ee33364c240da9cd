package dev.trackbook.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Content-Types /invocations reads, as mlflow models serve reads them. */
class RequestFormatTest {

  @Test
  void jsonAndCsvWhateverTheCaseAndAUtf8Charset() {
    assertThat(RequestFormat.of("application/json")).isEqualTo(RequestFormat.JSON);
    assertThat(RequestFormat.of("Application/JSON; charset=UTF-8")).isEqualTo(RequestFormat.JSON);
    assertThat(RequestFormat.of("text/csv")).isEqualTo(RequestFormat.CSV);
    assertThat(RequestFormat.of("Text/CSV; charset=\"utf-8\"")).isEqualTo(RequestFormat.CSV);
  }

  @Test
  void noContentTypeAtAllIsReadAsJson() {
    assertThat(RequestFormat.of(null)).isEqualTo(RequestFormat.JSON);
    assertThat(RequestFormat.of(" ")).isEqualTo(RequestFormat.JSON);
  }

  @Test
  void anyOtherTypeOrCharsetIsRefusedSayingWhatToSend() {
    assertThatThrownBy(() -> RequestFormat.of("text/plain"))
        .isInstanceOf(RequestFormat.UnsupportedException.class)
        .hasMessage("send Content-Type application/json or text/csv; got 'text/plain'");
    assertThatThrownBy(() -> RequestFormat.of("text/csvx"))
        .hasMessage("send Content-Type application/json or text/csv; got 'text/csvx'");
    assertThatThrownBy(() -> RequestFormat.of("application/x-www-form-urlencoded"))
        .hasMessage(
            "send Content-Type application/json or text/csv; got"
                + " 'application/x-www-form-urlencoded' (curl -d sends that unless given -H"
                + " 'Content-Type: application/json')");
    assertThatThrownBy(() -> RequestFormat.of("application/json; charset=latin-1"))
        .hasMessage("the body is read as UTF-8 only; got charset latin-1");
  }
}
