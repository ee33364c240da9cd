package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./trackbook up} (scripts/up) refuses what it cannot do before it sets anything up. HOME
 * and Jupyter's data dir point into a temp dir, so a regression that goes on to install the
 * kernelspec or start servers touches nothing of the user's, and its processes are killed.
 */
class UpScriptTest {
  private static final Path UP = Path.of("../scripts/up").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void helpPrintsUsageAndStartsNothing() throws Exception {
    ScriptRun r = up("--help");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("Usage: ./trackbook up", "--port", "--jupyter-port");
    assertThat(r.output()).doesNotContain("kernelspec trackbook-java", "Tracking server:");
  }

  @Test
  void theLaunchersUpHelpAnswersWithoutBuildingFirst() throws Exception {
    // A copy of the launcher and scripts/up with no build at all: a build would fail there.
    Path root = Files.createDirectories(tmp.resolve("checkout/scripts")).getParent();
    Files.copy(UP.getParent().getParent().resolve("trackbook"), root.resolve("trackbook"));
    Files.copy(UP, root.resolve("scripts/up"));
    ScriptRun r = run(root.resolve("trackbook"), "up", "--help");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("Usage: ./trackbook up").doesNotContain("building");
  }

  @Test
  void anUnknownArgumentIsRefused() throws Exception {
    ScriptRun r = up("--prot", "5001");
    assertThat(r.exit()).as(r.output()).isEqualTo(2);
    assertThat(r.output()).contains("unknown argument '--prot'", "Usage:");
  }

  @Test
  void aTakenServerPortIsRefusedInsteadOfAnnouncingWhateverAnswersThere() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      ScriptRun r = up("--port", port, "--jupyter-port", "1");
      assertThat(r.exit()).as(r.output()).isEqualTo(1);
      assertThat(r.output()).contains("port " + port + " is in use");
      assertThat(r.output()).doesNotContain("Tracking server:");
      assertThat(tmp.resolve("data")).doesNotExist();
    }
  }

  private ScriptRun up(String... args) throws IOException, InterruptedException {
    return run(UP, args);
  }

  private ScriptRun run(Path script, String... args) throws IOException, InterruptedException {
    return ScriptRun.of(
        script,
        Map.of(
            "HOME", tmp.resolve("home").toString(),
            "JUPYTER_DATA_DIR", tmp.resolve("jupyter").toString(),
            "TRACKBOOK_DATA", tmp.resolve("data").toString()),
        Duration.ofSeconds(30),
        args);
  }
}
