package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.model.ModelAlias;
import dev.trackbook.server.model.ModelVersion;
import dev.trackbook.server.model.RegisteredModel;

/**
 * The wire form of the model registry's entities (mlflow/protos/model_registry.proto {@code
 * RegisteredModel}, {@code ModelVersion}), written like {@link WireJson}: snake_case, int64 as
 * numbers, unset fields and empty lists left out.
 */
final class RegistryJson {
  private RegistryJson() {}

  static ObjectNode registeredModel(RegisteredModel m) {
    ObjectNode json = WireJson.object();
    json.put("name", m.name());
    json.put("creation_timestamp", m.creationTimestamp());
    json.put("last_updated_timestamp", m.lastUpdatedTimestamp());
    WireJson.putIfPresent(json, "description", m.description());
    ArrayNode latest = json.arrayNode();
    m.latestVersions().forEach(v -> latest.add(modelVersion(v)));
    WireJson.putList(json, "latest_versions", latest);
    WireJson.putList(json, "tags", WireJson.tags(m.tags()));
    ArrayNode aliases = json.arrayNode();
    for (ModelAlias a : m.aliases()) {
      aliases.addObject().put("alias", a.alias()).put("version", a.version());
    }
    WireJson.putList(json, "aliases", aliases);
    return json;
  }

  static ObjectNode modelVersion(ModelVersion v) {
    ObjectNode json = WireJson.object();
    json.put("name", v.name());
    json.put("version", v.version());
    json.put("creation_timestamp", v.creationTimestamp());
    json.put("last_updated_timestamp", v.lastUpdatedTimestamp());
    json.put("current_stage", v.currentStage());
    WireJson.putIfPresent(json, "description", v.description());
    WireJson.putIfPresent(json, "source", v.source());
    WireJson.putIfPresent(json, "run_id", v.runId());
    json.put("status", v.status().name());
    WireJson.putIfPresent(json, "status_message", v.statusMessage());
    WireJson.putList(json, "tags", WireJson.tags(v.tags()));
    WireJson.putIfPresent(json, "run_link", v.runLink());
    ArrayNode aliases = json.arrayNode();
    v.aliases().forEach(aliases::add);
    WireJson.putList(json, "aliases", aliases);
    return json;
  }
}
