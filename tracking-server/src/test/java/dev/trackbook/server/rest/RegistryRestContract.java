package dev.trackbook.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The model registry's REST endpoints (MLflow's ModelRegistryService wire format), written once and
 * run against every store backend. The server gates the aliases {@code champion} and {@code prod}
 * on a passed validation, as {@code trackbook server --require-validation champion,prod} would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RegistryRestContract extends ServerPerClassSuite {
  static final String API = "/api/2.0/mlflow/";

  @Override
  protected ServerConfig config() {
    return ServerConfig.defaults().withRequireValidation(Set.of("champion", "Prod"));
  }

  // ---- helpers ----

  protected static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  protected Http.Response ok(Http.Response response) {
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("content-type")).startsWith("application/json");
    return response;
  }

  protected Http.Response error(Http.Response response, int status, String code) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    JsonNode body = response.json();
    assertThat(body.path("error_code").asText()).as(response.toString()).isEqualTo(code);
    assertThat(body.path("message").asText()).isNotBlank().doesNotContain("Exception");
    return response;
  }

  protected Http.Response post(String path, ObjectNode body) {
    return http.post(API + path, body);
  }

  protected Http.Response patch(String path, ObjectNode body) {
    return http.send("PATCH", API + path, body.toString().getBytes(), "application/json");
  }

  protected Http.Response delete(String path, ObjectNode body) {
    return http.send("DELETE", API + path, body.toString().getBytes(), "application/json");
  }

  protected Http.Response get(String pathAndQuery) {
    return http.get(API + pathAndQuery);
  }

  protected String createModel() {
    String name = unique("model");
    ok(post("registered-models/create", Http.object().put("name", name)));
    return name;
  }

  protected JsonNode createVersion(String name, String runId) {
    String source = runId == null ? "file:///models/" + name : "runs:/" + runId + "/model";
    ObjectNode body = Http.object().put("name", name).put("source", source);
    if (runId != null) {
      body.put("run_id", runId);
    }
    return ok(post("model-versions/create", body)).json().get("model_version");
  }

  protected String newRun(ObjectNode... tags) {
    ObjectNode body = Http.object().put("experiment_id", "0").put("start_time", 1L);
    body.putArray("tags").addAll(List.of(tags));
    return ok(http.post(API + "runs/create", body)).json().at("/run/info/run_id").asText();
  }

  protected static ObjectNode tag(String key, String value) {
    return Http.object().put("key", key).put("value", value);
  }

  protected static String tagValue(JsonNode entity, String key) {
    for (JsonNode t : entity.path("tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  @Test
  void modelVersionsAreSearchedInMlflowsOrder() throws Exception {
    String prefix = unique("order");
    String zz = prefix + "-zz";
    String aa = prefix + "-aa";
    for (String name : List.of(zz, aa)) {
      ok(post("registered-models/create", Http.object().put("name", name)));
    }
    createVersion(zz, null);
    Thread.sleep(5); // distinct last-updated times
    createVersion(zz, null);
    Thread.sleep(5);
    createVersion(aa, null);
    Thread.sleep(5);
    ok(
        patch(
            "model-versions/update",
            Http.object().put("name", zz).put("version", "1").put("description", "touched")));
    String filter = q("name LIKE '" + prefix + "%'");

    JsonNode byDefault = ok(get("model-versions/search?filter=" + filter)).json();
    JsonNode byName =
        ok(get("model-versions/search?filter=" + filter + "&order_by=" + q("name"))).json();

    // Most recently updated first, as MLflow; by name, each name's newest version first.
    assertThat(versions(byDefault)).containsExactly(zz + " 1", aa + " 1", zz + " 2");
    assertThat(versions(byName)).containsExactly(aa + " 1", zz + " 2", zz + " 1");
  }

  private static List<String> versions(JsonNode searchAnswer) {
    List<String> out = new java.util.ArrayList<>();
    searchAnswer
        .path("model_versions")
        .forEach(v -> out.add(v.path("name").asText() + " " + v.path("version").asText()));
    return out;
  }

  // ---- registered models ----

  @Test
  void registeredModelLifecycleSpeaksMlflowsWireFormat() {
    String name = unique("wire");
    ObjectNode create = Http.object().put("name", name).put("description", "d");
    create.putArray("tags").add(tag("team", "ml"));
    JsonNode created = ok(post("registered-models/create", create)).json();
    JsonNode model = created.get("registered_model");
    assertThat(model.path("name").asText()).isEqualTo(name);
    assertThat(model.path("description").asText()).isEqualTo("d");
    assertThat(model.path("creation_timestamp").isIntegralNumber()).isTrue();
    assertThat(model.path("last_updated_timestamp").isIntegralNumber()).isTrue();
    assertThat(tagValue(model, "team")).isEqualTo("ml");

    error(post("registered-models/create", create), 400, "RESOURCE_ALREADY_EXISTS");
    error(get("registered-models/get?name=" + q(unique("none"))), 404, "RESOURCE_DOES_NOT_EXIST");
    error(post("registered-models/create", Http.object()), 400, "INVALID_PARAMETER_VALUE");

    JsonNode updated =
        ok(patch(
                "registered-models/update",
                Http.object().put("name", name).put("description", "e")))
            .json();
    assertThat(updated.at("/registered_model/description").asText()).isEqualTo("e");

    ok(post("registered-models/set-tag", tag("k", "v").put("name", name)));
    JsonNode got = ok(get("registered-models/get?name=" + q(name))).json().get("registered_model");
    assertThat(tagValue(got, "k")).isEqualTo("v");
    ok(delete("registered-models/delete-tag", Http.object().put("name", name).put("key", "k")));
    // Deleting it again succeeds, as in MLflow; a model that does not exist is still 404.
    ok(delete("registered-models/delete-tag", Http.object().put("name", name).put("key", "k")));
    error(
        delete(
            "registered-models/delete-tag",
            Http.object().put("name", unique("ghost")).put("key", "k")),
        404,
        "RESOURCE_DOES_NOT_EXIST");

    String renamed = unique("renamed");
    JsonNode afterRename =
        ok(post(
                "registered-models/rename",
                Http.object().put("name", name).put("new_name", renamed)))
            .json();
    assertThat(afterRename.at("/registered_model/name").asText()).isEqualTo(renamed);
    ok(delete("registered-models/delete", Http.object().put("name", renamed)));
    error(get("registered-models/get?name=" + q(renamed)), 404, "RESOURCE_DOES_NOT_EXIST");
  }

  @Test
  void searchRegisteredModelsByNamePattern() {
    String prefix = unique("search").replace("-", "_");
    for (String s : List.of("a", "b", "c")) {
      ok(post("registered-models/create", Http.object().put("name", prefix + "-" + s)));
    }
    JsonNode page =
        ok(get(
                "registered-models/search?filter="
                    + q("name LIKE '" + prefix + "-%'")
                    + "&order_by="
                    + q("name DESC")
                    + "&max_results=2"))
            .json();
    List<String> names = new ArrayList<>();
    page.path("registered_models").forEach(m -> names.add(m.path("name").asText()));
    assertThat(names).containsExactly(prefix + "-c", prefix + "-b");
    String token = page.path("next_page_token").asText();
    assertThat(token).isNotEmpty();
    JsonNode rest =
        ok(get(
                "registered-models/search?filter="
                    + q("name LIKE '" + prefix + "-%'")
                    + "&order_by="
                    + q("name DESC")
                    + "&max_results=2&page_token="
                    + q(token)))
            .json();
    assertThat(rest.at("/registered_models/0/name").asText()).isEqualTo(prefix + "-a");
    assertThat(rest.has("next_page_token")).isFalse();
    assertThat(
            ok(get(
                    "registered-models/search?filter="
                        + q("name ILIKE '" + prefix.toUpperCase() + "-A'")))
                .json()
                .path("registered_models"))
        .extracting(m -> m.path("name").asText())
        .containsExactly(prefix + "-a");
    error(get("registered-models/search?max_results=1001"), 400, "INVALID_PARAMETER_VALUE");
    error(
        get("registered-models/search?filter=" + q("metrics.x > 1")),
        400,
        "INVALID_PARAMETER_VALUE");
  }

  // ---- versions, aliases, stages ----

  @Test
  void versionsAliasesStagesAndTags() {
    String name = createModel();
    JsonNode v1 = createVersion(name, null);
    assertThat(v1.path("version").asText()).isEqualTo("1");
    assertThat(v1.path("version").isTextual()).isTrue();
    assertThat(v1.path("current_stage").asText()).isEqualTo("None");
    assertThat(v1.path("status").asText()).isEqualTo("READY");
    createVersion(name, null);

    ok(
        post(
            "registered-models/alias",
            json("{'name':'" + name + "','alias':'staging-a','version':'2'}")));
    JsonNode byAlias =
        ok(get("registered-models/alias?name=" + q(name) + "&alias=staging-a")).json();
    assertThat(byAlias.at("/model_version/version").asText()).isEqualTo("2");
    assertThat(byAlias.at("/model_version/aliases/0").asText()).isEqualTo("staging-a");
    JsonNode model = ok(get("registered-models/get?name=" + q(name))).json();
    assertThat(model.at("/registered_model/aliases/0/alias").asText()).isEqualTo("staging-a");
    assertThat(model.at("/registered_model/aliases/0/version").asText()).isEqualTo("2");

    error(
        post("registered-models/alias", json("{'name':'" + name + "','alias':'x','version':'9'}")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    error(
        post(
            "registered-models/alias",
            json("{'name':'" + name + "','alias':'latest','version':'1'}")),
        400,
        "INVALID_PARAMETER_VALUE");
    ok(delete("registered-models/alias", json("{'name':'" + name + "','alias':'staging-a'}")));
    // MLflow answers an alias the model lacks with 400 INVALID_PARAMETER_VALUE, not 404
    error(
        get("registered-models/alias?name=" + q(name) + "&alias=staging-a"),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        get("registered-models/alias?name=" + q(unique("none")) + "&alias=staging-a"),
        404,
        "RESOURCE_DOES_NOT_EXIST");

    JsonNode moved =
        ok(post(
                "model-versions/transition-stage",
                json(
                    "{'name':'"
                        + name
                        + "','version':'1','stage':'Production','archive_existing_versions':true}")))
            .json();
    assertThat(moved.at("/model_version/current_stage").asText()).isEqualTo("Production");
    ok(
        post(
            "model-versions/transition-stage",
            json(
                "{'name':'"
                    + name
                    + "','version':'2','stage':'production','archive_existing_versions':true}")));
    assertThat(
            ok(get("model-versions/get?name=" + q(name) + "&version=1"))
                .json()
                .at("/model_version/current_stage")
                .asText())
        .isEqualTo("Archived");
    JsonNode latest =
        ok(post(
                "registered-models/get-latest-versions",
                json("{'name':'" + name + "','stages':['Production']}")))
            .json();
    assertThat(latest.at("/model_versions/0/version").asText()).isEqualTo("2");
    assertThat(latest.path("model_versions")).hasSize(1);
    error(
        post(
            "model-versions/transition-stage",
            json("{'name':'" + name + "','version':'2','stage':'Live'}")),
        400,
        "INVALID_PARAMETER_VALUE");

    ok(post("model-versions/set-tag", tag("k", "v").put("name", name).put("version", "2")));
    ok(
        patch(
            "model-versions/update",
            json("{'name':'" + name + "','version':'2','description':'best'}")));
    JsonNode v2 =
        ok(get("model-versions/get?name=" + q(name) + "&version=2")).json().get("model_version");
    assertThat(tagValue(v2, "k")).isEqualTo("v");
    assertThat(v2.path("description").asText()).isEqualTo("best");
    ok(
        delete(
            "model-versions/delete-tag", json("{'name':'" + name + "','version':'2','key':'k'}")));

    assertThat(
            ok(get("model-versions/get-download-uri?name=" + q(name) + "&version=2"))
                .json()
                .path("artifact_uri")
                .asText())
        .isEqualTo("file:///models/" + name);
    ok(delete("model-versions/delete", json("{'name':'" + name + "','version':'2'}")));
    error(get("model-versions/get?name=" + q(name) + "&version=2"), 404, "RESOURCE_DOES_NOT_EXIST");
    error(
        get("model-versions/get?name=" + q(name) + "&version=two"), 400, "INVALID_PARAMETER_VALUE");
    assertThat(createVersion(name, null).path("version").asText()).isEqualTo("3");
  }

  @Test
  void searchModelVersionsByRunFindsTheVersionsMadeFromIt() {
    String run = newRun();
    String other = newRun();
    String a = createModel();
    String b = createModel();
    createVersion(a, run);
    createVersion(b, run);
    createVersion(b, other);
    JsonNode found = ok(get("model-versions/search?filter=" + q("run_id = '" + run + "'"))).json();
    List<String> hits = new ArrayList<>();
    found.path("model_versions").forEach(v -> hits.add(v.path("name").asText()));
    assertThat(hits).containsExactlyInAnyOrder(a, b);
    JsonNode both =
        ok(get(
                "model-versions/search?filter="
                    + q("run_id IN ('" + run + "','" + other + "') AND name = '" + b + "'")))
            .json();
    assertThat(both.path("model_versions")).hasSize(2);
  }

  @Test
  void lineageOfTheRunIsOnTheVersionAsReadOnlyTags() {
    String run =
        newRun(
            tag("mlflow.source.name", "notebooks/train.ipynb"),
            tag("mlflow.source.git.commit", "0123abcd"),
            tag("trackbook.pipeline.source_sha256", "beef"),
            tag("trackbook.pipeline.version", "2"));
    ok(
        http.post(
            API + "runs/log-inputs",
            json(
                "{'run_id':'"
                    + run
                    + "','datasets':[{'dataset':{'name':'iris','digest':'abc','source_type':'local',"
                    + "'source':'{}'}}]}")));
    String name = createModel();
    JsonNode v = createVersion(name, run);
    assertThat(v.path("run_id").asText()).isEqualTo(run);
    assertThat(tagValue(v, "trackbook.lineage.run_id")).isEqualTo(run);
    assertThat(tagValue(v, "trackbook.lineage.notebook")).isEqualTo("notebooks/train.ipynb");
    assertThat(tagValue(v, "trackbook.lineage.notebook_sha256")).isEqualTo("beef");
    assertThat(tagValue(v, "trackbook.lineage.pipeline_version")).isEqualTo("2");
    assertThat(tagValue(v, "trackbook.lineage.git_commit")).isEqualTo("0123abcd");
    assertThat(tagValue(v, "trackbook.lineage.datasets"))
        .isEqualTo("[{\"name\":\"iris\",\"digest\":\"abc\"}]");
    error(
        post(
            "model-versions/set-tag",
            tag("trackbook.lineage.git_commit", "x").put("name", name).put("version", "1")),
        400,
        "INVALID_PARAMETER_VALUE");
    error(
        post(
            "model-versions/create",
            Http.object().put("name", name).put("source", "s").put("run_id", "feedbeef")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  // ---- validation gate ----

  @Test
  void gatedAliasNeedsAPassedValidation() {
    String name = createModel();
    createVersion(name, null);
    ObjectNode champion = json("{'name':'" + name + "','alias':'champion','version':'1'}");
    Http.Response refused = error(post("registered-models/alias", champion), 400, "INVALID_STATE");
    assertThat(refused.json().path("message").asText())
        .contains("champion", "has not been validated", "trackbook validate");

    ok(
        post(
            "model-versions/set-tag",
            tag("trackbook.validation.status", "failed").put("name", name).put("version", "1")));
    assertThat(
            error(post("registered-models/alias", champion), 400, "INVALID_STATE")
                .json()
                .path("message")
                .asText())
        .contains("trackbook.validation.status=failed");
    // gated aliases match case-insensitively ("Prod" configured)
    error(
        post(
            "registered-models/alias",
            json("{'name':'" + name + "','alias':'PROD','version':'1'}")),
        400,
        "INVALID_STATE");
    // a missing version is still "does not exist", not a validation failure
    error(
        post(
            "registered-models/alias",
            json("{'name':'" + name + "','alias':'champion','version':'5'}")),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    // ungated aliases are free
    ok(
        post(
            "registered-models/alias",
            json("{'name':'" + name + "','alias':'candidate','version':'1'}")));

    ok(
        post(
            "model-versions/set-tag",
            tag("trackbook.validation.status", "passed").put("name", name).put("version", "1")));
    ok(post("registered-models/alias", champion));
    assertThat(
            ok(get("registered-models/alias?name=" + q(name) + "&alias=champion"))
                .json()
                .at("/model_version/version")
                .asText())
        .isEqualTo("1");
  }

  @Test
  void deleteArgumentsAlsoWorkAsAQueryString() {
    String name = createModel();
    Http.Response r = http.delete(API + "registered-models/delete?name=" + q(name));
    ok(r);
    error(get("registered-models/get?name=" + q(name)), 404, "RESOURCE_DOES_NOT_EXIST");
  }
}
