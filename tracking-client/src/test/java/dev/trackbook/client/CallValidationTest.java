package dev.trackbook.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.validation.Validation;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client checks at the call what the server would refuse later; the two must agree, or a key
 * the server takes is lost at the call, or one it refuses is journaled and dropped much later. The
 * client jar cannot depend on the server, so its rules are a mirror, pinned here to the server's.
 */
class CallValidationTest {
  private static final List<String> KEYS =
      Arrays.asList(
          "loss",
          "val/acc",
          "a b:c/d-e.f_g",
          "précision",
          "学习率",
          "ñ/ü",
          "x".repeat(250),
          "x".repeat(251),
          "é".repeat(250),
          "",
          null,
          "bad key!",
          "tab\there",
          "emoji😀",
          "..hidden",
          "..",
          ".",
          "./a",
          "a/.",
          "a/./b",
          "a/../b",
          "a..b",
          "a/..b",
          "/a",
          "a/",
          "a//b");

  @Test
  void keysAreAcceptedExactlyWhenTheServerAcceptsThem() {
    for (String key : KEYS) {
      boolean server = serverAccepts(key);
      for (String kind : List.of("metric", "param", "tag")) {
        assertThat(CallValidation.checkKey(kind, key) == null)
            .as("client and server on %s key '%s'", kind, key)
            .isEqualTo(server);
      }
    }
    assertThat(serverAccepts("précision")).isTrue(); // the cases above cover both answers
    assertThat(serverAccepts("..hidden")).isFalse();
  }

  @Test
  void userTextWithLineBreaksStaysOnTheMessagesOneLine() {
    assertThat(CallValidation.checkKey("metric", "a\nb")).hasLineCount(1).contains("'a\\nb'");
    assertThat(CallValidation.checkParamUnchanged("p", "one\r\nline", "two\nlines"))
        .hasLineCount(1)
        .contains("'one\\r\\nline'", "'two\\nlines'");
  }

  @Test
  void theClientsLimitsAreTheServers() {
    assertThat(CallValidation.MAX_KEY_LENGTH).isEqualTo(Validation.MAX_KEY_LENGTH);
    assertThat(CallValidation.MAX_PARAM_VALUE_LENGTH).isEqualTo(Validation.MAX_PARAM_VALUE_LENGTH);
    assertThat(CallValidation.MAX_TAG_VALUE_LENGTH).isEqualTo(Validation.MAX_TAG_VALUE_LENGTH);
    assertThat(CallValidation.MAX_RUN_NAME_LENGTH).isEqualTo(Validation.MAX_RUN_NAME_LENGTH);
    assertThat(CallValidation.MAX_EXPERIMENT_NAME_LENGTH)
        .isEqualTo(Validation.MAX_EXPERIMENT_NAME_LENGTH);
    assertThat(CallValidation.MAX_DATASET_NAME_LENGTH)
        .isEqualTo(Validation.MAX_DATASET_NAME_LENGTH);
    assertThat(CallValidation.MAX_DATASET_DIGEST_LENGTH)
        .isEqualTo(Validation.MAX_DATASET_DIGEST_LENGTH);
    assertThat(CallValidation.MAX_DATASET_SOURCE_TYPE_LENGTH)
        .isEqualTo(Validation.MAX_DATASET_SOURCE_TYPE_LENGTH);
    assertThat(CallValidation.MAX_DATASET_SOURCE_LENGTH)
        .isEqualTo(Validation.MAX_DATASET_SOURCE_LENGTH);
    assertThat(CallValidation.MAX_INPUT_TAG_VALUE_LENGTH)
        .isEqualTo(Validation.MAX_INPUT_TAG_VALUE_LENGTH);
  }

  private static boolean serverAccepts(String key) {
    try {
      Validation.metricKey(key);
      return true;
    } catch (TrackingException e) {
      return false;
    }
  }
}
