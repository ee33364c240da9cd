package dev.trackbook.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.ServerConfig;
import dev.trackbook.server.TrackingServer;
import dev.trackbook.server.artifacts.LocalArtifactRepository;
import dev.trackbook.server.rest.Http;
import dev.trackbook.server.store.StoreFactory;
import dev.trackbook.server.store.TrackingStore;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@code --auth} servers on one PostgreSQL database, as behind a load balancer: a token is
 * whatever the store says at each request, so one issued or revoked on either server counts on the
 * other at once.
 */
class TwoAuthServersPostgresIT {
  private final List<TrackingStore> stores = new ArrayList<>();
  private final List<TrackingServer> servers = new ArrayList<>();
  private Http first;
  private Http second;
  private String admin;

  @BeforeEach
  void start() throws Exception {
    String uri = EmbeddedPostgres.createDatabase();
    Path artifacts = Files.createTempDirectory("trackbook-two-auth-");
    for (int i = 0; i < 2; i++) {
      TrackingStore store = StoreFactory.open(uri);
      stores.add(store);
      servers.add(
          TrackingServer.create(
                  ServerConfig.defaults().withPort(0),
                  store,
                  new LocalArtifactRepository(artifacts),
                  Clock.systemUTC(),
                  AccessControl.bearerTokens(JdbcTokenStore.on(store, Clock.systemUTC())))
              .start());
    }
    first = new Http(servers.get(0).url());
    second = new Http(servers.get(1).url());
    // the first admin, written straight into the store as `trackbook token create` does
    admin =
        JdbcTokenStore.on(stores.get(0), Clock.systemUTC()).create("admin", Scope.ADMIN).secret();
  }

  @AfterEach
  void stop() {
    servers.forEach(TrackingServer::stop);
    stores.forEach(TrackingStore::close);
  }

  @Test
  void aTokenIssuedOrRevokedOnOneServerCountsOnTheOtherAtOnce() {
    Http.Response issued =
        second.post(
            "/api/2.0/trackbook/tokens/create",
            Http.object().put("name", "ci").put("scope", "write"),
            "Authorization",
            "Bearer " + admin);
    assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
    String secret = issued.json().get("secret").asText();
    String id = issued.json().at("/token/id").asText();

    for (Http server : List.of(first, second)) {
      Http.Response created =
          server.post(
              "/api/2.0/mlflow/experiments/create",
              Http.object().put("name", "by-ci-on-" + server.baseUrl()),
              "Authorization",
              "Bearer " + secret);
      assertThat(created.status()).as(created.toString()).isEqualTo(200);
    }

    Http.Response revoked =
        first.post(
            "/api/2.0/trackbook/tokens/revoke",
            Http.object().put("id", id),
            "Authorization",
            "Bearer " + admin);
    assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
    for (Http server : List.of(second, first)) {
      Http.Response refused =
          server.get(
              "/api/2.0/mlflow/experiments/get?experiment_id=0",
              "Authorization",
              "Bearer " + secret);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
      assertThat(refused.errorCode()).isEqualTo("UNAUTHENTICATED");
    }
  }
}
