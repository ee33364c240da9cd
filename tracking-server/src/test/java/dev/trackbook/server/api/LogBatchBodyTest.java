package dev.trackbook.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogBatchBodyTest {

  private static LogBatchBody.Parsed fast(String json) {
    return LogBatchBody.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** What the general path (JSON tree, ApiRequest) reads from the same body. */
  private static LogBatchBody.Parsed general(String json) throws Exception {
    ApiRequest r = ApiRequest.ofJson((ObjectNode) JsonEndpoints.MAPPER.readTree(json));
    return new LogBatchBody.Parsed(
        r.requiredString("run_id"),
        WireJson.metrics(r, "metrics"),
        WireJson.params(r, "params"),
        WireJson.tags(r, "tags"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"run_id\":\"r1\",\"metrics\":[{\"key\":\"loss\",\"value\":0.5,\"timestamp\":17,\"step\":3}]}",
        "{\"metrics\":[{\"step\":-2,\"timestamp\":1,\"value\":7,\"key\":\"a b/c:d\"},"
            + "{\"key\":\"x\",\"value\":1e308,\"timestamp\":9223372036854775807}],\"run_id\":\"r\"}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"n\",\"value\":NaN,\"timestamp\":1},"
            + "{\"key\":\"i\",\"value\":-Infinity,\"timestamp\":1}]}",
        "{\"run_id\":\"r\",\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"},{\"key\":\"empty\"}],"
            + "\"tags\":[{\"key\":\"t\",\"value\":\"<b>\\u00e9\\n</b>\"}],\"metrics\":[]}",
        " {\"run_id\":\"r\"} \n",
      })
  void readsPlainBodiesAsTheGeneralPathDoes(String json) throws Exception {
    LogBatchBody.Parsed fast = fast(json);
    assertThat(fast).isNotNull();
    assertThat(fast).isEqualTo(general(json)); // record equality: NaN equals NaN, bit for bit
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"m\",\"value\":\"1.5\",\"timestamp\":1}]}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":\"1\"}]}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1.5}]}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"m\",\"value\":1}]}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1,\"x\":1}]}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"m\",\"key\":\"n\",\"value\":1,\"timestamp\":1}]}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":null,\"value\":1,\"timestamp\":1}]}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":99999999999999999999}]}",
        "{\"run_id\":\"r\",\"metrics\":[1]}",
        "{\"run_id\":\"r\",\"metrics\":{}}",
        "{\"run_id\":\"r\",\"params\":[{\"key\":\"p\",\"value\":1}]}",
        "{\"run_id\":\"r\",\"run_id\":\"s\"}",
        "{\"run_id\":7}",
        "{\"metrics\":[]}",
        "{\"run_id\":\"r\",\"other\":1}",
        "{\"run_id\":\"r\"} {}",
        "{\"run_id\":\"r\",\"metrics\":[{\"key\":\"m\",\"value\":1,\"timestamp\":1}",
      })
  void leavesEverythingElseToTheGeneralPath(String json) {
    assertThat(fast(json)).isNull();
  }
}
