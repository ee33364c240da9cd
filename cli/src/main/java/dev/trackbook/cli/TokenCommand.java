package dev.trackbook.cli;

import dev.trackbook.server.auth.ApiToken;
import dev.trackbook.server.auth.IssuedToken;
import dev.trackbook.server.auth.JdbcTokenStore;
import dev.trackbook.server.auth.Scope;
import dev.trackbook.server.auth.TokenStore;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./trackbook token create|list|revoke}: manages the bearer tokens of {@code server --auth}
 * directly in the store's database, so the first admin token needs no server and no token. The same
 * operations exist over REST for admin tokens ({@code /api/2.0/trackbook/tokens}).
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Manage the bearer tokens of `server --auth` (directly in the store).",
    subcommands = {
      TokenCommand.Create.class,
      TokenCommand.ListTokens.class,
      TokenCommand.Revoke.class
    })
final class TokenCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The {@code --store} option every subcommand shares. */
  static final class StoreOption {
    @Option(
        names = "--store",
        paramLabel = "URI",
        description = {"The server's store (default: as `server`,", "sqlite:<data>/mlruns.db)"})
    String store;

    /** On the store, which {@code create} makes if it is not there yet. */
    <T> T withTokens(Function<TokenStore, T> action) {
      try (TrackingStore tracking = StoreFactory.open(uri())) {
        return action.apply(JdbcTokenStore.on(tracking, Clock.systemUTC()));
      }
    }

    /**
     * On the store only if it exists: listing or revoking on a mistyped path would otherwise make
     * an empty store there and answer as if it had no tokens.
     */
    <T> T withExistingTokens(Function<TokenStore, T> action) {
      try (TrackingStore tracking = StoreFactory.openExisting(uri())) {
        return action.apply(JdbcTokenStore.on(tracking, Clock.systemUTC()));
      }
    }

    private String uri() {
      return store != null ? store : "sqlite:" + ServerCommand.dataDir().resolve("mlruns.db");
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a token and print it once; only its hash is stored.")
  static final class Create implements Callable<Integer> {
    @Mixin StoreOption store;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "What the token is for")
    String name;

    @Option(
        names = "--scope",
        required = true,
        paramLabel = "read|write|admin",
        converter = OptionTypes.TokenScope.class,
        description = "read: GET and search; write: also logging; admin: also token management")
    Scope scope;

    @Override
    public Integer call() {
      IssuedToken issued = store.withTokens(tokens -> tokens.create(name, scope));
      PrintWriter out = spec.commandLine().getOut();
      out.println(issued.secret());
      out.flush();
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "Token '"
              + issued.token().name()
              + "' (id "
              + issued.token().id()
              + ", scope "
              + scope.wireName()
              + ") created. It is shown only now: store it in a secret manager.");
      err.println("MLflow clients and Trackbook notebooks: export MLFLOW_TRACKING_TOKEN=<token>");
      err.flush();
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List tokens (never their secrets).")
  static final class ListTokens implements Callable<Integer> {
    @Mixin StoreOption store;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      List<ApiToken> tokens = store.withExistingTokens(TokenStore::list);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%-12s  %-6s  %-24s  %-24s  %-24s  %s%n",
          "ID", "SCOPE", "CREATED", "LAST USED", "REVOKED", "NAME");
      for (ApiToken t : tokens) {
        out.printf(
            "%-12s  %-6s  %-24s  %-24s  %-24s  %s%n",
            t.id(),
            t.scope().wireName(),
            time(t.createdTime()),
            time(t.lastUsedTime()),
            time(t.revokedTime()),
            t.name());
      }
      out.flush();
      return 0;
    }

    private static String time(Long millis) {
      return millis == null ? "-" : Instant.ofEpochMilli(millis).toString();
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a token by id (see `token list`); it stops working at once.")
  static final class Revoke implements Callable<Integer> {
    @Mixin StoreOption store;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The token's id")
    String id;

    @Override
    public Integer call() {
      ApiToken revoked = store.withExistingTokens(tokens -> tokens.revoke(id));
      spec.commandLine().getOut().println("Revoked token '" + revoked.name() + "' (" + id + ").");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
