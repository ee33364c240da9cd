package dev.trackbook.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.RunStatus;
import dev.trackbook.server.model.ViewType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiRequestTest {

  private static ApiRequest body(String json) throws Exception {
    return ApiRequest.ofJson((ObjectNode) JsonEndpoints.MAPPER.readTree(json.replace('\'', '"')));
  }

  @Test
  void int64AcceptsNumbersAndDecimalStrings() throws Exception {
    ApiRequest r = body("{'a':1700000000000,'b':'1700000000001','c':' 42 '}");
    assertThat(r.requiredLong("a")).isEqualTo(1_700_000_000_000L);
    assertThat(r.requiredLong("b")).isEqualTo(1_700_000_000_001L);
    assertThat(r.optionalLong("c")).isEqualTo(42L);
    assertThat(r.optionalLong("absent")).isNull();
  }

  @Test
  void int64RefusesFractionsWordsAndObjects() throws Exception {
    ApiRequest r = body("{'a':1.5,'b':'ten','c':{},'d':true}");
    for (String field : List.of("a", "b", "c", "d")) {
      assertThatThrownBy(() -> r.requiredLong(field))
          .isInstanceOf(TrackingException.class)
          .hasMessageStartingWith("Invalid value ")
          .hasMessageContaining("for parameter '" + field + "' supplied");
    }
  }

  @Test
  void int64TakesWholeNumbersWrittenAsFloatsAsProtobufDoes() throws Exception {
    ApiRequest r = body("{'step':3.0,'timestamp':1.7e12,'zero':-0.0,'huge':1e19}");
    assertThat(r.requiredLong("step")).isEqualTo(3L);
    assertThat(r.requiredLong("timestamp")).isEqualTo(1_700_000_000_000L);
    assertThat(r.requiredLong("zero")).isZero();
    assertThatThrownBy(() -> r.requiredLong("huge"))
        .isInstanceOf(TrackingException.class)
        .hasMessageContaining("for parameter 'huge' supplied");
  }

  @Test
  void doublesAcceptProtobufAndPythonSpellingsOfNonFiniteValues() throws Exception {
    ApiRequest r =
        body("{'a':'NaN','b':'Infinity','c':'-Infinity','d':NaN,'e':'0.25','f':-Infinity}");
    assertThat(r.requiredDouble("a")).isNaN();
    assertThat(r.requiredDouble("b")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(r.requiredDouble("c")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(r.requiredDouble("d")).isNaN();
    assertThat(r.requiredDouble("e")).isEqualTo(0.25);
    assertThat(r.requiredDouble("f")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> body("{'x':'high'}").requiredDouble("x")).hasMessageContaining("'x'");
  }

  @Test
  void missingFieldsUseMlflowsMessage() throws Exception {
    assertThatThrownBy(() -> body("{}").requiredString("name"))
        .hasMessage("Missing value for required parameter 'name'.");
    assertThatThrownBy(() -> body("{'name':null}").requiredString("name"))
        .hasMessage("Missing value for required parameter 'name'.");
    assertThatThrownBy(() -> body("{'run_id':''}").runId())
        .hasMessage("Missing value for required parameter 'run_id'.");
  }

  @Test
  void runIdFallsBackToRunUuid() throws Exception {
    assertThat(body("{'run_uuid':'abc'}").runId()).isEqualTo("abc");
    assertThat(body("{'run_id':'x','run_uuid':'y'}").runId()).isEqualTo("x");
  }

  @Test
  void stringsMustBeStrings() throws Exception {
    assertThatThrownBy(() -> body("{'name':123}").requiredString("name"))
        .hasMessage("Invalid value 123 for parameter 'name' supplied: expected a string.");
  }

  @Test
  void queryParametersBecomeStringsAndRepeatedOnesLists() {
    ApiRequest r =
        ApiRequest.ofQuery(
            Map.of("run_ids", List.of("a", "b"), "one", List.of("x"), "max_results", List.of("7")));
    assertThat(r.stringList("run_ids")).containsExactly("a", "b");
    assertThat(r.stringList("one")).containsExactly("x");
    assertThat(r.intInRange("max_results", 1, 10, 5)).isEqualTo(7);
    assertThat(r.intInRange("absent", 1, 10, 5)).isEqualTo(5);
  }

  @Test
  void aSingleStringIsNotAListInABody() throws Exception {
    assertThatThrownBy(() -> body("{'experiment_ids':'0'}").stringList("experiment_ids"))
        .hasMessageContaining("expected a list of strings");
    assertThatThrownBy(() -> body("{'run_ids':['0',1]}").stringList("run_ids"))
        .hasMessageContaining("expected a list of strings");
  }

  @Test
  void integerExperimentIdsAreReadAsStringsAsMlflowReadsThem() throws Exception {
    ApiRequest r = body("{'experiment_id':7,'experiment_ids':['0',1,'2']}");
    assertThat(r.requiredString("experiment_id")).isEqualTo("7");
    assertThat(r.stringList("experiment_ids")).containsExactly("0", "1", "2");
    // only experiment ids: other fields keep their type checks
    assertThatThrownBy(() -> body("{'name':7}").requiredString("name"))
        .hasMessageContaining("expected a string");
  }

  @Test
  void rangesAreChecked() throws Exception {
    assertThatThrownBy(() -> body("{'max_results':0}").intInRange("max_results", 1, 50000, 1000))
        .hasMessageContaining("between 1 and 50000");
    assertThatThrownBy(
            () -> body("{'max_results':99999999999}").intInRange("max_results", 1, 50000, 1000))
        .hasMessageContaining("between 1 and 50000");
  }

  @Test
  void enumsByNameOrProtoNumber() throws Exception {
    assertThat(body("{'v':'ALL'}").optionalEnum("v", ViewType.class)).isEqualTo(ViewType.ALL);
    assertThat(body("{'v':2}").optionalEnum("v", ViewType.class)).isEqualTo(ViewType.DELETED_ONLY);
    assertThat(body("{'s':3}").optionalEnum("s", RunStatus.class)).isEqualTo(RunStatus.FINISHED);
    // protobuf's JSON parser takes the number in a string too; a query string can give no other
    assertThat(body("{'s':'4'}").optionalEnum("s", RunStatus.class)).isEqualTo(RunStatus.FAILED);
    assertThat(ApiRequest.ofQuery(Map.of("v", List.of("3"))).optionalEnum("v", ViewType.class))
        .isEqualTo(ViewType.ALL);
    assertThatThrownBy(() -> body("{'s':'6'}").optionalEnum("s", RunStatus.class))
        .isInstanceOf(TrackingException.class);
    assertThatThrownBy(() -> body("{'s':'DONE'}").optionalEnum("s", RunStatus.class))
        .hasMessageContaining("RUNNING");
    assertThatThrownBy(() -> body("{'s':0}").optionalEnum("s", RunStatus.class))
        .isInstanceOf(TrackingException.class);
  }

  @Test
  void nestedObjectsNameTheFullPath() throws Exception {
    ApiRequest r = body("{'metrics':[{'key':'a','value':1}]}");
    assertThatThrownBy(() -> WireJson.metrics(r, "metrics"))
        .hasMessage("Missing value for required parameter 'metrics[0].timestamp'.");
  }
}
