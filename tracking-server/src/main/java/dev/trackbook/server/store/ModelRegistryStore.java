package dev.trackbook.server.store;

import dev.trackbook.server.model.ModelVersion;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.RegisteredModel;
import dev.trackbook.server.model.Tag;
import java.util.List;
import java.util.function.Consumer;

/**
 * The model registry's storage contract, MLflow's {@code AbstractStore} of
 * mlflow/store/model_registry: registered models, their numbered versions, tags and aliases. Every
 * backend passes the same contract suite ({@code ModelRegistryContract}, run by each {@code
 * TrackingStoreContract} backend). Like {@link TrackingStore}, methods check the meaning of their
 * arguments and throw {@link dev.trackbook.server.error.TrackingException}:
 *
 * <ul>
 *   <li>RESOURCE_DOES_NOT_EXIST for an unknown model, version, alias or run;
 *   <li>RESOURCE_ALREADY_EXISTS for a taken model name;
 *   <li>INVALID_PARAMETER_VALUE for an empty or over-long name, a version that is not a number, a
 *       reserved alias ({@code latest}, {@code v<N>}), an unknown stage, or a write to a {@link
 *       #LINEAGE_TAG_PREFIX} tag.
 * </ul>
 *
 * <p>Version numbers count up per model from 1 and are never reused, also not after a delete; two
 * servers creating versions of one model at once get distinct numbers.
 */
public interface ModelRegistryStore {

  /**
   * Model version tags under this prefix hold the lineage the store captured from the version's run
   * when it was created; they are read-only (see {@code registry.Lineage}).
   */
  String LINEAGE_TAG_PREFIX = dev.trackbook.server.registry.Lineage.PREFIX;

  /** Creates a model without versions; RESOURCE_ALREADY_EXISTS if the name is taken. */
  RegisteredModel createRegisteredModel(String name, String description, List<Tag> tags);

  /** The model with its tags, aliases and the latest version per stage. */
  RegisteredModel getRegisteredModel(String name);

  /**
   * Searches models. {@code filter}: {@code name} with =, !=, LIKE, ILIKE and {@code tags.<key>},
   * joined by AND. {@code orderBy}: {@code name}, {@code creation_timestamp}, {@code
   * last_updated_timestamp} (alias {@code timestamp}), ASC or DESC; default name ASC.
   */
  Page<RegisteredModel> searchRegisteredModels(
      String filter, List<String> orderBy, int maxResults, String pageToken);

  /** Replaces the description (null clears it); returns the updated model. */
  RegisteredModel updateRegisteredModel(String name, String description);

  /** Renames a model and everything that hangs off it; RESOURCE_ALREADY_EXISTS if taken. */
  RegisteredModel renameRegisteredModel(String name, String newName);

  /** Deletes a model with its versions, tags and aliases. */
  void deleteRegisteredModel(String name);

  void setRegisteredModelTag(String name, Tag tag);

  /** RESOURCE_DOES_NOT_EXIST if the model has no such tag. */
  void deleteRegisteredModelTag(String name, String key);

  /**
   * Points {@code alias} at a version, moving it if it pointed elsewhere; RESOURCE_DOES_NOT_EXIST
   * if the version does not exist.
   */
  default void setRegisteredModelAlias(String name, String alias, String version) {
    setRegisteredModelAlias(name, alias, version, v -> {});
  }

  /**
   * As {@link #setRegisteredModelAlias(String, String, String)}, after {@code precondition} has
   * seen the version in the same transaction (it throws to refuse); the version's tags cannot
   * change between that look and the write, whichever server instance changes them.
   */
  void setRegisteredModelAlias(
      String name, String alias, String version, Consumer<ModelVersion> precondition);

  /**
   * Deleting an alias the model does not have succeeds, as in MLflow; RESOURCE_DOES_NOT_EXIST if
   * there is no such model.
   */
  void deleteRegisteredModelAlias(String name, String alias);

  /**
   * The version an alias points at; RESOURCE_DOES_NOT_EXIST if the model does not exist,
   * INVALID_PARAMETER_VALUE if it has no such alias (MLflow's code for an unknown alias).
   */
  ModelVersion getModelVersionByAlias(String name, String alias);

  /**
   * The newest version in each of {@code stages} (any case; empty means all stages), ordered by
   * stage as MLflow lists them.
   */
  List<ModelVersion> getLatestVersions(String name, List<String> stages);

  /**
   * Creates the next version of a model, status READY, stage None. When {@code runId} is given the
   * run must exist, and the version gets {@link #LINEAGE_TAG_PREFIX} tags captured from it (its
   * notebook and hash, pipeline version, dataset digests, git commit) next to {@code tags}; any
   * {@link #LINEAGE_TAG_PREFIX} tags in {@code tags} are dropped.
   */
  ModelVersion createModelVersion(
      String name, String source, String runId, List<Tag> tags, String runLink, String description);

  ModelVersion getModelVersion(String name, String version);

  /**
   * Searches versions. {@code filter}: {@code name}, {@code run_id}, {@code source_path} (=, !=,
   * LIKE, ILIKE, IN), {@code version_number} (numeric), {@code tags.<key>}, joined by AND. {@code
   * orderBy}: {@code name}, {@code version_number}, {@code creation_timestamp}, {@code
   * last_updated_timestamp}; default name ASC, version_number DESC.
   */
  Page<ModelVersion> searchModelVersions(
      String filter, List<String> orderBy, int maxResults, String pageToken);

  /** Replaces the description (null clears it); returns the updated version. */
  ModelVersion updateModelVersion(String name, String version, String description);

  /**
   * Moves a version to {@code stage}. With {@code archiveExistingVersions}, other versions of the
   * model in that stage (Staging or Production only) move to Archived in the same transaction.
   */
  ModelVersion transitionModelVersionStage(
      String name, String version, String stage, boolean archiveExistingVersions);

  /** Deletes a version, its tags and the aliases pointing at it. */
  void deleteModelVersion(String name, String version);

  /** Sets a version tag; INVALID_PARAMETER_VALUE for a {@link #LINEAGE_TAG_PREFIX} key. */
  void setModelVersionTag(String name, String version, Tag tag);

  /** Deletes a version tag; INVALID_PARAMETER_VALUE for a lineage key. */
  void deleteModelVersionTag(String name, String version, String key);

  /** Where the version's files are: its {@code source}. */
  String getModelVersionDownloadUri(String name, String version);
}
