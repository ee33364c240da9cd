package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  record Result(int exit, String output) {}

  @Test
  void helpPrintsUsageAndStartsNothing() throws Exception {
    Result r = up("--help");
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
    Result r = run(root.resolve("trackbook"), "up", "--help");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("Usage: ./trackbook up").doesNotContain("building");
  }

  @Test
  void anUnknownArgumentIsRefused() throws Exception {
    Result r = up("--prot", "5001");
    assertThat(r.exit()).as(r.output()).isEqualTo(2);
    assertThat(r.output()).contains("unknown argument '--prot'", "Usage:");
  }

  @Test
  void aTakenServerPortIsRefusedInsteadOfAnnouncingWhateverAnswersThere() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String port = String.valueOf(taken.getLocalPort());
      Result r = up("--port", port, "--jupyter-port", "1");
      assertThat(r.exit()).as(r.output()).isEqualTo(1);
      assertThat(r.output()).contains("port " + port + " is in use");
      assertThat(r.output()).doesNotContain("Tracking server:");
      assertThat(tmp.resolve("data")).doesNotExist();
    }
  }

  private Result up(String... args) throws IOException, InterruptedException {
    return run(UP, args);
  }

  private Result run(Path script, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Path log = tmp.resolve("up.log");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().put("HOME", tmp.resolve("home").toString());
    pb.environment().put("JUPYTER_DATA_DIR", tmp.resolve("jupyter").toString());
    pb.environment().put("TRACKBOOK_DATA", tmp.resolve("data").toString());
    Process p = pb.start();
    boolean ended = p.waitFor(30, TimeUnit.SECONDS);
    if (!ended) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as(script + " still running after 30 s: " + output).isTrue();
    return new Result(p.exitValue(), output);
  }
}
