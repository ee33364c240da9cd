package dev.trackbook.server.store;

import static dev.trackbook.server.store.SqlTransactions.IN_LIST_CHUNK;
import static dev.trackbook.server.store.SqlTransactions.bindAll;
import static dev.trackbook.server.store.SqlTransactions.forEachRow;
import static dev.trackbook.server.store.SqlTransactions.pageOfIds;
import static dev.trackbook.server.store.SqlTransactions.update;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.ModelAlias;
import dev.trackbook.server.model.ModelStage;
import dev.trackbook.server.model.ModelVersion;
import dev.trackbook.server.model.ModelVersionStatus;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.RegisteredModel;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.registry.Lineage;
import dev.trackbook.server.search.PageTokens;
import dev.trackbook.server.search.RegistrySearchSql;
import dev.trackbook.server.search.SqlDialect;
import dev.trackbook.server.search.SqlFragment;
import dev.trackbook.server.validation.RegistryValidation;
import dev.trackbook.server.validation.Validation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link ModelRegistryStore} on the tracking database (tables of migration V4), for SQLite and
 * PostgreSQL. Handed out by {@link JdbcTrackingStore#registry()}, sharing its transactions.
 */
final class JdbcModelRegistryStore implements ModelRegistryStore {
  private static final String VERSION_COLUMNS =
      "mv.name, mv.version, mv.creation_time, mv.last_updated_time, mv.current_stage,"
          + " mv.description, mv.source, mv.run_id, mv.status, mv.status_message, mv.run_link";

  /** A source naming a version of the registry itself: {@code models:/<name>/<version>}. */
  private static final Pattern MODEL_VERSION_URI = Pattern.compile("models:/(.+)/(\\d{1,18})");

  private final SqlTransactions tx;
  private final Clock clock;
  private final Function<String, Run> runs;
  private final RegistrySearchSql modelSearch;
  private final RegistrySearchSql versionSearch;

  /**
   * @param runs looks a run up for lineage (RESOURCE_DOES_NOT_EXIST if there is none)
   */
  JdbcModelRegistryStore(SqlTransactions tx, Clock clock, Function<String, Run> runs) {
    this.tx = tx;
    this.clock = clock;
    this.runs = runs;
    this.modelSearch = new RegistrySearchSql(tx.dialect(), RegistrySearchSql.Target.MODELS);
    this.versionSearch = new RegistrySearchSql(tx.dialect(), RegistrySearchSql.Target.VERSIONS);
  }

  // ---------------------------------------------------------------- registered models

  @Override
  public RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags) {
    RegistryValidation.modelName(name);
    RegistryValidation.description(description);
    List<Tag> tagList = tags == null ? List.of() : tags;
    tagList.forEach(RegistryValidation::tag);
    long now = clock.millis();
    return tx.write(
        c -> {
          if (modelExists(c, name)) {
            throw modelExists(name);
          }
          try {
            update(
                c,
                "INSERT INTO registered_models (name, creation_time, last_updated_time,"
                    + " description) VALUES (?, ?, ?, ?)",
                name,
                now,
                now,
                description);
          } catch (SQLException e) {
            if (tx.isUniqueViolation(e)) {
              throw modelExists(name);
            }
            throw e;
          }
          for (Tag tag : tagList) {
            upsertModelTag(c, name, tag);
          }
          return loadModel(c, name);
        });
  }

  @Override
  public RegisteredModel getRegisteredModel(String name) {
    RegistryValidation.modelName(name);
    return tx.read(c -> loadModel(c, name));
  }

  @Override
  public Page<RegisteredModel> searchRegisteredModels(
      String filter, List<String> orderBy, int maxResults, String pageToken) {
    Validation.maxResults("max_results", maxResults, RegistryValidation.MAX_MODEL_SEARCH_RESULTS);
    List<String> order = orderBy == null ? List.of() : orderBy;
    SqlFragment where = modelSearch.where(filter);
    String sql =
        "SELECT m.name FROM registered_models m WHERE "
            + where.sql()
            + " ORDER BY "
            + modelSearch.orderBy(order);
    long offset = PageTokens.decode(pageToken, "registered-models", filter, order);
    return tx.read(
        c -> {
          List<String> names =
              pageOfIds(c, new SqlFragment(sql, where.params()), maxResults + 1, offset);
          String next = null;
          if (names.size() > maxResults) {
            names.remove(names.size() - 1);
            next = PageTokens.encode(offset + maxResults, "registered-models", filter, order);
          }
          List<RegisteredModel> items = new ArrayList<>();
          for (String name : names) {
            items.add(loadModel(c, name));
          }
          return new Page<>(items, next);
        });
  }

  @Override
  public RegisteredModel updateRegisteredModel(String name, String description) {
    RegistryValidation.modelName(name);
    RegistryValidation.description(description);
    long now = clock.millis();
    return tx.write(
        c -> {
          requireModel(c, name);
          update(
              c,
              "UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?",
              description,
              now,
              name);
          return loadModel(c, name);
        });
  }

  @Override
  public RegisteredModel renameRegisteredModel(String name, String newName) {
    RegistryValidation.modelName(name);
    RegistryValidation.modelName(newName);
    long now = clock.millis();
    return tx.write(
        c -> {
          requireModel(c, name);
          if (name.equals(newName)) {
            return loadModel(c, name);
          }
          if (modelExists(c, newName)) {
            throw modelExists(newName);
          }
          try {
            // ON UPDATE CASCADE carries versions, tags and aliases along (migration V4)
            update(
                c,
                "UPDATE registered_models SET name = ?, last_updated_time = ? WHERE name = ?",
                newName,
                now,
                name);
          } catch (SQLException e) {
            if (tx.isUniqueViolation(e)) {
              throw modelExists(newName);
            }
            throw e;
          }
          // As MLflow's rename: every version changed name, so each counts as updated (and moves
          // up in the default, most-recently-updated-first version search).
          update(c, "UPDATE model_versions SET last_updated_time = ? WHERE name = ?", now, newName);
          return loadModel(c, newName);
        });
  }

  @Override
  public void deleteRegisteredModel(String name) {
    RegistryValidation.modelName(name);
    tx.write(
        c -> {
          requireModel(c, name);
          // versions, their tags and aliases, and the model's tags go by ON DELETE CASCADE (V4)
          update(c, "DELETE FROM registered_models WHERE name = ?", name);
          return null;
        });
  }

  @Override
  public void setRegisteredModelTag(String name, Tag tag) {
    RegistryValidation.modelName(name);
    RegistryValidation.tag(tag);
    tx.write(
        c -> {
          requireModel(c, name);
          upsertModelTag(c, name, tag);
          return null;
        });
  }

  @Override
  public void deleteRegisteredModelTag(String name, String key) {
    RegistryValidation.modelName(name);
    Validation.tagKey(key);
    tx.write(
        c -> {
          requireModel(c, name);
          // A tag that is not there is already deleted: MLflow answers success, so cleanup
          // scripts can run twice.
          update(c, "DELETE FROM registered_model_tags WHERE name = ? AND tag_key = ?", name, key);
          return null;
        });
  }

  @Override
  public void setRegisteredModelAlias(
      String name, String alias, String version, Consumer<ModelVersion> precondition) {
    RegistryValidation.modelName(name);
    RegistryValidation.alias(alias);
    long v = RegistryValidation.version(version);
    tx.write(
        c -> {
          requireVersion(c, name, v);
          if (tx.dialect() == SqlDialect.POSTGRESQL) {
            // The version's tags stay as the precondition saw them until this commits: a
            // concurrent `trackbook validate` on another instance waits (SQLite: one writer).
            forEachRow(
                c,
                "SELECT 1 FROM model_version_tags WHERE name = ? AND version = ? FOR SHARE",
                List.of(name, v),
                r -> {});
          }
          precondition.accept(loadVersion(c, name, v));
          // An upsert: two requests moving one alias at once must not collide on its key.
          update(
              c,
              "INSERT INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?)"
                  + " ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version",
              name,
              alias,
              v);
          return null;
        });
  }

  @Override
  public void deleteRegisteredModelAlias(String name, String alias) {
    RegistryValidation.modelName(name);
    RegistryValidation.alias(alias);
    tx.write(
        c -> {
          requireModel(c, name);
          // As MLflow: deleting an alias that is not there succeeds.
          update(
              c, "DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?", name, alias);
          return null;
        });
  }

  @Override
  public ModelVersion getModelVersionByAlias(String name, String alias) {
    RegistryValidation.modelName(name);
    RegistryValidation.alias(alias);
    return tx.read(
        c -> {
          requireModel(c, name);
          List<ModelVersion> found =
              loadVersions(
                  c,
                  "mv.name = ? AND mv.version = (SELECT a.version FROM registered_model_aliases a"
                      + " WHERE a.name = ? AND a.alias = ?)",
                  List.of(name, name, alias),
                  "mv.version");
          if (found.isEmpty()) {
            throw aliasNotFound(name, alias);
          }
          return found.get(0);
        });
  }

  @Override
  public List<ModelVersion> getLatestVersions(String name, List<String> stages) {
    RegistryValidation.modelName(name);
    Set<ModelStage> wanted = EnumSet.noneOf(ModelStage.class);
    if (stages == null || stages.isEmpty()) {
      wanted.addAll(EnumSet.allOf(ModelStage.class));
    } else {
      stages.forEach(s -> wanted.add(ModelStage.parse(s)));
    }
    return tx.read(
        c -> {
          requireModel(c, name);
          return latestVersions(c, name, wanted);
        });
  }

  // ---------------------------------------------------------------- versions

  @Override
  public ModelVersion createModelVersion(
      String name,
      String source,
      String runId,
      List<Tag> tags,
      String runLink,
      String description) {
    RegistryValidation.modelName(name);
    RegistryValidation.uri("Model version source", source);
    RegistryValidation.uri("Run link", runLink);
    RegistryValidation.description(description);
    // Lineage tags a client sends are dropped, not refused: MLflow's copy_model_version sends the
    // source version's tags, lineage included. The version's lineage stays the server's own,
    // captured from run_id below, so it still cannot be forged.
    List<Tag> tagList =
        (tags == null ? List.<Tag>of() : tags)
            .stream().filter(t -> !Lineage.isLineageKey(t.key())).toList();
    tagList.forEach(RegistryValidation::tag);
    String run = runId == null || runId.isBlank() ? null : runId;
    // read the run before the transaction: lineage is what the run says when the version is made
    List<Tag> lineage = run == null ? List.of() : Lineage.of(runs.apply(run), runs);
    long now = clock.millis();
    return tx.write(
        c -> {
          // Taking the number updates the model's row, so concurrent creators (also in other
          // server processes on one PostgreSQL) queue on its row lock and get distinct numbers.
          long version;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE registered_models SET last_version = last_version + 1,"
                      + " last_updated_time = ? WHERE name = ? RETURNING last_version")) {
            ps.setLong(1, now);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw modelNotFound(name);
              }
              version = rs.getLong(1);
            }
          }
          update(
              c,
              "INSERT INTO model_versions (name, version, creation_time, last_updated_time,"
                  + " description, current_stage, source, storage_location, run_id, run_link,"
                  + " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              name,
              version,
              now,
              now,
              description,
              ModelStage.NONE.wire(),
              source,
              storageLocation(c, source),
              run,
              runLink,
              ModelVersionStatus.READY.name());
          for (Tag tag : tagList) {
            upsertVersionTag(c, name, version, tag);
          }
          for (Tag tag : lineage) {
            upsertVersionTag(c, name, version, tag);
          }
          return loadVersion(c, name, version);
        });
  }

  @Override
  public ModelVersion getModelVersion(String name, String version) {
    RegistryValidation.modelName(name);
    long v = RegistryValidation.version(version);
    return tx.read(c -> loadVersion(c, name, v));
  }

  @Override
  public Page<ModelVersion> searchModelVersions(
      String filter, List<String> orderBy, int maxResults, String pageToken) {
    Validation.maxResults("max_results", maxResults, RegistryValidation.MAX_VERSION_SEARCH_RESULTS);
    List<String> order = orderBy == null ? List.of() : orderBy;
    SqlFragment where = versionSearch.where(filter);
    String orderSql = versionSearch.orderBy(order);
    long offset = PageTokens.decode(pageToken, "model-versions", filter, order);
    return tx.read(
        c -> {
          List<ModelVersion> items =
              loadVersions(c, where.sql(), where.params(), orderSql, maxResults + 1, offset);
          String next = null;
          if (items.size() > maxResults) {
            items.remove(items.size() - 1);
            next = PageTokens.encode(offset + maxResults, "model-versions", filter, order);
          }
          return new Page<>(items, next);
        });
  }

  @Override
  public ModelVersion updateModelVersion(String name, String version, String description) {
    RegistryValidation.modelName(name);
    long v = RegistryValidation.version(version);
    RegistryValidation.description(description);
    long now = clock.millis();
    return tx.write(
        c -> {
          requireVersion(c, name, v);
          update(
              c,
              "UPDATE model_versions SET description = ?, last_updated_time = ?"
                  + " WHERE name = ? AND version = ?",
              description,
              now,
              name,
              v);
          return loadVersion(c, name, v);
        });
  }

  @Override
  public ModelVersion transitionModelVersionStage(
      String name, String version, String stage, boolean archiveExistingVersions) {
    RegistryValidation.modelName(name);
    long v = RegistryValidation.version(version);
    ModelStage target = ModelStage.parse(stage);
    // MLflow archives others only on a move into Staging or Production, and refuses the flag
    // on a move anywhere else
    if (archiveExistingVersions
        && target != ModelStage.STAGING
        && target != ModelStage.PRODUCTION) {
      throw TrackingException.invalid(
          "Model version transition cannot archive existing model versions because '"
              + target.wire()
              + "' is not an Active stage. Valid stages are Staging, Production");
    }
    long now = clock.millis();
    return tx.write(
        c -> {
          requireVersion(c, name, v);
          // The model's row first: two moves into one stage then run one after the other, and
          // the second archives the first's version (each would miss the other's otherwise).
          update(c, "UPDATE registered_models SET last_updated_time = ? WHERE name = ?", now, name);
          if (archiveExistingVersions) {
            update(
                c,
                "UPDATE model_versions SET current_stage = ?, last_updated_time = ?"
                    + " WHERE name = ? AND current_stage = ? AND version <> ?",
                ModelStage.ARCHIVED.wire(),
                now,
                name,
                target.wire(),
                v);
          }
          update(
              c,
              "UPDATE model_versions SET current_stage = ?, last_updated_time = ?"
                  + " WHERE name = ? AND version = ?",
              target.wire(),
              now,
              name,
              v);
          return loadVersion(c, name, v);
        });
  }

  @Override
  public void deleteModelVersion(String name, String version) {
    RegistryValidation.modelName(name);
    long v = RegistryValidation.version(version);
    long now = clock.millis();
    tx.write(
        c -> {
          requireVersion(c, name, v);
          // the model's row first, in the same order as stage transitions take it
          update(c, "UPDATE registered_models SET last_updated_time = ? WHERE name = ?", now, name);
          // its tags and aliases go by ON DELETE CASCADE (V4)
          update(c, "DELETE FROM model_versions WHERE name = ? AND version = ?", name, v);
          return null;
        });
  }

  @Override
  public void setModelVersionTag(String name, String version, Tag tag) {
    RegistryValidation.modelName(name);
    long v = RegistryValidation.version(version);
    RegistryValidation.tag(tag);
    requireNotLineage(tag.key());
    tx.write(
        c -> {
          requireVersion(c, name, v);
          upsertVersionTag(c, name, v, tag);
          return null;
        });
  }

  @Override
  public void deleteModelVersionTag(String name, String version, String key) {
    RegistryValidation.modelName(name);
    long v = RegistryValidation.version(version);
    Validation.tagKey(key);
    requireNotLineage(key);
    tx.write(
        c -> {
          requireVersion(c, name, v);
          // As MLflow: deleting a tag that is not there succeeds.
          update(
              c,
              "DELETE FROM model_version_tags WHERE name = ? AND version = ? AND tag_key = ?",
              name,
              v,
              key);
          return null;
        });
  }

  @Override
  public String getModelVersionDownloadUri(String name, String version) {
    RegistryValidation.modelName(name);
    long v = RegistryValidation.version(version);
    return tx.read(c -> downloadUri(c, name, v));
  }

  private static String downloadUri(Connection c, String name, long version) throws SQLException {
    return versionColumn(c, name, version, "COALESCE(storage_location, source)");
  }

  /**
   * Where the files of a version made from {@code source} are, when that names another version
   * ({@code models:/<name>/<version>}): that version's download URI, as MLflow resolves it at
   * creation; null for any other source, whose files are at the source itself.
   */
  private static String storageLocation(Connection c, String source) throws SQLException {
    Matcher m = source == null ? null : MODEL_VERSION_URI.matcher(source);
    if (m == null || !m.matches()) {
      return null;
    }
    try {
      return downloadUri(c, m.group(1), Long.parseLong(m.group(2)));
    } catch (TrackingException e) {
      throw TrackingException.invalid(
          "Model version source '"
              + Validation.abbreviate(source)
              + "' names no model version: "
              + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- loading

  private RegisteredModel loadModel(Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT creation_time, last_updated_time, description FROM registered_models"
                + " WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw modelNotFound(name);
        }
        long created = rs.getLong(1);
        long updated = rs.getLong(2);
        String description = rs.getString(3);
        List<Tag> tags = new ArrayList<>();
        forEachRow(
            c,
            "SELECT tag_key, value FROM registered_model_tags WHERE name = ? ORDER BY tag_key",
            List.of(name),
            r -> tags.add(new Tag(r.getString(1), r.getString(2))));
        List<ModelAlias> aliases = new ArrayList<>();
        forEachRow(
            c,
            "SELECT alias, version FROM registered_model_aliases WHERE name = ? ORDER BY alias",
            List.of(name),
            r -> aliases.add(new ModelAlias(r.getString(1), Long.toString(r.getLong(2)))));
        List<ModelVersion> latest = latestVersions(c, name, EnumSet.allOf(ModelStage.class));
        return new RegisteredModel(name, created, updated, description, latest, tags, aliases);
      }
    }
  }

  /** The newest version per stage among {@code stages}, in stage order. */
  private List<ModelVersion> latestVersions(Connection c, String name, Set<ModelStage> stages)
      throws SQLException {
    List<ModelVersion> newest =
        loadVersions(
            c,
            "mv.name = ? AND mv.version IN (SELECT MAX(x.version) FROM model_versions x"
                + " WHERE x.name = ? GROUP BY x.current_stage)",
            List.of(name, name),
            "mv.version");
    List<ModelVersion> result = new ArrayList<>();
    for (ModelStage stage : ModelStage.values()) {
      if (stages.contains(stage)) {
        newest.stream().filter(v -> v.currentStage().equals(stage.wire())).forEach(result::add);
      }
    }
    return result;
  }

  private ModelVersion loadVersion(Connection c, String name, long version) throws SQLException {
    List<ModelVersion> found =
        loadVersions(c, "mv.name = ? AND mv.version = ?", List.of(name, version), "mv.version");
    if (found.isEmpty()) {
      throw missingVersion(c, name, version);
    }
    return found.get(0);
  }

  private List<ModelVersion> loadVersions(
      Connection c, String where, List<?> params, String orderSql) throws SQLException {
    return loadVersions(c, where, params, orderSql, null, 0);
  }

  /** Versions matching {@code where} over {@code mv}, with their tags and aliases. */
  private List<ModelVersion> loadVersions(
      Connection c, String where, List<?> params, String orderSql, Integer limit, long offset)
      throws SQLException {
    String sql =
        "SELECT "
            + VERSION_COLUMNS
            + " FROM model_versions mv WHERE "
            + where
            + " ORDER BY "
            + orderSql
            + (limit == null ? "" : " LIMIT ? OFFSET ?");
    record Row(
        String name,
        long version,
        long created,
        long updated,
        String stage,
        String description,
        String source,
        String runId,
        String status,
        String statusMessage,
        String runLink) {}
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = bindAll(ps, 1, params);
      if (limit != null) {
        ps.setInt(i++, limit);
        ps.setLong(i, offset);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10),
                  rs.getString(11)));
        }
      }
    }
    if (rows.isEmpty()) {
      return new ArrayList<>();
    }
    // tags and aliases of exactly the listed versions, two queries per IN_LIST_CHUNK versions
    // (not two per version, nor every tag of every version of the model)
    Map<String, List<Tag>> tags = new LinkedHashMap<>();
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    for (int from = 0; from < rows.size(); from += IN_LIST_CHUNK) {
      List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + IN_LIST_CHUNK));
      String in = String.join(", ", java.util.Collections.nCopies(chunk.size(), "(?, ?)"));
      List<Object> keys = new ArrayList<>();
      chunk.forEach(
          r -> {
            keys.add(r.name());
            keys.add(r.version());
          });
      forEachRow(
          c,
          "SELECT name, version, tag_key, value FROM model_version_tags WHERE (name, version) IN ("
              + in
              + ") ORDER BY tag_key",
          keys,
          r ->
              tags.computeIfAbsent(key(r.getString(1), r.getLong(2)), k -> new ArrayList<>())
                  .add(new Tag(r.getString(3), r.getString(4))));
      forEachRow(
          c,
          "SELECT name, version, alias FROM registered_model_aliases WHERE (name, version) IN ("
              + in
              + ") ORDER BY alias",
          keys,
          r ->
              aliases
                  .computeIfAbsent(key(r.getString(1), r.getLong(2)), k -> new ArrayList<>())
                  .add(r.getString(3)));
    }
    List<ModelVersion> versions = new ArrayList<>();
    for (Row r : rows) {
      String k = key(r.name(), r.version());
      versions.add(
          new ModelVersion(
              r.name(),
              Long.toString(r.version()),
              r.created(),
              r.updated(),
              r.stage(),
              r.description(),
              r.source(),
              r.runId(),
              ModelVersionStatus.valueOf(r.status()),
              r.statusMessage(),
              tags.getOrDefault(k, List.of()),
              r.runLink(),
              aliases.getOrDefault(k, List.of())));
    }
    return versions;
  }

  private static String key(String name, long version) {
    return version + "\u0000" + name;
  }

  // ---------------------------------------------------------------- writes and checks

  private void upsertModelTag(Connection c, String name, Tag tag) throws SQLException {
    update(
        c,
        "INSERT INTO registered_model_tags (name, tag_key, value) VALUES (?, ?, ?)"
            + " ON CONFLICT (name, tag_key) DO UPDATE SET value = excluded.value",
        name,
        tag.key(),
        tag.value());
  }

  private void upsertVersionTag(Connection c, String name, long version, Tag tag)
      throws SQLException {
    update(
        c,
        "INSERT INTO model_version_tags (name, version, tag_key, value) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (name, version, tag_key) DO UPDATE SET value = excluded.value",
        name,
        version,
        tag.key(),
        tag.value());
  }

  private static boolean modelExists(Connection c, String name) throws SQLException {
    boolean[] found = {false};
    forEachRow(
        c, "SELECT 1 FROM registered_models WHERE name = ?", List.of(name), r -> found[0] = true);
    return found[0];
  }

  private static void requireModel(Connection c, String name) throws SQLException {
    if (!modelExists(c, name)) {
      throw modelNotFound(name);
    }
  }

  private static void requireVersion(Connection c, String name, long version) throws SQLException {
    versionColumn(c, name, version, "1");
  }

  /**
   * One column ({@code expression} over {@code model_versions}) of one version, without loading the
   * version; {@link #missingVersion} when there is none.
   */
  private static String versionColumn(Connection c, String name, long version, String expression)
      throws SQLException {
    String[] value = {null};
    boolean[] found = {false};
    forEachRow(
        c,
        "SELECT " + expression + " FROM model_versions WHERE name = ? AND version = ?",
        List.of(name, version),
        r -> {
          found[0] = true;
          value[0] = r.getString(1);
        });
    if (!found[0]) {
      throw missingVersion(c, name, version);
    }
    return value[0];
  }

  /** RESOURCE_DOES_NOT_EXIST for a version not found: naming the model when that is missing too. */
  private static TrackingException missingVersion(Connection c, String name, long version)
      throws SQLException {
    return modelExists(c, name) ? versionNotFound(name, version) : modelNotFound(name);
  }

  private static void requireNotLineage(String key) {
    if (Lineage.isLineageKey(key)) {
      throw TrackingException.invalid(
          "Tag '"
              + key
              + "' is lineage the server captured from the version's run and cannot be set or"
              + " deleted; tags under '"
              + Lineage.PREFIX
              + "' are read-only.");
    }
  }

  private static TrackingException modelNotFound(String name) {
    return TrackingException.notFound(
        "Registered Model with name=" + Validation.abbreviate(name) + " not found");
  }

  private static TrackingException modelExists(String name) {
    return new TrackingException(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        "Registered Model (name=" + Validation.abbreviate(name) + ") already exists.");
  }

  private static TrackingException versionNotFound(String name, long version) {
    return TrackingException.notFound(
        "Model Version (name="
            + Validation.abbreviate(name)
            + ", version="
            + version
            + ") not found");
  }

  private static TrackingException aliasNotFound(String name, String alias) {
    // MLflow's store answers an unknown alias INVALID_PARAMETER_VALUE (400), not 404; its clients
    // (and ours, resolving models:/NAME@ALIAS) read that code.
    return TrackingException.invalid(
        "Registered model alias " + alias + " not found on model " + Validation.abbreviate(name));
  }
}
