package dev.trackbook.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.testsupport.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The registry REST suite on a real PostgreSQL server, plus two servers on one database: creating
 * one model or versions of one model at once, and moving an alias one reads from the other.
 */
class RegistryRestPostgresIT extends RegistryRestContract {
  @Override
  protected String storeUri(Path workDir) {
    return EmbeddedPostgres.createDatabase();
  }

  @Test
  void twoServersOnOneDatabaseGiveDistinctVersionNumbers() throws Exception {
    try (AnotherServer second = startAnotherServer()) {
      Http other = second.http();
      String name = createModel();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Callable<List<String>>> work = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          Http client = t % 2 == 0 ? http : other;
          work.add(
              () -> {
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                  mine.add(
                      ok(client.post(
                              API + "model-versions/create",
                              Http.object().put("name", name).put("source", "s")))
                          .json()
                          .at("/model_version/version")
                          .asText());
                }
                return mine;
              });
        }
        Set<String> all = new HashSet<>();
        int count = 0;
        for (Future<List<String>> f : pool.invokeAll(work)) {
          all.addAll(f.get());
          count += 10;
        }
        assertThat(all).hasSize(count);
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= count; i++) {
          expected.add(Integer.toString(i));
        }
        assertThat(all).isEqualTo(expected);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void twoServersCreatingOneModelNameAtOnceMakeOneAndAnswerTheOtherAlreadyExists()
      throws Exception {
    try (AnotherServer second = startAnotherServer()) {
      Http other = second.http();
      for (int round = 0; round < 20; round++) {
        ObjectNode body = Http.object().put("name", unique("raced"));
        List<Http.Response> answers =
            atOnce(
                () -> http.post(API + "registered-models/create", body),
                () -> other.post(API + "registered-models/create", body));
        assertThat(answers.stream().filter(r -> r.status() == 200))
            .as("round %d: %s", round, answers)
            .hasSize(1);
        for (Http.Response r : answers) {
          if (r.status() != 200) {
            error(r, 400, "RESOURCE_ALREADY_EXISTS");
          }
        }
      }
    }
  }

  @Test
  void anAliasMovedOnOneServerIsWhatTheOtherAnswersAtOnce() throws Exception {
    try (AnotherServer second = startAnotherServer()) {
      Http other = second.http();
      String name = createModel();
      createVersion(name, null);
      createVersion(name, null);
      String byAlias = API + "registered-models/alias?name=" + q(name) + "&alias=staging";
      for (String version : List.of("1", "2", "1")) {
        ok(
            post(
                "registered-models/alias",
                Http.object().put("name", name).put("alias", "staging").put("version", version)));
        assertThat(ok(other.get(byAlias)).json().at("/model_version/version").asText())
            .isEqualTo(version);
      }
      ok(
          delete(
              "registered-models/alias", Http.object().put("name", name).put("alias", "staging")));
      error(other.get(byAlias), 400, "INVALID_PARAMETER_VALUE");
    }
  }
}
