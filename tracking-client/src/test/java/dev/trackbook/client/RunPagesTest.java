package dev.trackbook.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunPagesTest {
  @Test
  void linksRoutesOfTheWebUiUnderTheTrackingUri() {
    assertThat(RunPages.run("http://tracking:5000/", "3", "ab12"))
        .isEqualTo("http://tracking:5000/#/experiments/3/runs/ab12");
    assertThat(RunPages.experiment("https://example.org/mlflow", "0"))
        .isEqualTo("https://example.org/mlflow/#/experiments/0");
    assertThat(RunPages.run("http://[::1]:5000", "1", "r"))
        .isEqualTo("http://[::1]:5000/#/experiments/1/runs/r");
  }

  @Test
  void neverShowsCredentialsAndEncodesIds() {
    assertThat(RunPages.run("http://alice:s3cret@tracking:5000", "1", "a b/../c"))
        .isEqualTo("http://tracking:5000/#/experiments/1/runs/a%20b%2F..%2Fc");
  }
}
