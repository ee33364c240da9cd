package dev.trackbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.auth.JdbcTokenStore;
import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trackbook token ...} on a real SQLite store, as the launcher runs it. */
class TokenCommandTest {
  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

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
  void createListRevokeOnTheStore() {
    String store = "sqlite:" + dir.resolve("mlruns.db");
    Result created =
        run("token", "create", "--store", store, "--name", "first admin", "--scope", "admin");
    assertThat(created.exit()).as(created.err()).isZero();
    String secret = created.out().strip();
    assertThat(secret).startsWith("tbk_").hasSize(47);
    assertThat(created.err()).contains("shown only now").doesNotContain(secret);

    try (TrackingStore s = StoreFactory.open(store)) {
      assertThat(JdbcTokenStore.on(s, Clock.systemUTC()).authenticate(secret))
          .hasValueSatisfying(t -> assertThat(t.scope()).isEqualTo(Scope.ADMIN));
    }

    Result listed = run("token", "list", "--store", store);
    assertThat(listed.exit()).isZero();
    assertThat(listed.out()).contains("first admin").contains("admin").doesNotContain(secret);
    String id = listed.out().lines().skip(1).findFirst().orElseThrow().split("\\s+")[0];

    Result revoked = run("token", "revoke", "--store", store, id);
    assertThat(revoked.exit()).as(revoked.err()).isZero();
    try (TrackingStore s = StoreFactory.open(store)) {
      assertThat(JdbcTokenStore.on(s, Clock.systemUTC()).authenticate(secret)).isEmpty();
    }
  }

  @Test
  void mistakesAreOneLineWithoutStackTrace() {
    String store = "sqlite:" + dir.resolve("mlruns.db");
    Result badScope = run("token", "create", "--store", store, "--name", "x", "--scope", "root");
    assertThat(badScope.exit()).isEqualTo(2);
    assertThat(badScope.err().strip())
        .startsWith(
            "trackbook: Invalid value for option '--scope': 'root' is not a scope: use read, write,"
                + " admin");
    assertThat(badScope.err()).doesNotContain("\tat ");
    assertThat(run("token", "create", "--store", store, "--name", "y", "--scope", "read").exit())
        .isZero();
    Result unknown = run("token", "revoke", "--store", store, "nope");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("No token with id 'nope'").doesNotContain("\tat ");
  }

  @Test
  void listingOrRevokingOnAMistypedStoreMakesNoStore() {
    Path typo = dir.resolve("typo/mlruns.db");
    for (String[] args :
        new String[][] {
          {"token", "list", "--store", "sqlite:" + typo},
          {"token", "revoke", "--store", "sqlite:" + typo, "abc"}
        }) {
      Result r = run(args);
      assertThat(r.exit()).as(args[1]).isEqualTo(1);
      assertThat(r.err().strip()).isEqualTo("trackbook: No SQLite store at " + typo);
    }
    assertThat(dir.resolve("typo")).doesNotExist();
  }

  @Test
  void theDefaultStoreIsTheOneUpStartsTheServerOnWithTrackbookData() throws Exception {
    // A child JVM: the environment decides, as when the launcher runs the command.
    Path data = dir.resolve("data");
    Path home = Files.createDirectories(dir.resolve("home"));
    ProcessBuilder pb =
        ChildCli.process("token", "create", "--name", "ci", "--scope", "read")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().put("TRACKBOOK_HOME", home.toString());
    pb.environment().put("TRACKBOOK_DATA", data.toString());
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
    assertThat(data.resolve("mlruns.db")).exists();
    assertThat(home.resolve(".trackbook")).doesNotExist();
  }
}
