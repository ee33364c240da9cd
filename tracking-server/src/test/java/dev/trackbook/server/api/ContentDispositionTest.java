package dev.trackbook.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentDispositionTest {

  @Test
  void aPlainNameIsSentAsIs() {
    assertThat(ArtifactApi.contentDisposition("model.bin"))
        .isEqualTo("attachment; filename=\"model.bin\"");
  }

  @Test
  void anyOtherNameAlsoTravelsInUtf8AsRfc6266Says() {
    // A header's bytes are Latin-1: without filename* the download is named "  .txt".
    assertThat(ArtifactApi.contentDisposition("日本.txt"))
        .isEqualTo("attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt");
    assertThat(ArtifactApi.contentDisposition("über \"q\".csv"))
        .isEqualTo(
            "attachment; filename=\"_ber _q_.csv\"; filename*=UTF-8''%C3%BCber%20%22q%22.csv");
  }
}
