package dev.trackbook.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the real Trackbook server on SQLite: no mocks of the server. */
class TrackingClientServerTest {
  private static final String KEY_TAG = "trackbook.client_run_key";

  @TempDir Path tmp;
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private LocalServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  private TrackingClient client(Path journalDir) throws IOException {
    return TrackingClient.builder()
        .trackingUri(server.uri())
        .journalDir(journalDir)
        .flushInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ofSeconds(30))
        .reporter(reports::add)
        .shutdownHook(false)
        .build();
  }

  /** A client reaching the server through {@code proxy}, which may take a minute to deliver. */
  private TrackingClient clientThrough(ThrottlingProxy proxy) throws IOException {
    return TrackingClient.builder()
        .trackingUri(proxy.uri())
        .journalDir(tmp.resolve("journal"))
        .flushInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ofSeconds(60))
        .reporter(reports::add)
        .shutdownHook(false)
        .build();
  }

  @Test
  void anEndedRunPrintsTheLinkToItsPageOnceTheServerHasIt() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    List<String> notices = new CopyOnWriteArrayList<>();
    try (TrackingClient client =
        TrackingClient.builder()
            .trackingUri(server.uri())
            .journalDir(tmp.resolve("journal"))
            .flushInterval(Duration.ofMillis(50))
            .reporter(reports::add)
            .notices(notices::add)
            .shutdownHook(false)
            .build()) {
      String experimentId = client.experiment("links");
      ActiveRun run = client.startRun("linked");
      client.metric("loss", 0.5);
      String page = server.uri() + "/#/experiments/" + experimentId + "/runs/" + run.runId();
      assertThat(run.url()).isEqualTo(page);
      assertThat(notices).isEmpty();

      client.endRun();

      assertThat(notices).containsExactly("View run linked at: " + page);
      ActiveRun unnamed = client.startRun(null);
      unnamed.end("FAILED");
      assertThat(notices).last().isEqualTo("View run " + unnamed.runId() + " at: " + unnamed.url());
      unnamed.end("FINISHED"); // already ended: no second link
      assertThat(notices).hasSize(2);
    }
    assertThat(reports).isEmpty();
  }

  @Test
  void aNewRunsIdIsWaitedForFromASlowServerAsMlflowsStartRunAnswersWithIt() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    // Each answer ~1.2 s late: the run exists only after several round trips (experiment, the
    // search for the run's client key, the create).
    try (ThrottlingProxy slowServer =
            ThrottlingProxy.withLatency(server.uri(), Duration.ofMillis(1200));
        TrackingClient client = clientThrough(slowServer)) {
      ActiveRun run = client.startRun("slow-server");
      String runId = run.runId();
      assertThat(runId).as("the run id, not null").isNotNull();
      assertThat(new MlflowProbe(server.uri()).run(runId).path("info").path("run_name").asText())
          .isEqualTo("slow-server");
    }
  }

  @Test
  void aRunEndedWhileTheServerIsDownPrintsNoLink() throws IOException {
    List<String> notices = new CopyOnWriteArrayList<>();
    try (TrackingClient client =
        TrackingClient.builder()
            .trackingUri("http://127.0.0.1:" + LocalServer.freePort())
            .journalDir(tmp.resolve("journal"))
            .flushInterval(Duration.ofMillis(50))
            .flushTimeout(Duration.ofMillis(300))
            .requestTimeout(Duration.ofMillis(300))
            .reporter(reports::add)
            .notices(notices::add)
            .shutdownHook(false)
            .build()) {
      ActiveRun run = client.startRun("offline");
      run.end("FINISHED");
      assertThat(run.url()).isNull();
    }
    assertThat(notices).isEmpty();
  }

  @Test
  void aClientClosingWhileTheServerIsDownSaysWhoWillSendItsCalls() throws IOException {
    // `./trackbook run` with the server down: its only line said "sent when it is back", but
    // nothing is sent after this process exits until another client starts on the journal.
    int port = LocalServer.freePort();
    Path journal = tmp.resolve("journal");
    try (TrackingClient client =
        TrackingClient.builder()
            .trackingUri("http://127.0.0.1:" + port)
            .journalDir(journal)
            .flushInterval(Duration.ofMillis(50))
            .flushTimeout(Duration.ofMillis(300))
            .requestTimeout(Duration.ofMillis(300))
            .reporter(reports::add)
            .shutdownHook(false)
            .build()) {
      client.startRun("offline");
      client.metric("loss", 0.5);
      client.endRun();
    }
    assertThat(reports)
        .last()
        .asString()
        .contains("not delivered yet", journal.toString(), "the next Trackbook client");

    // ... and the next client does send it.
    reports.clear();
    server = LocalServer.start(tmp.resolve("server"), port);
    try (TrackingClient next = client(journal)) {
      assertThat(next.flush(Duration.ofSeconds(30))).isTrue();
    }
    MlflowProbe probe = new MlflowProbe(server.uri());
    String experimentId = probe.experimentId("Default");
    assertThat(probe.searchRuns(experimentId, "attributes.run_name = 'offline'")).hasSize(1);
    assertThat(reports).noneMatch(r -> r.contains("not delivered yet"));
  }

  @Test
  void theWholeApiArrivesOnTheServer() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path report = Files.writeString(tmp.resolve("report.txt"), "accuracy 0.9");
    Path modelDir = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(modelDir.resolve("weights.bin"), "w");
    Files.writeString(Files.createDirectories(modelDir.resolve("meta")).resolve("info.json"), "{}");

    String parentId;
    String childId;
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      String experimentId = client.experiment("e2e");
      assertThat(experimentId).isNotNull();
      ActiveRun parent = client.startRun("parent");
      client.param("lr", 0.01);
      client.params(Map.of("layers", 3, "optimizer", "adam"));
      for (int i = 0; i < 5; i++) {
        client.metric("loss", 1.0 / (i + 1));
      }
      client.metric("acc", 0.5, 10);
      client.metric("acc", 0.7); // continues after the explicit step
      client.tag("team", "vision");
      client.note("# Baseline\nfirst try");
      client.artifact(report, "reports");
      Files.writeString(report, "edited after the call"); // must not change what is uploaded
      client.artifact(modelDir, "model");
      client.inputs("iris", "9f2c1e", "local", "{\"uri\": \"data/iris.csv\"}", "training");
      client.inputs("iris", "", "local", "x", null); // no digest: reported, not sent
      ActiveRun child = client.startRun("child");
      client.metric("fold_loss", 0.3);
      client.endRun();
      assertThat(client.activeRun().localKey()).isEqualTo(parent.localKey());
      client.endRun("FAILED");
      parentId = parent.runId();
      childId = child.runId();
      assertThat(parent.experimentName()).isEqualTo("e2e");
      assertThat(probe.experimentId("e2e")).isEqualTo(experimentId);
    }
    assertThat(reports).containsExactly("trackbook: dataset digest must not be empty (not logged)");

    JsonNode parentRun = probe.run(parentId);
    JsonNode input = parentRun.path("inputs").path("dataset_inputs").path(0);
    assertThat(input.path("dataset").path("name").asText()).isEqualTo("iris");
    assertThat(input.path("dataset").path("digest").asText()).isEqualTo("9f2c1e");
    assertThat(input.path("tags").path(0).path("value").asText()).isEqualTo("training");
    assertThat(parentRun.path("inputs").path("dataset_inputs")).hasSize(1);
    assertThat(parentRun.path("info").path("status").asText()).isEqualTo("FAILED");
    assertThat(parentRun.path("info").path("run_name").asText()).isEqualTo("parent");
    assertThat(MlflowProbe.params(parentRun))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("lr", "0.01", "layers", "3", "optimizer", "adam"));
    Map<String, String> tags = MlflowProbe.tags(parentRun);
    assertThat(tags)
        .containsEntry("team", "vision")
        .containsEntry("mlflow.note.content", "# Baseline\nfirst try");
    assertThat(tags).containsKey(KEY_TAG);
    assertThat(steps(probe.history(parentId, "loss"))).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(probe.history(parentId, "loss").get(4).path("value").asDouble()).isEqualTo(0.2);
    assertThat(steps(probe.history(parentId, "acc"))).containsExactly(10L, 11L);

    JsonNode childRun = probe.run(childId);
    assertThat(MlflowProbe.tags(childRun)).containsEntry("mlflow.parentRunId", parentId);
    assertThat(childRun.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(probe.history(childId, "fold_loss")).hasSize(1);

    String root =
        parentRun.path("info").path("artifact_uri").asText().replace("mlflow-artifacts:/", "");
    assertThat(new String(probe.artifact(root + "/reports/report.txt"), StandardCharsets.UTF_8))
        .isEqualTo("accuracy 0.9");
    assertThat(new String(probe.artifact(root + "/model/weights.bin"), StandardCharsets.UTF_8))
        .isEqualTo("w");
    assertThat(new String(probe.artifact(root + "/model/meta/info.json"), StandardCharsets.UTF_8))
        .isEqualTo("{}");
  }

  @Test
  void aRunCarriesItsUserInItsInfoAsMlflowClientsSendIt() throws IOException {
    // The web UI's User column and `attributes.user_id` searches read the run's info; the tag
    // alone left both empty for every notebook and pipeline run.
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    String user = System.getProperty("user.name");
    String runId;
    String experimentId;
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      experimentId = client.experiment("users");
      runId = client.startRun("mine").runId();
      client.endRun();
    }
    JsonNode run = probe.run(runId);
    assertThat(run.path("info").path("user_id").asText()).isEqualTo(user);
    assertThat(MlflowProbe.tags(run)).containsEntry("mlflow.user", user);
    assertThat(probe.searchRuns(experimentId, "attributes.user_id = '" + user + "'")).hasSize(1);
    assertThat(reports).isEmpty();
  }

  @Test
  void aRunStartedInANotebookIsTaggedWithItUnlessNestedOrTaggedOtherwise() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Map<String, String> kernelEnv = Map.of(RunSource.JUPYTER_SESSION_NAME, "/work/nb/a.ipynb");
    String top;
    String nested;
    String retagged;
    try (TrackingClient client =
        TrackingClient.builder()
            .trackingUri(server.uri())
            .journalDir(tmp.resolve("journal"))
            .reporter(reports::add)
            .shutdownHook(false)
            .sourceTags(RunSource.tags(kernelEnv))
            .build()) {
      top = client.startRun("plain").runId();
      nested = client.startRun("inner").runId();
      client.endRun();
      client.endRun();
      retagged = client.startRun("pipeline").runId();
      client.tag(RunSource.SOURCE_NAME, "notebooks/a.ipynb");
      client.tag(RunSource.SOURCE_TYPE, "JOB");
      client.endRun();
    }
    assertThat(MlflowProbe.tags(probe.run(top)))
        .containsEntry("mlflow.source.name", "/work/nb/a.ipynb")
        .containsEntry("mlflow.source.type", "NOTEBOOK");
    assertThat(MlflowProbe.tags(probe.run(nested))).doesNotContainKey("mlflow.source.name");
    assertThat(MlflowProbe.tags(probe.run(retagged)))
        .containsEntry("mlflow.source.name", "notebooks/a.ipynb")
        .containsEntry("mlflow.source.type", "JOB");
    assertThat(RunSource.tags(Map.of())).isEmpty();
    assertThat(RunSource.tags(Map.of(RunSource.JUPYTER_SESSION_NAME, " "))).isEmpty();
    assertThat(reports).isEmpty();
  }

  /**
   * Makes {@code file} a link to /dev/full (writes fail with ENOSPC). The client's flusher may be
   * writing the same file (committed.tmp) as it starts: then it is replaced.
   */
  private static void onFullDisk(Path file) throws IOException {
    while (true) {
      try {
        Files.createSymbolicLink(file, Path.of("/dev/full"));
        return;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        Files.deleteIfExists(file);
      }
    }
  }

  @Test
  void aFullDiskIsSaidOnceAndCallsStillReachTheServerFromMemory() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      // The files this new client writes first are on a disk that is always full (Linux: ENOSPC):
      // its segment, the server ids of its runs and how far the server acknowledged.
      for (String file :
          List.of(String.format("segment-%016d.log", 1), "runs.tsv", "committed.tmp")) {
        onFullDisk(client.journalDirectory().resolve(file));
      }
      ActiveRun run = client.startRun("full disk");
      client.param("lr", 0.1);
      for (int i = 0; i < 1500; i++) {
        client.metric("loss", i);
      }
      client.endRun();
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      String runId = run.runId();
      assertThat(steps(probe.history(runId, "loss"))).hasSize(1500).doesNotHaveDuplicates();
      assertThat(MlflowProbe.params(probe.run(runId))).containsEntry("lr", "0.1");
      assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");

      ActiveRun later = client.startRun("disk again"); // all sent: journaled on disk again
      client.metric("acc", 1.0);
      later.end("FINISHED");
      assertThat(probe.history(later.runId(), "acc")).hasSize(1);
    }
    assertThat(reports)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .startsWith("trackbook: cannot write the journal")
                    .contains("kept in memory"));
  }

  @Test
  void callsBeyondWhatMemoryKeepsForAFullDiskAreSaidToBeNotLogged() throws IOException {
    server = LocalServer.notStarted(tmp.resolve("server"), LocalServer.freePort());
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      onFullDisk(client.journalDirectory().resolve(String.format("segment-%016d.log", 1)));
      client.startRun("no room, no server");
      for (int i = 0; i < 100_000; i++) { // with the run's start: one more than memory keeps
        client.metric("loss", i);
      }
    }
    assertThat(reports)
        .filteredOn(r -> r.contains("not logged"))
        .singleElement()
        .satisfies(r -> assertThat(r).contains("100000 calls already wait in memory"));
  }

  @Test
  void whileTheDiskRefusesCallsTheServerDownLineSaysTheyAreInMemory() throws IOException {
    server = LocalServer.notStarted(tmp.resolve("server"), LocalServer.freePort());
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      Path slot = client.journalDirectory();
      onFullDisk(slot.resolve(String.format("segment-%016d.log", 1)));
      client.startRun("no room, no server");
      client.metric("loss", 1.0);
      assertThat(client.flush(Duration.ofSeconds(5))).isFalse();
      assertThat(reports)
          .filteredOn(r -> r.contains("unreachable"))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r)
                      .contains(
                          "calls are kept in "
                              + slot
                              + " and, while its disk refuses them, in memory (up to 100000"
                              + " calls) and sent when it is back"));
    }
  }

  @Test
  void withNoUsableJournalDirectoryCallsReachTheServerFromMemory() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path file = Files.writeString(tmp.resolve("a-file"), "x"); // no directory can be made in it
    TrackingClient.Builder builder =
        TrackingClient.builder()
            .trackingUri(server.uri())
            .flushInterval(Duration.ofMillis(50))
            .flushTimeout(Duration.ofSeconds(30))
            .reporter(reports::add)
            .shutdownHook(false);
    String runId;
    try (TrackingClient client =
        Tracking.openClient(builder, file.resolve("home"), file.resolve("tmp"), reports::add)) {
      assertThat(client.journalDirectory()).isNull();
      ActiveRun run = client.startRun("in memory");
      client.param("lr", 0.1);
      for (int i = 0; i < 1500; i++) {
        client.metric("loss", i);
      }
      client.endRun();
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      runId = run.runId();
    }
    assertThat(steps(probe.history(runId, "loss"))).hasSize(1500).doesNotHaveDuplicates();
    assertThat(MlflowProbe.params(probe.run(runId))).containsEntry("lr", "0.1");
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(reports).hasSize(2); // the two directories; all was sent: nothing lost at close
    assertThat(reports.get(1)).contains("calls are kept in memory only (up to 100000)");
  }

  @Test
  void aTornLastRecordAndADamagedOneAreSkippedWithOneLineEachAndTheRestArrives()
      throws IOException {
    server = LocalServer.notStarted(tmp.resolve("server"), LocalServer.freePort());
    Path journal = tmp.resolve("journal");
    String runKey;
    Path segment;
    try (TrackingClient client = client(journal)) {
      runKey = client.startRun("damaged").localKey();
      for (int i = 0; i < 1000; i++) {
        client.metric("x", i);
      }
      client.endRun();
      try (var files = Files.list(client.journalDirectory())) {
        segment =
            files.filter(f -> f.getFileName().toString().startsWith("segment-")).findFirst().get();
      }
    }
    long size = Files.size(segment);
    try (var channel =
        java.nio.channels.FileChannel.open(
            segment,
            java.nio.file.StandardOpenOption.READ,
            java.nio.file.StandardOpenOption.WRITE)) {
      // A metric's bytes in the middle damaged, and what a process killed while writing leaves.
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f}), size / 2);
      channel.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 60, 1, 2, 3, 4, 2, 0}), size);
    }
    server.startAgain();
    reports.clear();
    try (TrackingClient next = client(journal)) {
      assertThat(next.flush(Duration.ofSeconds(60))).isTrue();
    }
    MlflowProbe probe = new MlflowProbe(server.uri());
    JsonNode run = probe.searchRuns("0", "tags.`" + KEY_TAG + "` = '" + runKey + "'").get(0);
    String runId = run.path("info").path("run_id").asText();
    assertThat(steps(probe.history(runId, "x"))).hasSize(999).doesNotHaveDuplicates();
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(reports).hasSize(2).allMatch(r -> r.contains(segment.toString()));
    assertThat(reports.get(0)).contains("damaged bytes").contains("records after them are sent");
    assertThat(reports.get(1)).contains("unreadable last record (10 bytes)");
  }

  @Test
  void processesLoggingAtOnceOnOneJournalDirectoryEachDeliverTheirOwnRunExactlyOnce()
      throws Exception {
    // Two notebook kernels and a pipeline of one user: three JVMs on the default journal directory.
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path journal = tmp.resolve("journal");
    int points = 3000;
    List<Process> children =
        List.of(childLogger(journal, points, "share"), childLogger(journal, points, "share"));
    String ownKey;
    try (TrackingClient own = client(journal)) {
      own.experiment("restart");
      ActiveRun run = own.startRun("shared");
      ownKey = run.localKey();
      for (int i = 0; i < points; i++) {
        own.metric("x", i);
        own.param("p" + (i % 50), "v" + (i % 50));
      }
      run.end("FINISHED");
    }
    List<String> keys = new java.util.ArrayList<>(List.of(ownKey));
    for (Process child : children) {
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      keys.add(
          out.lines().filter(l -> l.startsWith("RUNKEY ")).findFirst().orElseThrow().substring(7));
    }
    assertThat(keys).doesNotHaveDuplicates();
    List<JsonNode> runs = probe.searchRuns(probe.experimentId("restart"), null);
    assertThat(runs).hasSize(3);
    assertThat(runs.stream().map(r -> MlflowProbe.tags(r).get(KEY_TAG)))
        .containsExactlyInAnyOrderElementsOf(keys);
    for (JsonNode run : runs) {
      String runId = run.path("info").path("run_id").asText();
      assertThat(steps(probe.history(runId, "x")))
          .isEqualTo(java.util.stream.LongStream.range(0, points).boxed().toList());
      assertThat(MlflowProbe.params(run)).hasSize(50);
      assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    }
    // Three JVMs on two cores may make endRun wait past its quiet second: that line alone.
    assertThat(reports).allMatch(r -> r.contains("waiting up to"));
  }

  @Test
  void metricsSentLaterKeepTheTimeAndStepTheyWereLoggedAt() throws IOException {
    server = LocalServer.notStarted(tmp.resolve("server"), LocalServer.freePort());
    java.time.Instant logged = java.time.Instant.parse("2026-01-02T03:04:05.678Z");
    String runId;
    try (TrackingClient client =
        TrackingClient.builder()
            .trackingUri(server.uri())
            .journalDir(tmp.resolve("journal"))
            .flushInterval(Duration.ofMillis(50))
            .clock(java.time.Clock.fixed(logged, java.time.ZoneOffset.UTC))
            .reporter(reports::add)
            .shutdownHook(false)
            .build()) {
      ActiveRun run = client.startRun("late");
      client.metric("loss", 3.0, 5);
      client.metric("loss", 2.0); // step 6
      client.metric("loss", 9.0, 1); // an earlier step, logged last
      client.endRun();
      server.startAgain(); // a day later, as far as the metrics should tell
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      runId = run.runId();
    }
    MlflowProbe probe = new MlflowProbe(server.uri());
    assertThat(probe.history(runId, "loss"))
        .extracting(p -> p.path("step").asLong(), p -> p.path("timestamp").asLong())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(5L, logged.toEpochMilli()),
            org.assertj.core.groups.Tuple.tuple(6L, logged.toEpochMilli()),
            org.assertj.core.groups.Tuple.tuple(1L, logged.toEpochMilli()));
    JsonNode info = probe.run(runId).path("info");
    assertThat(info.path("start_time").asLong()).isEqualTo(logged.toEpochMilli());
    assertThat(info.path("end_time").asLong()).isEqualTo(logged.toEpochMilli());
    // The latest value is the one at the highest step, not the one delivered last.
    assertThat(probe.run(runId).path("data").path("metrics"))
        .anySatisfy(m -> assertThat(m.path("value").asDouble()).isEqualTo(2.0));
  }

  @Test
  void whileTheServerIsDownCallsSucceedAndEverythingArrivesOnceWhenItIsBack() throws IOException {
    int port = LocalServer.freePort();
    server = LocalServer.notStarted(tmp.resolve("server"), port);
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      assertThat(client.experiment("outage")).isNull();
      ActiveRun run = client.startRun("offline");
      client.param("batch", 32);
      for (int i = 0; i < 2500; i++) {
        client.metric("loss", i);
      }
      client.tag("phase", "offline");
      assertThat(client.flush(Duration.ofSeconds(5))).isFalse();
      assertThat(run.runId()).isNull();
      for (int i = 0; i < 500; i++) {
        client.metric("acc", i);
      }
      assertThat(client.flush(Duration.ofSeconds(5))).isFalse();
      assertThat(reports.stream().filter(r -> r.contains("unreachable"))).hasSize(1);

      server.startAgain();
      assertThat(client.flush(Duration.ofSeconds(60))).isTrue();
      String runId = run.runId();
      assertThat(runId).isNotNull();
      MlflowProbe probe = new MlflowProbe(server.uri());
      assertThat(steps(probe.history(runId, "loss"))).hasSize(2500).doesNotHaveDuplicates();
      assertThat(probe.history(runId, "acc")).hasSize(500);
      assertThat(MlflowProbe.params(probe.run(runId))).containsEntry("batch", "32");
      assertThat(probe.run(runId).path("info").path("experiment_id").asText())
          .isEqualTo(probe.experimentId("outage"));
      assertThat(reports).anyMatch(r -> r.contains("reachable again"));
    }
  }

  @Test
  void whatAConcurrentClientLeftInItsOwnSlotIsSentByTheNextClient() throws IOException {
    server = LocalServer.notStarted(tmp.resolve("server"), LocalServer.freePort());
    Path journal = tmp.resolve("journal");
    String firstKey;
    String secondKey;
    // Two kernels at once while the server is down: each journals into its own slot.
    try (TrackingClient first = client(journal);
        TrackingClient second = client(journal)) {
      assertThat(first.journalDirectory()).isNotEqualTo(second.journalDirectory());
      firstKey = first.startRun("first").localKey();
      secondKey = second.startRun("second").localKey();
      for (int i = 0; i < 300; i++) {
        first.metric("a", i);
        second.metric("b", i);
      }
    }
    server.startAgain();
    try (TrackingClient next = client(journal)) {
      assertThat(next.flush(Duration.ofSeconds(60))).isTrue();
    }
    MlflowProbe probe = new MlflowProbe(server.uri());
    List<JsonNode> runs = probe.searchRuns("0", null);
    assertThat(runs).hasSize(2);
    for (JsonNode run : runs) {
      String key = MlflowProbe.tags(run).get(KEY_TAG);
      String metric = key.equals(firstKey) ? "a" : "b";
      assertThat(key).isIn(firstKey, secondKey);
      assertThat(probe.history(run.path("info").path("run_id").asText(), metric)).hasSize(300);
    }
  }

  /** The run key a child logger prints, read until it prints {@code until}; then kill -9. */
  private static String runKeyThenKill(Process child, String until) throws Exception {
    String runKey = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RUNKEY ")) {
          runKey = line.substring("RUNKEY ".length());
        } else if (line.equals(until)) {
          break;
        }
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      child.waitFor(30, TimeUnit.SECONDS);
    }
    return runKey;
  }

  @Test
  void aClientKilledMidwayIsResumedByTheNextOneExactlyOnce() throws Exception {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path journal = tmp.resolve("journal");
    int points = 6000;
    Process child = childLogger(journal, points, "kill");
    // SIGKILL once it has logged: no shutdown hook, no flush
    String runKey = runKeyThenKill(child, "LOGGED");
    long killed = System.currentTimeMillis();
    assertThat(runKey).isNotNull();
    String experimentId = probe.experimentId("restart");
    String filter = "tags.`" + KEY_TAG + "` = '" + runKey + "'";
    List<JsonNode> runs = probe.searchRuns(experimentId, filter);
    assertThat(runs).hasSize(1);
    String runId = runs.get(0).path("info").path("run_id").asText();
    assertThat(probe.history(runId, "x")).hasSize(points / 2); // the unflushed half is on disk only

    try (TrackingClient restarted = client(journal)) {
      assertThat(restarted.flush(Duration.ofSeconds(60))).isTrue();
    }
    assertThat(probe.searchRuns(experimentId, filter)).hasSize(1);
    List<Long> steps = steps(probe.history(runId, "x"));
    assertThat(steps).hasSize(points).doesNotHaveDuplicates();
    assertThat(MlflowProbe.params(probe.run(runId))).containsEntry("p", "v");
    // No exit hook ended the run: the next client on the journal ends it KILLED, at about the
    // time the killed process last wrote (not when the next client happened to start).
    JsonNode info = probe.run(runId).path("info");
    assertThat(info.path("status").asText()).isEqualTo("KILLED");
    assertThat(info.path("end_time").asLong())
        .isBetween(info.path("start_time").asLong() - 1000, killed);
    assertThat(reports)
        .contains("trackbook: 1 run of a process that ended without ending them marked KILLED");
  }

  @Test
  void aClientKilledWhileSendingIsResumedByTheNextOneExactlyOnce() throws Exception {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path journal = tmp.resolve("journal");
    int points = 40_000;
    Process child = childLogger(journal, points, "killsending");
    // SIGKILL while logging and sending: a log-batch may be in flight
    String runKey = runKeyThenKill(child, "SENDING");
    assertThat(runKey).isNotNull();
    try (TrackingClient restarted = client(journal)) {
      assertThat(restarted.flush(Duration.ofSeconds(120))).isTrue();
    }
    List<JsonNode> runs =
        probe.searchRuns(
            probe.experimentId("restart"), "tags.`" + KEY_TAG + "` = '" + runKey + "'");
    assertThat(runs).hasSize(1);
    String runId = runs.get(0).path("info").path("run_id").asText();
    List<Long> steps = steps(probe.history(runId, "x"));
    // Whatever the killed process had written arrives, once; the rest it never logged.
    assertThat(steps).doesNotHaveDuplicates().hasSizeGreaterThan(points / 4);
    assertThat(steps)
        .isEqualTo(java.util.stream.LongStream.range(0, steps.size()).boxed().toList());
    assertThat(runs.get(0).path("info").path("status").asText()).isEqualTo("KILLED");
  }

  @Test
  void resendingWhatTheServerAlreadyHasCreatesNoDuplicates() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path journal = tmp.resolve("journal");
    String runId;
    Path slot;
    try (TrackingClient client = client(journal)) {
      client.experiment("resend");
      ActiveRun run = client.startRun("once");
      client.param("seed", 42);
      for (int i = 0; i < 1500; i++) {
        client.metric("loss", i);
      }
      client.tag("stage", "done");
      client.endRun();
      runId = run.runId();
      slot = client.journalDirectory();
    }
    // Lose every acknowledgement, the run's creation included: the next client resends it all.
    Files.writeString(slot.resolve("committed"), "0 0\n");
    Files.delete(slot.resolve("runs.tsv"));

    try (TrackingClient again = client(journal)) {
      assertThat(again.flush(Duration.ofSeconds(60))).isTrue();
    }
    String experimentId = probe.experimentId("resend");
    assertThat(probe.searchRuns(experimentId, null)).hasSize(1);
    assertThat(steps(probe.history(runId, "loss"))).hasSize(1500).doesNotHaveDuplicates();
    assertThat(MlflowProbe.params(probe.run(runId))).containsEntry("seed", "42");
    assertThat(reports).isEmpty();
  }

  @Test
  void badInputIsReportedInOneLineAndDoesNotBlockTheJournal() throws Exception {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      ActiveRun run = client.startRun("bad");
      client.metric("bad key!", 1.0);
      client.metric("../escape", 1.0);
      client.param("p", "x".repeat(6001));
      client.tag("", "v");
      client.param("lr", 0.1);
      client.param("lr", 0.2); // params are write-once: refused at the call
      // Logged behind this client's back (another process): only the server can refuse the change.
      client
          .restApi()
          .postJson(
              "runs/log-parameter",
              "{\"run_id\":\"" + run.runId() + "\",\"key\":\"depth\",\"value\":\"3\"}");
      client.param("depth", 4);
      client.metric("after", 1.0);
      client.endRun("DONE");
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();

      String runId = run.runId();
      assertThat(probe.history(runId, "after")).hasSize(1);
      assertThat(MlflowProbe.params(probe.run(runId)))
          .containsEntry("lr", "0.1")
          .containsEntry("depth", "3")
          .doesNotContainKey("p");
      assertThat(reports.stream().filter(r -> r.contains("'bad key!'") && r.contains("invalid")))
          .hasSize(1);
      assertThat(reports).anyMatch(r -> r.contains("'../escape'"));
      assertThat(reports).anyMatch(r -> r.contains("6001 characters"));
      assertThat(reports).anyMatch(r -> r.contains("'DONE' is invalid"));
      List<String> rejected =
          reports.stream().filter(r -> r.contains("rejected")).collect(Collectors.toList());
      assertThat(rejected).hasSize(1);
      assertThat(rejected.get(0)).contains("param 'depth'").contains("INVALID_PARAMETER_VALUE");
      assertThat(reports).anyMatch(r -> r.contains("param 'lr' was already logged in this run"));
      assertThat(reports).allMatch(r -> !r.contains("\n") && !r.contains("\tat "));
    }
  }

  @Test
  void aRunDeletedOnTheServerIsReportedOnceAndItsLaterRecordsAreDropped() throws Exception {
    // The server answers writes to a deleted run as MLflow does, INVALID_PARAMETER_VALUE: the code
    // of a bad record too, which alone would have every record tried and reported on its own.
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    String deletedId;
    String nextId;
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      ActiveRun deleted = client.startRun("deleted");
      client.metric("before", 1.0);
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      deletedId = deleted.runId();
      client.restApi().postJson("runs/delete", "{\"run_id\":\"" + deletedId + "\"}");
      for (int i = 0; i < 20; i++) {
        client.metric("loss", i);
      }
      client.param("lr", 0.1);
      client.tag("phase", "after");
      client.endRun();
      ActiveRun next = client.startRun("next");
      client.metric("m", 1.0);
      client.endRun();
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      nextId = next.runId();
    }
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0))
        .contains("records for run " + deletedId, "later records are dropped")
        .contains("INVALID_PARAMETER_VALUE");
    assertThat(probe.history(deletedId, "loss")).isEmpty();
    assertThat(probe.run(deletedId).path("info").path("status").asText()).isEqualTo("RUNNING");
    assertThat(probe.history(nextId, "m")).hasSize(1);
    assertThat(probe.run(nextId).path("info").path("status").asText()).isEqualTo("FINISHED");
  }

  @Test
  void whatIsTooLargeForTheServerIsSplitOrDroppedAndLaterRecordsAndRunsStillArrive()
      throws IOException {
    // HTTP 413 from the server here; from a proxy (nginx: client_max_body_size 1m) it is the same.
    server = LocalServer.startWithLimits(tmp.resolve("server"), 16 * 1024, 8 * 1024);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path big = Files.write(tmp.resolve("big.bin"), new byte[9 * 1024]);
    Path small = Files.writeString(tmp.resolve("small.txt"), "fits");
    String wideId;
    String nextId;
    try (TrackingClient client = client(tmp.resolve("journal"))) {
      ActiveRun wide = client.startRun("wide");
      client.metric("before", 1.0);
      client.artifact(big);
      client.artifact(small);
      // ~40 KB of params and ~40 KB of tags: more than one call may carry
      for (int i = 0; i < 20; i++) {
        client.param("p" + i, "v".repeat(2000));
        client.tag("t" + i, "w".repeat(2000));
      }
      // within MLflow's 8000 characters, but ~48 KB of JSON (\u0001 each): never fits alone
      client.tag("huge", "\u0001".repeat(8000));
      client.metric("after", 2.0);
      client.endRun();
      ActiveRun next = client.startRun("next");
      client.metric("m", 1.0);
      client.endRun();
      assertThat(client.flush(Duration.ofSeconds(30))).isTrue();
      wideId = wide.runId();
      nextId = next.runId();
    }
    JsonNode wideRun = probe.run(wideId);
    assertThat(wideRun.path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(MlflowProbe.params(wideRun)).hasSize(20);
    assertThat(MlflowProbe.tags(wideRun)).containsKeys("t0", "t19").doesNotContainKey("huge");
    assertThat(probe.history(wideId, "before")).hasSize(1);
    assertThat(probe.history(wideId, "after")).hasSize(1);
    String root =
        wideRun.path("info").path("artifact_uri").asText().replace("mlflow-artifacts:/", "");
    assertThat(new String(probe.artifact(root + "/small.txt"), StandardCharsets.UTF_8))
        .isEqualTo("fits");
    assertThat(probe.run(nextId).path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(probe.history(nextId, "m")).hasSize(1);
    // one line per dropped record, naming it and the limit; never "unreachable"
    assertThat(reports).hasSize(2);
    assertThat(reports)
        .anySatisfy(r -> assertThat(r).contains("artifact big.bin").contains("dropped"))
        .anySatisfy(r -> assertThat(r).contains("tag 'huge'"))
        .allSatisfy(
            r ->
                assertThat(r)
                    .contains("HTTP 413")
                    .doesNotContain("unreachable")
                    .doesNotContain("nothing is lost"));
  }

  @Test
  void aLargeArtifactGoingOutSlowlyIsWaitedForAtTheRunsEnd() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    byte[] content = new byte[8 * 1024 * 1024];
    new java.util.Random(7).nextBytes(content);
    Path model = Files.write(tmp.resolve("model.bin"), content);
    String runId;
    // ~11 s on a 768 KB/s uplink: longer than a server that stopped answering is waited for (at
    // endRun and again at close), but bytes go out all along.
    try (ThrottlingProxy slowLink = ThrottlingProxy.start(server.uri(), 768 * 1024);
        TrackingClient client = clientThrough(slowLink)) {
      ActiveRun run = client.startRun("slow-upload");
      client.artifact(model);
      client.endRun();
      runId = run.runId();
    }
    JsonNode run = probe.run(runId);
    assertThat(run.path("info").path("status").asText()).isEqualTo("FINISHED");
    String root = run.path("info").path("artifact_uri").asText().replace("mlflow-artifacts:/", "");
    assertThat(probe.artifact(root + "/model.bin")).isEqualTo(content);
  }

  @Test
  void theStaticFacadeLogsToTheServerItIsPointedAt() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    Tracking.setTrackingUri(server.uri());
    try {
      Tracking.experiment("facade");
      Tracking.metric("m", 1.0); // starts a run by itself
      Tracking.metric("m", 2.0);
      String runId = Tracking.activeRun().runId();
      Tracking.endRun();
      assertThat(runId).isNotNull();
      assertThat(steps(probe.history(runId, "m"))).containsExactly(0L, 1L);
      assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
      assertThat(Tracking.client().trackingUri()).isEqualTo(server.uri());
    } finally {
      Tracking.setTrackingUri(Tracking.DEFAULT_TRACKING_URI); // closes the client
    }
  }

  @Test
  void theShutdownHookDeliversWhatAnExitingProcessLogged() throws Exception {
    server = LocalServer.start(tmp.resolve("server"), 0);
    MlflowProbe probe = new MlflowProbe(server.uri());
    int points = 3000;
    Process child = childLogger(tmp.resolve("journal"), points, "exit");
    String runKey = null;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("RUNKEY ")) {
          runKey = line.substring("RUNKEY ".length());
        }
      }
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isZero();
    List<JsonNode> runs =
        probe.searchRuns(
            probe.experimentId("restart"), "tags.`" + KEY_TAG + "` = '" + runKey + "'");
    assertThat(runs).hasSize(1);
    String runId = runs.get(0).path("info").path("run_id").asText();
    assertThat(steps(probe.history(runId, "x"))).hasSize(points).doesNotHaveDuplicates();
    assertThat(runs.get(0).path("info").path("status").asText()).isEqualTo("FINISHED");
  }

  private Process childLogger(Path journal, int points, String mode) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ChildLogger.class.getName(),
            server.uri(),
            journal.toString(),
            Integer.toString(points),
            mode)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static List<Long> steps(List<JsonNode> points) {
    return points.stream().map(p -> p.path("step").asLong()).sorted().collect(Collectors.toList());
  }
}
