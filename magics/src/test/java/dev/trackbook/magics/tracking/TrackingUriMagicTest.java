package dev.trackbook.magics.tracking;

import static dev.trackbook.magics.MagicAssertions.assertUsageError;
import static dev.trackbook.magics.MagicAssertions.statements;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackingUriMagicTest {

  private final TrackingUriMagic magic = new TrackingUriMagic();

  @Test
  void help() {
    assertThat(magic.schema().help())
        .isEqualTo(
            """
            Usage: %tracking URI

            Log to another tracking server from now on (default: $TRACKBOOK_TRACKING_URI, else $MLFLOW_TRACKING_URI,
            else http://localhost:5000).

            Arguments:
              URI  the server's base URI, e.g. http://localhost:5000
            """);
  }

  @Test
  void httpUris() {
    assertThat(statements(magic, "https://mlflow.example.com/"))
        .isEqualTo("Tracking.setTrackingUri(\"https://mlflow.example.com/\");");
  }

  @Test
  void mistakes() {
    assertUsageError(
        magic,
        "localhost:5000",
        "%tracking: expected an http:// or https:// URI, got 'localhost:5000'");
    assertUsageError(
        magic,
        "file:///tmp/mlruns",
        "%tracking: expected an http:// or https:// URI, got 'file:///tmp/mlruns'");
    assertUsageError(
        magic, "http://a b", "%tracking: unexpected argument 'b' (usage: %tracking URI)");
    assertUsageError(
        magic, "http://bad host", "%tracking: unexpected argument 'host' (usage: %tracking URI)");
    assertUsageError(
        magic, "http://[x", "%tracking: expected an http:// or https:// URI, got 'http://[x'");
  }
}
