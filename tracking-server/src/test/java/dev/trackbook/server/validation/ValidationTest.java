package dev.trackbook.server.validation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.Dataset;
import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Tag;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

  private static void invalid(Runnable check, String inMessage) {
    assertThatThrownBy(check::run)
        .isInstanceOfSatisfying(
            TrackingException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageContaining(inMessage);
  }

  @ParameterizedTest
  @ValueSource(strings = {"loss", "train/loss", "a.b-c_d e:f", "ünïcode", "a..b", "x/y/z"})
  void acceptsMlflowKeys(String key) {
    assertThatCode(() -> Validation.metricKey(key)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/abs",
        "a/../b",
        "..",
        "../a",
        "..a",
        "a/",
        "a//b",
        "./a",
        "a/.",
        "semi;colon",
        "q'uote",
        "tab\t",
        "star*"
      })
  void rejectsKeysThatAreNotMlflowNames(String key) {
    invalid(() -> Validation.paramKey(key), "param name");
  }

  @Test
  void keyLengthLimitIs250() {
    assertThatCode(() -> Validation.tagKey("k".repeat(250))).doesNotThrowAnyException();
    invalid(() -> Validation.tagKey("k".repeat(251)), "250");
    invalid(() -> Validation.tagKey(null), "null");
  }

  @Test
  void valueLimitsFollowMlflow() {
    assertThatCode(() -> Validation.param(new Param("p", "v".repeat(6000))))
        .doesNotThrowAnyException();
    invalid(() -> Validation.param(new Param("p", "v".repeat(6001))), "6000");
    assertThatCode(() -> Validation.runTag(new Tag("t", "v".repeat(8000))))
        .doesNotThrowAnyException();
    invalid(() -> Validation.runTag(new Tag("t", "v".repeat(8001))), "8000");
    assertThatCode(() -> Validation.runTag(new Tag("mlflow.parentRunId", "r".repeat(256))))
        .doesNotThrowAnyException();
    invalid(() -> Validation.runTag(new Tag("mlflow.parentRunId", "r".repeat(257))), "256");
    invalid(() -> Validation.experimentTag(new Tag("t", "v".repeat(5001))), "5000");
    invalid(() -> Validation.param(new Param("p", null)), "'p'");
  }

  @Test
  void batchLimitsFollowMlflow() {
    List<Metric> m1000 = Collections.nCopies(1000, new Metric("m", 1, 1, 1));
    List<Param> p100 = Collections.nCopies(100, new Param("p", "v"));
    List<Tag> t100 = Collections.nCopies(100, new Tag("t", "v"));
    assertThatCode(() -> Validation.batch(m1000, List.of(), List.of())).doesNotThrowAnyException();
    assertThatCode(() -> Validation.batch(m1000.subList(0, 800), p100, t100))
        .doesNotThrowAnyException();
    invalid(
        () ->
            Validation.batch(
                Collections.nCopies(1001, new Metric("m", 1, 1, 1)), List.of(), List.of()),
        "1000 metrics");
    invalid(
        () -> Validation.batch(List.of(), Collections.nCopies(101, new Param("p", "v")), List.of()),
        "100 params");
    invalid(
        () -> Validation.batch(List.of(), List.of(), Collections.nCopies(101, new Tag("t", "v"))),
        "100 tags");
    invalid(() -> Validation.batch(m1000.subList(0, 801), p100, t100), "1001");
    invalid(
        () ->
            Validation.batch(
                List.of(), List.of(new Param("p", "1"), new Param("p", "2")), List.of()),
        "'p'");
  }

  @Test
  void experimentAndRunNames() {
    invalid(() -> Validation.experimentName(""), "experiment name");
    invalid(() -> Validation.experimentName("   "), "experiment name");
    invalid(() -> Validation.experimentName("e".repeat(257)), "256");
    assertThatCode(() -> Validation.experimentName("My experiment / v2"))
        .doesNotThrowAnyException();
    invalid(() -> Validation.runName("r".repeat(251)), "250");
    assertThatCode(() -> Validation.runName(null)).doesNotThrowAnyException();
  }

  @Test
  void runIdsAndDatasets() {
    assertThatCode(() -> Validation.runId("0123456789abcdef0123456789abcdef"))
        .doesNotThrowAnyException();
    invalid(() -> Validation.runId("'; DROP TABLE runs"), "Invalid run id");
    invalid(() -> Validation.runId(""), "empty");
    Dataset ok = new Dataset("iris", "abc", "local", "/data/iris.csv", null, null);
    assertThatCode(() -> Validation.datasetInput(new DatasetInput(List.of(), ok)))
        .doesNotThrowAnyException();
    invalid(
        () ->
            Validation.datasetInput(
                new DatasetInput(
                    List.of(), new Dataset("iris", "d".repeat(37), "local", "s", null, null))),
        "digest");
    invalid(
        () -> Validation.datasetInput(new DatasetInput(List.of(new Tag("k", "v".repeat(501))), ok)),
        "500");
  }
}
