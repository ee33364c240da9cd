package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.client.ActiveRun;
import dev.trackbook.client.TrackingClient;
import dev.trackbook.client.journal.Journal;
import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code trackbook journal} and {@code journal resend} on a journal a real client wrote, against
 * the real server on SQLite whose store has a bug one payload triggers (a metric named "poison"
 * fails with an exception, so the server answers HTTP 500) until the test "fixes" it.
 */
class JournalCommandTest {
  @TempDir Path tmp;
  private final AtomicBoolean storeBug = new AtomicBoolean(true);
  private final List<String> reports = new CopyOnWriteArrayList<>();
  private TrackingStore store;
  private TrackingServer server;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void startServer() throws IOException {
    store = StoreFactory.open("sqlite:" + tmp.resolve("mlruns.db"));
    TrackingStore buggy =
        (TrackingStore)
            Proxy.newProxyInstance(
                TrackingStore.class.getClassLoader(),
                new Class<?>[] {TrackingStore.class},
                (proxy, method, args) -> {
                  if (storeBug.get()
                      && method.getName().equals("logBatch")
                      && ((List<?>) args[1])
                          .stream().anyMatch(m -> ((Metric) m).key().equals("poison"))) {
                    throw new IllegalStateException("a store bug");
                  }
                  try {
                    return method.invoke(store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    server =
        TrackingServer.create(
                ServerConfig.defaults().withPort(0),
                buggy,
                new LocalArtifactRepository(tmp.resolve("artifacts")),
                Clock.systemUTC())
            .start();
  }

  @AfterEach
  void stopServer() {
    server.stop();
    store.close();
  }

  private Result run(String... args) {
    CommandLine cli = TrackbookCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void aCallSetAsideIsListedAndResentOnceTheServerIsFixed() throws IOException {
    Path journal = tmp.resolve("journal");
    SteppingClock clock = new SteppingClock();
    Path slot;
    String runId;
    try (TrackingClient client =
        TrackingClient.builder()
            .trackingUri(server.url())
            .journalDir(journal)
            .clock(clock)
            .flushInterval(Duration.ofMillis(50))
            .reporter(reports::add)
            .sourceTags(Map.of())
            .shutdownHook(false)
            .build()) {
      slot = client.journalDirectory();
      ActiveRun run = client.startRun("buggy");
      client.metric("loss", 1.0);
      client.metric("poison", 2.0);
      client.endRun();
      // Five failures over a minute of the client's clock set the record aside; until then the
      // list says how often the server failed on it.
      clock.advance(Duration.ofSeconds(20));
      assertThat(client.flush(Duration.ofSeconds(5))).isFalse();
      assertThat(run("journal", "list", "--journal-dir", journal.toString()).out())
          .containsPattern(
              "  slot-0 \\(in use\\): 3 calls not acknowledged yet \\(2 metrics, 1 run end\\)\n"
                  + "    the server failed on metric 'poison' \\(step 0\\) [1-9][0-9]* times? since"
                  + " [-0-9T:.]+Z while serving other calls \\(set aside after 5 over 1"
                  + " minute\\)\n");
      boolean delivered = false;
      for (int i = 0; i < 30 && !delivered; i++) {
        clock.advance(Duration.ofSeconds(20));
        delivered = client.flush(Duration.ofSeconds(5));
      }
      assertThat(delivered).as(String.join("\n", reports)).isTrue();
      runId = run.runId();

      Result held = run("journal", "resend", "--journal-dir", journal.toString());
      assertThat(held.exit()).isEqualTo(1);
      assertThat(held.out())
          .contains(
              "kept 1 set aside in "
                  + slot
                  + ": a running kernel or pipeline holds this slot; resend after it ends");
      assertThat(run("journal", "list", "--journal-dir", journal.toString()).out())
          .contains("  slot-0 (in use): all acknowledged; 1 set aside in ");
    }
    Path setAside = slot.resolve("set-aside.jsonl");
    assertThat(setAside).exists();

    Result listed = run("journal", "list", "--journal-dir", journal.toString());
    assertThat(listed.exit()).as(listed.err()).isZero();
    assertThat(listed.out())
        .contains(Journal.directoryName(server.url()) + " (" + server.url() + ")")
        .contains("  slot-0: all acknowledged; 1 set aside in " + setAside + ":")
        .contains("  metric 'poison' (step 0) of run " + runId + ": HTTP 500")
        .contains("trackbook journal resend");

    // Still failing: it stays. No --tracking-uri and none in the environment: the server is the
    // one the journal directory was named for.
    Result failing = run("journal", "resend", "--journal-dir", journal.toString());
    assertThat(failing.exit()).as(failing.out() + failing.err()).isEqualTo(1);
    assertThat(failing.out())
        .contains("still failing: metric 'poison' (step 0) of run " + runId + " (HTTP 500")
        .contains("0 resent; 1 stays set aside");
    assertThat(setAside).exists();
    assertThat(store.getMetricHistory(runId, "poison", 10, null).items()).isEmpty();

    storeBug.set(false);
    Result resent =
        run(
            "journal",
            "resend",
            "--journal-dir",
            journal.toString(),
            "--tracking-uri",
            server.url());
    assertThat(resent.exit()).as(resent.out() + resent.err()).isZero();
    assertThat(resent.out())
        .contains("resent metric 'poison' (step 0) of run " + runId)
        .contains("1 resent; 0 stay set aside.");
    assertThat(store.getMetricHistory(runId, "poison", 10, null).items())
        .singleElement()
        .satisfies(m -> assertThat(m.value()).isEqualTo(2.0));
    assertThat(setAside).doesNotExist();

    assertThat(run("journal", "list", "--journal-dir", journal.toString()).out())
        .contains("  slot-0: all acknowledged")
        .doesNotContain("set aside");
    Result nothing = run("journal", "resend", "--journal-dir", journal.toString());
    assertThat(nothing.exit()).isZero();
    assertThat(nothing.out()).startsWith("Nothing set aside in " + journal);
  }

  @Test
  void mistakesAreOneLineWithExitCodeTwo() {
    Result badUri = run("journal", "resend", "--tracking-uri", "ftp://host");
    assertThat(badUri.exit()).isEqualTo(2);
    assertThat(badUri.err().strip())
        .isEqualTo(
            "trackbook: Invalid value for option '--tracking-uri': tracking URI 'ftp://host' is"
                + " not supported: give the server's http:// or https:// URL (see 'trackbook"
                + " journal resend --help')");

    Result noDir = run("journal", "list", "--journal-dir", tmp.resolve("nope").toString());
    assertThat(noDir.exit()).isEqualTo(2);
    assertThat(noDir.err().strip())
        .isEqualTo(
            "trackbook: Invalid value for option '--journal-dir': '"
                + tmp.resolve("nope")
                + "' is no directory (see 'trackbook journal list --help')");

    Result unknown = run("journal", "resend", "--all");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .startsWith("trackbook: Unknown option: '--all'")
        .hasLineCount(1);
  }

  /** A clock the test moves forward: "a minute of failures" takes no minute. */
  private static final class SteppingClock extends Clock {
    private final AtomicLong millis = new AtomicLong(System.currentTimeMillis());

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
