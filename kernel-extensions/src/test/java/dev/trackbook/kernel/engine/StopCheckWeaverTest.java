package dev.trackbook.kernel.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import org.junit.jupiter.api.Test;

class StopCheckWeaverTest {

  private static byte[] classFileOf(Class<?> type) throws Exception {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return in.readAllBytes();
    }
  }

  @Test
  void aClassFileFromAJdkNewerThanAsmKnowsIsRefusedWithTheReason() throws Exception {
    byte[] future = classFileOf(StopCheckWeaverTest.class);
    future[6] = 0;
    future[7] = 99; // major version 99: Java 55
    assertThatThrownBy(() -> StopCheckWeaver.weave(future))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99");
  }

  @Test
  void aWovenClassCallsTheCheck() throws Exception {
    byte[] woven = StopCheckWeaver.weave(classFileOf(StopCheckWeaverTest.class));
    assertThat(new String(woven, java.nio.charset.StandardCharsets.ISO_8859_1))
        .contains("dev/trackbook/kernel/engine/CellStop");
  }
}
