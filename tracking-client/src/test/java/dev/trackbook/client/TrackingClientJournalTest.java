package dev.trackbook.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.client.journal.Journal;
import dev.trackbook.client.journal.JournalChunk;
import dev.trackbook.client.journal.JournalEntry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client journals, with no server listening: calls succeed at once and the journal holds
 * exactly what the server would be sent.
 */
class TrackingClientJournalTest {
  @TempDir Path tmp;
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  private TrackingClient offlineClient() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    return TrackingClient.builder()
        .trackingUri("http://127.0.0.1:" + port)
        .journalDir(tmp.resolve("journal"))
        .clock(clock)
        .flushTimeout(Duration.ofSeconds(2))
        .reporter(reports::add)
        .shutdownHook(false)
        .build();
  }

  @Test
  void callsAreJournaledWithTheirStepsTimestampsAndRuns() throws IOException {
    Path slot;
    String parentKey;
    String childKey;
    try (TrackingClient client = offlineClient()) {
      slot = client.journalDirectory();
      client.metric("loss", 0.9); // starts a run by itself
      client.metric("loss", 0.8);
      client.metric("acc", 0.1, 7);
      client.metric("acc", 0.2);
      parentKey = client.activeRun().localKey();
      ActiveRun child = client.startRun("child");
      childKey = child.localKey();
      client.metric("loss", 0.5); // steps count per run
      client.param("depth", 4);
      child.close();
      client.endRun("KILLED");
      assertThat(client.flush(Duration.ofSeconds(5))).isFalse();
    }
    long now = clock.millis();
    assertThat(journaled(slot))
        .containsExactly(
            new JournalEntry.RunStarted(parentKey, now, null, null, null, null),
            new JournalEntry.MetricLogged(parentKey, "loss", 0.9, now, 0),
            new JournalEntry.MetricLogged(parentKey, "loss", 0.8, now, 1),
            new JournalEntry.MetricLogged(parentKey, "acc", 0.1, now, 7),
            new JournalEntry.MetricLogged(parentKey, "acc", 0.2, now, 8),
            new JournalEntry.RunStarted(childKey, now, null, null, "child", parentKey),
            new JournalEntry.MetricLogged(childKey, "loss", 0.5, now, 0),
            new JournalEntry.ParamLogged(childKey, "depth", "4"),
            new JournalEntry.RunEnded(childKey, "FINISHED", now),
            new JournalEntry.RunEnded(parentKey, "KILLED", now));
    assertThat(reports.stream().filter(r -> r.contains("unreachable"))).hasSize(1);
  }

  @Test
  void anExperimentNamedWhileTheServerIsDownIsResolvedLaterByName() throws IOException {
    Path slot;
    try (TrackingClient client = offlineClient()) {
      slot = client.journalDirectory();
      assertThat(client.experiment("later")).isNull();
      ActiveRun run = client.startRun("r");
      assertThat(run.experimentName()).isEqualTo("later");
      assertThat(run.runId()).isNull();
    }
    JournalEntry.RunStarted started = (JournalEntry.RunStarted) journaled(slot).get(0);
    assertThat(started.experimentName()).isEqualTo("later");
    assertThat(started.experimentId()).isNull();
  }

  @Test
  void mistakesAreReportedAndNotJournaled() throws IOException {
    Path slot;
    try (TrackingClient client = offlineClient()) {
      slot = client.journalDirectory();
      client.startRun("r");
      client.metric("bad key!", 1);
      client.metric("a/../b", 1);
      client.metric("x".repeat(251), 1);
      client.param("p", "v".repeat(6001));
      client.tag("t", null);
      client.params(null);
      client.artifact(tmp.resolve("missing.txt"));
      client.endRun("DONE");
      client.metric("ok", 1);
    }
    assertThat(reports.stream().filter(r -> r.contains("(not logged)"))).hasSize(5);
    assertThat(reports).anyMatch(r -> r.contains("missing.txt does not exist"));
    assertThat(reports).anyMatch(r -> r.contains("'DONE' is invalid"));
    List<JournalEntry> entries = journaled(slot);
    assertThat(entries).hasSize(3); // run started, metric "ok", run ended by close()
    assertThat(((JournalEntry.MetricLogged) entries.get(1)).key()).isEqualTo("ok");
    assertThat(((JournalEntry.RunEnded) entries.get(2)).status()).isEqualTo("FINISHED");
  }

  @Test
  void aParamChangedInTheSameRunIsRefusedAtTheCallAndTheRestIsLogged() throws IOException {
    Path slot;
    String parentKey;
    String childKey;
    try (TrackingClient client = offlineClient()) {
      slot = client.journalDirectory();
      parentKey = client.startRun("r").localKey();
      client.param("lr", 0.1);
      client.param("lr", 0.1); // the same value again is fine, as on MLflow's server
      client.params(java.util.Map.of("lr", 0.2));
      client.param("depth", 4);
      childKey = client.startRun("child").localKey();
      client.param("lr", 0.2); // another run: its own params
    }
    assertThat(reports.stream().filter(r -> r.contains("(not logged)")))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .startsWith("trackbook: param 'lr' was already logged in this run")
                    .contains("'0.1'")
                    .contains("'0.2'")
                    .doesNotContain("\n"));
    assertThat(
            journaled(slot).stream()
                .filter(JournalEntry.ParamLogged.class::isInstance)
                .map(JournalEntry.ParamLogged.class::cast))
        .containsExactly(
            new JournalEntry.ParamLogged(parentKey, "lr", "0.1"),
            new JournalEntry.ParamLogged(parentKey, "lr", "0.1"),
            new JournalEntry.ParamLogged(parentKey, "depth", "4"),
            new JournalEntry.ParamLogged(childKey, "lr", "0.2"));
  }

  @Test
  void namesAndDatasetFieldsOverTheServersLimitsAreRefusedAtTheCall() throws IOException {
    Path slot;
    try (TrackingClient client = offlineClient()) {
      slot = client.journalDirectory();
      // journaled, the server would refuse the run's creation and drop the whole run later
      assertThat(client.experiment("e".repeat(257))).isNull();
      client.startRun("r");
      client.inputs("iris", "9f2c1e", "s".repeat(37), "data/iris.csv", null);
      client.inputs("iris", "9f2c1e", "local", "data/iris.csv", "c".repeat(501));
      client.inputs("iris", "9f2c1e", "s".repeat(36), "data/iris.csv", "c".repeat(500));
    }
    assertThat(reports.stream().filter(r -> r.contains("(not logged)")))
        .hasSize(3)
        .anyMatch(r -> r.contains("experiment name") && r.contains("256 characters"))
        .anyMatch(r -> r.contains("source type") && r.contains("36 characters"))
        .anyMatch(r -> r.contains("context") && r.contains("the limit is 500"));
    List<JournalEntry> entries = journaled(slot);
    assertThat(((JournalEntry.RunStarted) entries.get(0)).experimentName()).isNull();
    assertThat(entries.stream().filter(JournalEntry.InputLogged.class::isInstance)).hasSize(1);
  }

  @Test
  void withNoUsableJournalDirectoryCallsAreKeptInMemoryAndWhatIsNotSentIsSaidLostAtClose()
      throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x"); // no directory can be made in it
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    TrackingClient.Builder builder =
        TrackingClient.builder()
            .trackingUri("http://127.0.0.1:" + port)
            .flushTimeout(Duration.ofSeconds(2))
            .reporter(reports::add)
            .shutdownHook(false);
    try (TrackingClient client =
        Tracking.openClient(builder, file.resolve("home"), file.resolve("tmp"), reports::add)) {
      client.experiment("e");
      client.param("p", 1);
      client.metric("m", 1);
      client.tag("t", "v");
      client.artifact(file);
      ActiveRun run = client.startRun("r");
      assertThat(run.runId()).isNull();
      run.end("FINISHED");
      client.endRun();
      assertThat(client.flush(Duration.ofSeconds(1))).isFalse();
      assertThat(client.journalDirectory()).isNull();
    }
    assertThat(reports.get(0)).contains("using " + file.resolve("tmp"));
    assertThat(reports.get(1))
        .contains("kept in memory only (up to 100000)")
        .contains("lost if this process ends first")
        .contains("TRACKBOOK_JOURNAL_DIR");
    assertThat(reports)
        .as("no line says the calls are in a journal directory")
        .noneMatch(r -> r.contains("cannot write the journal") || r.contains("kept in null"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("trackbook: tracking server unreachable")
                    .contains("calls are kept in memory only"))
        .anySatisfy(r -> assertThat(r).contains("a-file: there is no journal directory"))
        .last()
        .satisfies(
            r ->
                assertThat(r)
                    .as("run start, param, metric, tag, nested run's start and end, run's end")
                    .isEqualTo(
                        "trackbook: 7 calls the server had not taken are lost: they were kept in"
                            + " memory only (no journal directory)"));
  }

  @Test
  void aServerThatNeverAnswersHoldsEndRunAndCloseSecondsNotTheFlushTimeoutAndSaysSo()
      throws IOException {
    Path slot;
    try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      TrackingClient client =
          TrackingClient.builder()
              .trackingUri("http://127.0.0.1:" + hung.getLocalPort())
              .journalDir(tmp.resolve("journal"))
              .flushTimeout(Duration.ofSeconds(20))
              .requestTimeout(Duration.ofSeconds(60))
              .reporter(reports::add)
              .shutdownHook(false)
              .build();
      slot = client.journalDirectory();
      client.metric("loss", 1);
      long start = System.nanoTime();
      client.endRun();
      long endRun = System.nanoTime() - start;
      start = System.nanoTime();
      client.close();
      long close = System.nanoTime() - start;
      assertThat(Duration.ofNanos(endRun)).isLessThan(Duration.ofSeconds(8));
      assertThat(Duration.ofNanos(close)).isLessThan(Duration.ofSeconds(8));
    }
    assertThat(reports)
        .as("said once for endRun and close, the server having taken nothing between them")
        .hasSize(1)
        .allSatisfy(
            r ->
                assertThat(r)
                    .contains("waiting up to")
                    .contains("tracking server")
                    .contains("stays in the journal"));
    assertThat(journaled(slot)).hasSize(3); // all kept for the next client
  }

  @Test
  void anInterruptedCallerKeepsJournaling() throws IOException {
    Path slot;
    try (TrackingClient client = offlineClient()) {
      slot = client.journalDirectory();
      client.metric("x", 1);
      Thread.currentThread().interrupt(); // what a notebook's "interrupt kernel" does to a cell
      client.metric("x", 2);
      assertThat(Thread.interrupted()).isTrue(); // the flag is the caller's business: kept
      client.metric("x", 3);
    }
    assertThat(
            journaled(slot).stream()
                .filter(JournalEntry.MetricLogged.class::isInstance)
                .map(e -> ((JournalEntry.MetricLogged) e).value()))
        .containsExactly(1.0, 2.0, 3.0);
    assertThat(reports).noneMatch(r -> r.contains("cannot write"));
  }

  @Test
  void artifactsAreCopiedAtCallTime() throws IOException {
    Path file = Files.writeString(tmp.resolve("model.txt"), "v1");
    Path slot;
    try (TrackingClient client = offlineClient()) {
      slot = client.journalDirectory();
      client.artifact(file, "models/");
    }
    Files.writeString(file, "v2");
    JournalEntry.ArtifactQueued queued =
        journaled(slot).stream()
            .filter(JournalEntry.ArtifactQueued.class::isInstance)
            .map(JournalEntry.ArtifactQueued.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(queued.artifactPath()).isEqualTo("models/model.txt");
    assertThat(Files.readString(slot.resolve(queued.storedFile()))).isEqualTo("v1");
  }

  @Test
  void anArtifactTheFullDiskCannotCopySaysTheJournalFailedNotTheFile() throws IOException {
    Path file = Files.writeString(tmp.resolve("model.txt"), "v1");
    Path slot;
    try (TrackingClient client = offlineClient()) {
      slot = client.journalDirectory();
      // Where the copy is written before it gets its name: a disk that is always full (ENOSPC).
      Path incoming = Files.createDirectories(slot.resolve("artifacts")).resolve("incoming.tmp");
      Files.createSymbolicLink(incoming, Path.of("/dev/full"));
      client.artifact(file);
      assertThat(incoming).doesNotExist(); // nothing half-copied is left behind
      client.artifact(file); // room again: copied
    }
    assertThat(reports)
        .filteredOn(r -> r.contains("model.txt"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .startsWith("trackbook: cannot copy " + file + " into the journal in " + slot)
                    .contains("No space left on device")
                    .endsWith("(not logged)")
                    .doesNotContain("cannot read"));
    assertThat(journaled(slot).stream().filter(JournalEntry.ArtifactQueued.class::isInstance))
        .hasSize(1);
  }

  @Test
  void callsWhileTheClientClosesAreDroppedOnceAndStartNoRun() throws Exception {
    Path slot;
    // Takes connections and never answers: close() waits out its flush while a thread still logs,
    // as a training loop does at JVM exit (Ctrl-C, or main returning with a daemon logging).
    try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      TrackingClient client =
          TrackingClient.builder()
              .trackingUri("http://127.0.0.1:" + hung.getLocalPort())
              .journalDir(tmp.resolve("journal"))
              .clock(clock)
              .flushTimeout(Duration.ofMillis(1500))
              .requestTimeout(Duration.ofSeconds(10))
              .reporter(reports::add)
              .shutdownHook(false)
              .build();
      slot = client.journalDirectory();
      client.startRun("training");
      client.metric("loss", 1);
      Thread closing = new Thread(client::close);
      closing.start();
      while (client.hasActiveRun()) {
        Thread.sleep(5);
      }
      for (int i = 0; i < 3; i++) {
        client.metric("loss", 2); // within close()'s flush: would start a run of its own
      }
      ActiveRun late = client.startRun("late");
      late.end("FINISHED");
      assertThat(closing.isAlive()).isTrue(); // still in the window this test is about
      closing.join();
    }
    List<JournalEntry> entries = journaled(slot);
    assertThat(entries.stream().filter(JournalEntry.RunStarted.class::isInstance)).hasSize(1);
    assertThat(entries.stream().filter(JournalEntry.MetricLogged.class::isInstance)).hasSize(1);
    assertThat(entries).last().isInstanceOf(JournalEntry.RunEnded.class);
    assertThat(reports.stream().filter(r -> r.contains("closed"))).hasSize(1);
  }

  /** Everything not yet acknowledged, read as the next client would. */
  private static List<JournalEntry> journaled(Path slot) throws IOException {
    try (Journal journal = Journal.open(slot.getParent(), 1 << 20)) {
      assertThat(journal.directory()).isEqualTo(slot);
      return journal.read(journal.committed(), 10_000).entries().stream()
          .map(JournalChunk.Positioned::entry)
          .toList();
    }
  }
}
