package dev.trackbook.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trackbook.client.flush.SetAsideResender;
import dev.trackbook.client.journal.Journal;
import dev.trackbook.client.journal.JournalEntry;
import dev.trackbook.client.journal.SetAsideRecord;
import dev.trackbook.client.transport.MlflowRestApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record the server fails on every time (HTTP 500, a server bug its payload triggers) is set
 * aside so that it stops holding every later call; a server that is down, restarting or failing
 * everything never gets a record set aside. The real server on SQLite sits behind {@link
 * FaultyProxy}, which plays the faults; the client's clock is the test's, so "a minute of failures"
 * takes no minute.
 */
class TrackingClientSetAsideTest {
  @TempDir Path tmp;
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private final SteppingClock clock = new SteppingClock();
  private LocalServer server;
  private FaultyProxy proxy;

  @BeforeEach
  void start() throws IOException {
    server = LocalServer.start(tmp.resolve("server"), 0);
    proxy = FaultyProxy.start(server.uri());
  }

  @AfterEach
  void stop() {
    proxy.close();
    server.stop();
  }

  private TrackingClient client() throws IOException {
    return builder().build();
  }

  private TrackingClient.Builder builder() {
    return TrackingClient.builder()
        .trackingUri(proxy.uri())
        .journalDir(tmp.resolve("journal"))
        .clock(clock)
        .flushInterval(Duration.ofMillis(50))
        .flushTimeout(Duration.ofSeconds(10))
        .reporter(reports::add)
        .sourceTags(java.util.Map.of()) // no tags of the notebook this test may run in
        .shutdownHook(false);
  }

  /**
   * Flushes up to {@code attempts} times, each after {@code step} on the client's clock: each flush
   * makes the flusher try once more at once (it cuts the retry backoff).
   */
  private boolean flushWhileTimePasses(TrackingClient client, int attempts, Duration step) {
    for (int i = 0; i < attempts; i++) {
      clock.advance(step);
      if (client.flush(Duration.ofSeconds(5))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aRecordTheServerFailsOnEveryTimeIsSetAsideAndTheCallsAfterItArrive() throws IOException {
    proxy.failOnBodiesContaining("\"poison\"");
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    String nextId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("bad payload");
      for (int i = 0; i < 10; i++) {
        client.metric("loss", i);
      }
      client.metric("poison", 1.0); // in the same log-batch as the losses around it
      for (int i = 10; i < 20; i++) {
        client.metric("loss", i);
      }
      client.param("lr", 0.1);
      client.endRun();
      ActiveRun next = client.startRun("next");
      client.metric("m", 1.0);
      client.endRun();
      assertThat(flushWhileTimePasses(client, 30, Duration.ofSeconds(20))).isTrue();
      runId = run.runId();
      nextId = next.runId();
    }
    assertThat(proxy.poisonAnswers()).isGreaterThanOrEqualTo(5);
    assertThat(probe.history(runId, "loss")).hasSize(20);
    assertThat(probe.history(runId, "poison")).isEmpty();
    assertThat(MlflowProbe.params(probe.run(runId))).containsEntry("lr", "0.1");
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(probe.history(nextId, "m")).hasSize(1);

    Path setAside = slot.resolve("set-aside.jsonl");
    assertThat(reports)
        .filteredOn(r -> r.contains("set aside"))
        .singleElement()
        .isEqualTo(
            "trackbook: the server failed on metric 'poison' (step 0) of run "
                + runId
                + " every time while serving other calls (HTTP 500: boom: a server bug); set"
                + " aside in "
                + setAside
                + "; the calls after it are sent");
    // The server answered all along: while it failed on the record, no line called it unreachable.
    assertThat(reports)
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith(
                        "trackbook: the tracking server failed on a call (HTTP 500: boom: a server"
                            + " bug); calls are kept in "
                            + slot
                            + " and sent once it takes them"))
        .noneMatch(r -> r.contains("unreachable"));
    List<String> lines = Files.readAllLines(setAside);
    assertThat(lines).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines.get(0));
    assertThat(line.path("run_id").asText()).isEqualTo(runId);
    assertThat(line.path("type").asText()).isEqualTo("MetricLogged");
    assertThat(line.path("record").path("key").asText()).isEqualTo("poison");
    assertThat(line.path("record").path("value").asDouble()).isEqualTo(1.0);
    assertThat(line.path("error").asText()).contains("HTTP 500");
  }

  @Test
  void twoRecordsTheServerFailsOnInOneBatchAreEachSetAsideAndTheirNeighboursArriveAtOnce()
      throws IOException {
    proxy.failOnBodiesContaining("poison");
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    String nextId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("two bad");
      for (int i = 0; i < 30; i++) {
        client.metric("loss", i);
        if (i == 9 || i == 19) {
          client.metric("poison_" + i, 1.0); // all in one log-batch with the losses
        }
      }
      client.endRun();
      ActiveRun next = client.startRun("next");
      client.metric("m", 1.0);
      client.endRun();
      // No time has passed: nothing is set aside yet, but the records around the bad ones are in.
      assertThat(client.flush(Duration.ofSeconds(5))).isFalse();
      runId = run.runId();
      assertThat(probe.history(runId, "loss")).hasSize(30);
      assertThat(slot.resolve("set-aside.jsonl")).doesNotExist();
      assertThat(flushWhileTimePasses(client, 40, Duration.ofSeconds(20))).isTrue();
      nextId = next.runId();
    }
    assertThat(probe.history(runId, "poison_9")).isEmpty();
    assertThat(probe.history(runId, "poison_19")).isEmpty();
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(probe.history(nextId, "m")).hasSize(1);
    ObjectMapper json = new ObjectMapper();
    List<String> keys = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(slot.resolve("set-aside.jsonl"))) {
      keys.add(json.readTree(line).path("record").path("key").asText());
    }
    assertThat(keys).containsExactly("poison_9", "poison_19"); // each once
    assertThat(reports.stream().filter(r -> r.contains("set aside"))).hasSize(2);
  }

  @Test
  void theFailuresOfARecordCountAcrossProcessesSoShortOnesStillGetItSetAside() throws IOException {
    // A pipeline or a smoke test lives shorter than the minute a record must fail over; each
    // process that takes the slot goes on with the count the one before it left.
    proxy.failOnBodiesContaining("\"poison\"");
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    ActiveRun run;
    try (TrackingClient first = client()) {
      slot = first.journalDirectory();
      run = first.startRun("short-lived");
      first.metric("poison", 1.0);
      first.metric("loss", 0.5);
      first.endRun();
      assertThat(flushWhileTimePasses(first, 3, Duration.ofSeconds(10))).isFalse();
    }
    assertThat(slot.resolve("failures")).exists();
    assertThat(reports).noneMatch(r -> r.contains("set aside"));
    try (TrackingClient second = client()) {
      assertThat(second.journalDirectory()).isEqualTo(slot);
      // 30 s of failures of its own: too short alone, enough with the first process's
      assertThat(flushWhileTimePasses(second, 3, Duration.ofSeconds(15))).isTrue();
    }
    assertThat(reports).filteredOn(r -> r.contains("set aside")).hasSize(1);
    assertThat(probe.history(run.runId(), "loss")).hasSize(1);
    assertThat(probe.history(run.runId(), "poison")).isEmpty();
    assertThat(probe.run(run.runId()).path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(slot.resolve("failures")).doesNotExist(); // committed: nothing left to count
  }

  @Test
  void aRecordSetAsideWhileItsBatchStillWaitsIsNotSetAsideAgainByTheNextProcess()
      throws IOException {
    proxy.failOnBodiesContaining("\"poison-");
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    ActiveRun run;
    try (TrackingClient first = client()) {
      slot = first.journalDirectory();
      run = first.startRun("two-bad");
      first.metric("poison-a", 1.0);
      assertThat(flushWhileTimePasses(first, 3, Duration.ofSeconds(20))).isFalse();
      first.metric("poison-b", 2.0); // joins the waiting batch: it fails from now on
      first.metric("loss", 0.5);
      // poison-a's minute is up, poison-b's is not: a is set aside, the batch waits for b
      assertThat(flushWhileTimePasses(first, 2, Duration.ofSeconds(20))).isFalse();
    }
    Path setAside = slot.resolve("set-aside.jsonl");
    assertThat(Files.readAllLines(setAside)).singleElement().asString().contains("poison-a");
    try (TrackingClient second = client()) {
      assertThat(flushWhileTimePasses(second, 10, Duration.ofSeconds(20))).isTrue();
    }
    // poison-b joined it; poison-a is there once, not again from the batch's next try
    assertThat(Files.readAllLines(setAside))
        .hasSize(2)
        .satisfiesExactly(
            a -> assertThat(a).contains("poison-a"), b -> assertThat(b).contains("poison-b"));
    assertThat(probe.history(run.runId(), "loss")).hasSize(1);
  }

  @Test
  void aRunWhoseCreationTheServerFailsOnIsNeverSetAsideItWaitsWithItsRecords() throws IOException {
    // Setting its creation aside would take every record of the run with it: a server whose
    // database refuses writes for a while would cost a whole run. It waits, as for a server down.
    proxy.failOnBodiesContaining("crash-me"); // the run's name, in its creation's body
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    ActiveRun bad;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      bad = client.startRun("crash-me");
      client.metric("loss", 1.0);
      client.param("lr", 0.1);
      client.endRun();
      assertThat(flushWhileTimePasses(client, 10, Duration.ofMinutes(1))).isFalse();
      proxy.failOnBodiesContaining(null); // the server is fixed
      assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(proxy.poisonAnswers()).isGreaterThanOrEqualTo(5);
    assertThat(slot.resolve("set-aside.jsonl")).doesNotExist();
    assertThat(reports).noneMatch(r -> r.contains("set aside"));
    assertThat(probe.history(bad.runId(), "loss")).hasSize(1);
    assertThat(MlflowProbe.params(probe.run(bad.runId()))).containsEntry("lr", "0.1");
    assertThat(probe.run(bad.runId()).path("info").path("status").asText()).isEqualTo("FINISHED");
  }

  @Test
  void aServerThatIsDownOrFailsEverythingGetsNothingSetAsideHoweverLong() throws IOException {
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      // A proxy whose server is down: 503 and an HTML page, to every request.
      proxy.mode(FaultyProxy.Mode.SERVER_DOWN_503);
      ActiveRun run = client.startRun("waits");
      client.metric("loss", 1.0);
      client.endRun();
      assertThat(flushWhileTimePasses(client, 10, Duration.ofMinutes(1))).isFalse();
      // The server up but failing every request (its database is gone): 500, also to reads.
      proxy.mode(FaultyProxy.Mode.ALL_FAIL_500);
      assertThat(flushWhileTimePasses(client, 10, Duration.ofMinutes(1))).isFalse();
      proxy.mode(FaultyProxy.Mode.FORWARD);
      assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
      runId = run.runId();
    }
    assertThat(slot.resolve("set-aside.jsonl")).doesNotExist();
    assertThat(reports).noneMatch(r -> r.contains("set aside"));
    // A proxy's 503 for a server that is down: unreachable, not "failed".
    assertThat(reports)
        .anySatisfy(
            r -> assertThat(r).startsWith("trackbook: tracking server unreachable (HTTP 503"))
        .noneMatch(r -> r.contains("failed on a call"));
    assertThat(probe.history(runId, "loss")).hasSize(1);
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
  }

  @Test
  void aServerThatServesReadsButFailsEveryWriteGetsNothingSetAside() throws IOException {
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("read-only");
      assertThat(run.runId()).isNotNull(); // created before the database turned read-only
      // Every write names its run (the client's probe of writes too); reads pass.
      proxy.failOnBodiesContaining("\"run_id\"");
      client.metric("loss", 1.0);
      client.tag("phase", "train");
      client.endRun();
      assertThat(flushWhileTimePasses(client, 20, Duration.ofMinutes(1))).isFalse();
      proxy.failOnBodiesContaining(null);
      assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
      runId = run.runId();
    }
    assertThat(slot.resolve("set-aside.jsonl")).doesNotExist();
    assertThat(reports).noneMatch(r -> r.contains("set aside"));
    assertThat(probe.history(runId, "loss")).hasSize(1);
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
  }

  @Test
  void aBatchOfOnlyRecordsTheServerFailsOnIsSetAsideRecordByRecord() throws IOException {
    // No good neighbour in the batch shows that the server takes writes: the client's own probe
    // (the run's key tag set again) does, so the second bad record does not wait for a restart.
    proxy.failOnBodiesContaining("poison");
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    String nextId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("only bad");
      assertThat(run.runId()).isNotNull(); // the run is on the server before the batch
      client.param("a", "poison-1");
      client.param("b", "poison-2");
      client.endRun();
      ActiveRun next = client.startRun("next");
      client.metric("m", 1.0);
      client.endRun();
      assertThat(flushWhileTimePasses(client, 40, Duration.ofSeconds(20))).isTrue();
      runId = run.runId();
      nextId = next.runId();
    }
    assertThat(Files.readAllLines(slot.resolve("set-aside.jsonl"))).hasSize(2);
    assertThat(MlflowProbe.params(probe.run(runId))).doesNotContainKeys("a", "b");
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FINISHED");
    assertThat(probe.history(nextId, "m")).hasSize(1);
  }

  @Test
  void aRecordTheServerRejectsBesideOneItFailsOnIsReportedOnceNotAtEveryTry() throws Exception {
    proxy.failOnBodiesContaining("poison");
    String runId;
    try (TrackingClient client = client()) {
      ActiveRun run = client.startRun("rejected and failing");
      runId = run.runId();
      // Another client logged lr first: params are write-once, so the server rejects this one.
      new MlflowRestApi(server.uri(), null, Duration.ofSeconds(10))
          .logBatch(runId, List.of(), List.of(java.util.Map.entry("lr", "0.1")), List.of());
      client.param("lr", 0.2);
      client.metric("poison", 1.0);
      client.endRun();
      assertThat(flushWhileTimePasses(client, 40, Duration.ofSeconds(20))).isTrue();
    }
    assertThat(proxy.poisonAnswers()).isGreaterThanOrEqualTo(5); // tried again and again
    assertThat(reports)
        .filteredOn(r -> r.contains("rejected"))
        .singleElement()
        .asString()
        .contains("param 'lr'");
  }

  @Test
  void aRecordThatCannotBeSetAsideWaitsInsteadOfBeingLost() throws IOException {
    // No journal directory (home and temp unwritable): nowhere to set a record aside.
    proxy.failOnBodiesContaining("poison");
    MlflowProbe probe = new MlflowProbe(server.uri());
    String runId;
    try (TrackingClient client = builder().buildInMemory()) {
      ActiveRun run = client.startRun("in memory");
      client.metric("poison", 1.0);
      client.endRun();
      assertThat(flushWhileTimePasses(client, 20, Duration.ofSeconds(20))).isFalse();
      proxy.failOnBodiesContaining(null); // the server is fixed
      assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
      runId = run.runId();
    }
    assertThat(probe.history(runId, "poison")).hasSize(1);
    assertThat(reports)
        .filteredOn(r -> r.contains("cannot be set aside"))
        .singleElement()
        .satisfies(r -> assertThat(r).contains("metric 'poison'").endsWith("wait"));
  }

  /** Resends what the slot set aside, through the proxy, as `trackbook journal resend` does. */
  private SetAsideResender.Outcome resend(Path slot, boolean overwrite, List<String> lines)
      throws IOException {
    try (Journal journal = Journal.openSlot(slot)) {
      MlflowRestApi api = new MlflowRestApi(proxy.uri(), null, Duration.ofSeconds(10));
      return new SetAsideResender(api, overwrite, lines::add).resend(journal);
    }
  }

  @Test
  void aSetAsideRecordStaysWhileTheServerStillFailsOnItAndIsDeliveredOnceItIsFixed()
      throws IOException {
    proxy.failOnBodiesContaining("\"poison\"");
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("bad payload");
      client.metric("loss", 1.0);
      client.metric("poison", 2.0);
      client.endRun();
      assertThat(flushWhileTimePasses(client, 30, Duration.ofSeconds(20))).isTrue();
      runId = run.runId();
    }
    Path setAside = slot.resolve("set-aside.jsonl");
    List<String> before = Files.readAllLines(setAside);
    List<String> lines = new ArrayList<>();

    assertThat(resend(slot, false, lines)).isEqualTo(new SetAsideResender.Outcome(0, 1));
    assertThat(lines)
        .containsExactly(
            "still failing: metric 'poison' (step 0) of run "
                + runId
                + " (HTTP 500: boom: a server bug)");
    assertThat(Files.readAllLines(setAside)).isEqualTo(before);

    proxy.failOnBodiesContaining(null); // the server is fixed
    lines.clear();
    assertThat(resend(slot, false, lines)).isEqualTo(new SetAsideResender.Outcome(1, 0));
    assertThat(lines).containsExactly("resent metric 'poison' (step 0) of run " + runId);
    assertThat(probe.history(runId, "poison"))
        .singleElement()
        .satisfies(point -> assertThat(point.path("value").asDouble()).isEqualTo(2.0));
    assertThat(setAside).doesNotExist();
  }

  @Test
  void aSetAsideTagIsNotResentOverTheValueTheRunHasNowUnlessAsked() throws IOException {
    proxy.failOnBodiesContaining("poison");
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("tags");
      client.tag("phase", "poison-1");
      assertThat(flushWhileTimePasses(client, 30, Duration.ofSeconds(20))).isTrue();
      client.tag("phase", "train"); // later, and delivered: the run's value now
      assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
      client.tag("other", "poison-2"); // set aside too: the server took a write since
      client.endRun();
      assertThat(flushWhileTimePasses(client, 30, Duration.ofSeconds(20))).isTrue();
      runId = run.runId();
    }
    assertThat(Files.readAllLines(slot.resolve("set-aside.jsonl"))).hasSize(2);
    proxy.failOnBodiesContaining(null);
    List<String> lines = new ArrayList<>();

    assertThat(resend(slot, false, lines)).isEqualTo(new SetAsideResender.Outcome(1, 1));
    assertThat(lines)
        .containsExactly(
            "kept tag 'phase' of run "
                + runId
                + ": the run's tag is now 'train', most likely set after this one;"
                + " --overwrite sends it anyway",
            "resent tag 'other' of run " + runId);
    assertThat(MlflowProbe.tags(probe.run(runId)))
        .containsEntry("phase", "train")
        .containsEntry("other", "poison-2");

    lines.clear();
    assertThat(resend(slot, true, lines)).isEqualTo(new SetAsideResender.Outcome(1, 0));
    assertThat(lines).containsExactly("resent tag 'phase' of run " + runId);
    assertThat(MlflowProbe.tags(probe.run(runId))).containsEntry("phase", "poison-1");
    assertThat(slot.resolve("set-aside.jsonl")).doesNotExist();
  }

  @Test
  void aSetAsideRunEndIsNotResentOverAnEndTheRunHasNowUnlessAsked() throws IOException {
    proxy.failOnBodiesContaining("\"FAILED\""); // the run's end, in runs/update
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      runId = client.startRun("stopped-by-hand").runId();
      client.metric("loss", 1.0);
      client.endRun("FAILED");
      assertThat(flushWhileTimePasses(client, 30, Duration.ofSeconds(20))).isTrue();
    }
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("RUNNING");
    proxy.failOnBodiesContaining(null);
    probe.endRun(runId, "KILLED", 1_700_000_123_000L); // someone stopped it since
    List<String> lines = new ArrayList<>();

    assertThat(resend(slot, false, lines)).isEqualTo(new SetAsideResender.Outcome(0, 1));
    assertThat(lines)
        .containsExactly(
            "kept ending the run (FAILED) of run "
                + runId
                + ": the run is KILLED now, most likely ended after this; --overwrite sends it"
                + " anyway");
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("KILLED");

    lines.clear();
    assertThat(resend(slot, true, lines)).isEqualTo(new SetAsideResender.Outcome(1, 0));
    assertThat(lines).containsExactly("resent ending the run (FAILED) of run " + runId);
    assertThat(probe.run(runId).path("info").path("status").asText()).isEqualTo("FAILED");
    assertThat(slot.resolve("set-aside.jsonl")).doesNotExist();
  }

  @Test
  void aSetAsideArtifactIsUploadedFromItsCopyAndTheCopyGoes() throws IOException {
    proxy.failOnBodiesContaining("poison");
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path file = Files.writeString(tmp.resolve("notes.txt"), "poison in the content");
    Path slot;
    String runId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("artifact");
      client.artifact(file, "docs");
      client.endRun();
      assertThat(flushWhileTimePasses(client, 30, Duration.ofSeconds(20))).isTrue();
      runId = run.runId();
    }
    Path copy;
    try (var copies = Files.list(slot.resolve("set-aside"))) {
      copy = copies.findFirst().orElseThrow();
    }
    proxy.failOnBodiesContaining(null);
    List<String> lines = new ArrayList<>();

    assertThat(resend(slot, false, lines)).isEqualTo(new SetAsideResender.Outcome(1, 0));
    assertThat(lines).containsExactly("resent artifact docs/notes.txt of run " + runId);
    String root =
        probe
            .run(runId)
            .path("info")
            .path("artifact_uri")
            .asText()
            .replace("mlflow-artifacts:/", "");
    assertThat(new String(probe.artifact(root + "/docs/notes.txt"), StandardCharsets.UTF_8))
        .isEqualTo("poison in the content");
    assertThat(copy).doesNotExist();
    assertThat(slot.resolve("set-aside.jsonl")).doesNotExist();
  }

  @Test
  void aRecordThatFailsToBeResentForAnUnexpectedReasonStaysAndTheRecordsAfterItAreResent()
      throws IOException {
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path slot;
    String runId;
    try (TrackingClient client = client()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("resend");
      client.endRun();
      assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
      runId = run.runId();
    }
    Path file = slot.resolve("set-aside.jsonl");
    List<String> setAside = new ArrayList<>();
    for (JournalEntry entry :
        List.of(
            new JournalEntry.ParamLogged("k", "a", "1"),
            new JournalEntry.TagSet("k", "phase", null), // its value deleted by hand
            new JournalEntry.ParamLogged("k", "b", "2"))) {
      setAside.add(new SetAsideRecord(1L, "HTTP 500", runId, entry, null).toLine());
    }
    Files.write(file, setAside);
    List<String> lines = new ArrayList<>();

    assertThat(resend(slot, false, lines)).isEqualTo(new SetAsideResender.Outcome(2, 1));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("resent param 'a' of run " + runId);
    assertThat(lines.get(1))
        .startsWith("kept line 2 of " + file + ": cannot resend it (NullPointerException: ")
        .doesNotContain("\n");
    assertThat(lines.get(2)).isEqualTo("resent param 'b' of run " + runId);
    assertThat(MlflowProbe.params(probe.run(runId)))
        .containsEntry("a", "1")
        .containsEntry("b", "2");
    assertThat(Files.readAllLines(file)).containsExactly(setAside.get(1)); // resent ones left
  }

  @Test
  void resendingInTheSlotOfAProcessThatDiedKeepsWhenItDiedForTheRunsItLeftOpen()
      throws IOException {
    MlflowProbe probe = new MlflowProbe(server.uri());
    Path journals = tmp.resolve("journal").resolve(Journal.directoryName(proxy.uri()));
    long died = clock.millis(); // long ago; whole seconds, as some file systems keep times
    Path slot;
    try (Journal dead = Journal.open(journals, 1 << 20)) {
      slot = dead.directory();
      dead.append(new JournalEntry.RunStarted("crashed", died - 60_000, null, "0", null, null));
      // Kept by resend without a call, so the file is written again with the same line.
      dead.setAside(
          new SetAsideRecord(
                  died, "HTTP 500", null, new JournalEntry.ParamLogged("crashed", "lr", "1"), null)
              .toLine());
    } // closed with its run still open: what kill -9 leaves
    try (var files = Files.list(slot)) {
      for (Path file : files.toList()) {
        Files.setLastModifiedTime(file, FileTime.fromMillis(died));
      }
    }

    List<String> lines = new ArrayList<>();
    assertThat(resend(slot, false, lines)).isEqualTo(new SetAsideResender.Outcome(0, 1));
    assertThat(lines).containsExactly("kept param 'lr': it names no run on the server");

    try (TrackingClient next = client()) {
      assertThat(next.flush(Duration.ofSeconds(10))).as(String.join("\n", reports)).isTrue();
    }
    JsonNode info =
        probe
            .searchRuns("0", "tags.`" + MlflowRestApi.CLIENT_RUN_KEY_TAG + "` = 'crashed'")
            .get(0)
            .path("info");
    assertThat(info.path("status").asText()).isEqualTo("KILLED");
    assertThat(info.path("end_time").asLong()).isEqualTo(died); // not when resend ran
  }

  /** A clock the test moves forward. */
  private static final class SteppingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    void advance(Duration step) {
      millis.addAndGet(step.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
