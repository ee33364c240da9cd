package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  @Test
  void aPortTakenDuringTheSetUpIsRefusedBeforeTheServerStarts() throws Exception {
    // A first run's set-up takes minutes. Here a stand-in set-up (scripts/ensure-python-env, and a
    // `java` that installs nothing) waits while this test takes the port, as another process could.
    Path root = Files.createDirectories(tmp.resolve("checkout/scripts")).getParent();
    Files.copy(UP, root.resolve("scripts/up"));
    Path started = tmp.resolve("setup-started");
    Path taken = tmp.resolve("port-taken");
    Files.writeString(
        root.resolve("scripts/ensure-python-env"),
        "#!/usr/bin/env bash\ntouch '"
            + started
            + "'\nfor _ in $(seq 100); do [[ -f '"
            + taken
            + "' ]] && exit 0; sleep 0.1; done\nexit 1\n");
    root.resolve("scripts/ensure-python-env").toFile().setExecutable(true);
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.writeString(bin.resolve("java"), "#!/usr/bin/env bash\nexit 0\n");
    bin.resolve("java").toFile().setExecutable(true);

    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    CompletableFuture<ScriptRun> run =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return ScriptRun.of(
                    root.resolve("scripts/up"),
                    Map.of(
                        "HOME", tmp.resolve("home").toString(),
                        "JUPYTER_DATA_DIR", tmp.resolve("jupyter").toString(),
                        "TRACKBOOK_DATA", tmp.resolve("data").toString(),
                        "PATH", bin + ":" + System.getenv("PATH")),
                    Duration.ofSeconds(30),
                    "--port",
                    String.valueOf(port),
                    "--jupyter-port",
                    "1");
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    for (int i = 0; i < 100 && !Files.exists(started); i++) {
      Thread.sleep(100);
    }
    assertThat(started).as("the set-up began").exists();
    try (ServerSocket other = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      Files.writeString(taken, "");
      ScriptRun r = run.get(60, TimeUnit.SECONDS);
      assertThat(r.exit()).as(r.output()).isEqualTo(1);
      assertThat(r.output()).contains("port " + port + " is in use");
      assertThat(r.output()).doesNotContain("Tracking server:");
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
