package dev.trackbook.server.store;

import static dev.trackbook.server.store.StoreAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.model.Dataset;
import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.ModelAlias;
import dev.trackbook.server.model.ModelVersion;
import dev.trackbook.server.model.ModelVersionStatus;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.RegisteredModel;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.registry.Lineage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ModelRegistryStore} must have, run by every {@link
 * TrackingStoreContract} backend on {@code store().registry()}.
 */
public interface ModelRegistryContract {

  /** A store on a fresh database. */
  TrackingStore store();

  private ModelRegistryStore registry() {
    return store().registry();
  }

  private ModelVersion newVersion(String model) {
    return registry().createModelVersion(model, "s3://b/" + model, null, List.of(), null, null);
  }

  private static Map<String, String> tagMap(List<Tag> tags) {
    return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
  }

  private static List<String> names(Page<RegisteredModel> page) {
    return page.items().stream().map(RegisteredModel::name).toList();
  }

  private static List<String> versions(Page<ModelVersion> page) {
    return page.items().stream().map(v -> v.name() + "/" + v.version()).toList();
  }

  // ------------------------------------------------------------------ registered models

  @Test
  default void registeredModelIsCreatedReadAndNamesAreUnique() {
    RegisteredModel created =
        registry().createRegisteredModel("iris", "first model", List.of(new Tag("team", "ml")));
    assertThat(created.name()).isEqualTo("iris");
    assertThat(created.description()).isEqualTo("first model");
    assertThat(created.creationTimestamp()).isPositive();
    assertThat(created.lastUpdatedTimestamp()).isEqualTo(created.creationTimestamp());
    assertThat(created.latestVersions()).isEmpty();

    RegisteredModel read = registry().getRegisteredModel("iris");
    assertThat(read.tags()).containsExactly(new Tag("team", "ml"));
    assertCode(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        () -> registry().createRegisteredModel("iris", null, List.of()),
        "iris");
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry().getRegisteredModel("nope"), "nope");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().createRegisteredModel(" ", null, List.of()));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().createRegisteredModel("x".repeat(257), null, List.of()));
  }

  @Test
  default void modelDescriptionAndTagsAreUpdated() {
    registry().createRegisteredModel("m", null, List.of());
    assertThat(registry().updateRegisteredModel("m", "now described").description())
        .isEqualTo("now described");
    registry().setRegisteredModelTag("m", new Tag("k", "v1"));
    registry().setRegisteredModelTag("m", new Tag("k", "v2"));
    assertThat(registry().getRegisteredModel("m").tags()).containsExactly(new Tag("k", "v2"));
    registry().deleteRegisteredModelTag("m", "k");
    assertThat(registry().getRegisteredModel("m").tags()).isEmpty();
    registry().deleteRegisteredModelTag("m", "k"); // not there: success, as in MLflow
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry().deleteRegisteredModelTag("ghost", "k"));
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> registry().setRegisteredModelTag("ghost", new Tag("k", "v")));
  }

  @Test
  default void renameCarriesVersionsTagsAndAliases() {
    registry().createRegisteredModel("old", null, List.of(new Tag("k", "v")));
    newVersion("old");
    registry().setModelVersionTag("old", "1", new Tag("vk", "vv"));
    registry().setRegisteredModelAlias("old", "champion", "1");
    registry().createRegisteredModel("taken", null, List.of());

    assertCode(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        () -> registry().renameRegisteredModel("old", "taken"),
        "taken");
    RegisteredModel renamed = registry().renameRegisteredModel("old", "new");
    assertThat(renamed.name()).isEqualTo("new");
    assertThat(renamed.tags()).containsExactly(new Tag("k", "v"));
    assertThat(renamed.aliases()).containsExactly(new ModelAlias("champion", "1"));
    ModelVersion v = registry().getModelVersionByAlias("new", "champion");
    assertThat(v.name()).isEqualTo("new");
    assertThat(tagMap(v.tags())).containsEntry("vk", "vv");
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry().getRegisteredModel("old"));
    assertThat(newVersion("new").version()).isEqualTo("2");
  }

  @Test
  default void renameCountsAsAnUpdateOfEveryVersion() throws InterruptedException {
    registry().createRegisteredModel("before", null, List.of());
    ModelVersion created = newVersion("before");
    Thread.sleep(5); // a rename in a later millisecond than the version's creation

    RegisteredModel renamed = registry().renameRegisteredModel("before", "after");

    // As MLflow: the versions' last-updated time is the rename's, as the model's is
    ModelVersion v = registry().getModelVersion("after", "1");
    assertThat(v.lastUpdatedTimestamp())
        .isEqualTo(renamed.lastUpdatedTimestamp())
        .isGreaterThan(created.lastUpdatedTimestamp());
    assertThat(v.creationTimestamp()).isEqualTo(created.creationTimestamp());
  }

  @Test
  default void deletingAModelDeletesItsVersionsAndFreesTheName() {
    registry().createRegisteredModel("gone", null, List.of(new Tag("k", "v")));
    newVersion("gone");
    newVersion("gone");
    registry().setRegisteredModelAlias("gone", "a", "2");
    registry().deleteRegisteredModel("gone");
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry().getRegisteredModel("gone"));
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry().getModelVersion("gone", "1"));
    assertThat(registry().searchModelVersions("name = 'gone'", List.of(), 100, null).items())
        .isEmpty();
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry().deleteRegisteredModel("gone"));

    registry().createRegisteredModel("gone", null, List.of());
    assertThat(registry().getRegisteredModel("gone").tags()).isEmpty();
    assertThat(newVersion("gone").version()).isEqualTo("1");
  }

  // ------------------------------------------------------------------ versions

  @Test
  default void versionsCountUpAndNumbersAreNeverReused() {
    registry().createRegisteredModel("m", null, List.of());
    ModelVersion first =
        registry()
            .createModelVersion(
                "m", "runs:/abc/model", null, List.of(new Tag("k", "v")), "http://x", "d1");
    assertThat(first.version()).isEqualTo("1");
    assertThat(first.currentStage()).isEqualTo("None");
    assertThat(first.status()).isEqualTo(ModelVersionStatus.READY);
    assertThat(first.source()).isEqualTo("runs:/abc/model");
    assertThat(first.runLink()).isEqualTo("http://x");
    assertThat(first.description()).isEqualTo("d1");
    assertThat(first.tags()).containsExactly(new Tag("k", "v"));
    assertThat(newVersion("m").version()).isEqualTo("2");
    registry().deleteModelVersion("m", "2");
    assertThat(newVersion("m").version()).isEqualTo("3");
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry().getModelVersion("m", "2"), "version=2");
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> registry().getModelVersion("m", "one"));
    // an integer that no version has is not found, as in MLflow, not a malformed version
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> registry().getModelVersion("m", "0"));
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> registry().setRegisteredModelAlias("m", "a", "-1"));
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> newVersion("no-model"), "no-model");
    assertThat(registry().getModelVersionDownloadUri("m", "1")).isEqualTo("runs:/abc/model");
    assertThat(registry().updateModelVersion("m", "1", "d2").description()).isEqualTo("d2");
  }

  @Test
  default void aVersionMadeFromAnotherVersionDownloadsItsFilesAfterThatIsDeleted() {
    // MLflow's copy_model_version makes a version with source models:/<name>/<version>
    registry().createRegisteredModel("staging", null, List.of());
    registry().createRegisteredModel("prod", null, List.of());
    registry().createModelVersion("staging", "s3://b/files", null, List.of(), null, null);
    ModelVersion copy =
        registry().createModelVersion("prod", "models:/staging/1", null, List.of(), null, null);
    registry().createModelVersion("prod", "models:/prod/1", null, List.of(), null, null);

    registry().deleteRegisteredModel("staging");

    assertThat(copy.source()).isEqualTo("models:/staging/1");
    assertThat(registry().getModelVersionDownloadUri("prod", "1")).isEqualTo("s3://b/files");
    assertThat(registry().getModelVersionDownloadUri("prod", "2")).isEqualTo("s3://b/files");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            registry().createModelVersion("prod", "models:/staging/1", null, List.of(), null, null),
        "models:/staging/1");
  }

  @Test
  default void versionTagsAreSetAndDeleted() {
    registry().createRegisteredModel("m", null, List.of());
    newVersion("m");
    registry().setModelVersionTag("m", "1", new Tag("trackbook.validation.status", "failed"));
    registry().setModelVersionTag("m", "1", new Tag("trackbook.validation.status", "passed"));
    assertThat(tagMap(registry().getModelVersion("m", "1").tags()))
        .containsEntry("trackbook.validation.status", "passed");
    registry().deleteModelVersionTag("m", "1", "trackbook.validation.status");
    assertThat(registry().getModelVersion("m", "1").tags()).isEmpty();
    registry().deleteModelVersionTag("m", "1", "trackbook.validation.status"); // as MLflow
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> registry().deleteModelVersionTag("m", "9", "trackbook.validation.status"));
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> registry().setModelVersionTag("m", "9", new Tag("k", "v")));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().setModelVersionTag("m", "1", new Tag("k", "x".repeat(5001))));
  }

  @Test
  default void lineageIsCapturedFromTheRunAndIsReadOnly() {
    String run =
        store()
            .createRun(
                "0",
                "alice",
                1_000,
                "train",
                List.of(
                    new Tag("mlflow.source.name", "notebooks/train.ipynb"),
                    new Tag("mlflow.source.git.commit", "abc123"),
                    new Tag("trackbook.git.dirty", "false"),
                    new Tag("trackbook.pipeline.source", "notebooks/train.ipynb"),
                    new Tag("trackbook.pipeline.source_sha256", "f00d"),
                    new Tag("trackbook.pipeline.version", "3"),
                    new Tag("trackbook.pipeline.script", "pipelines/Train.java")))
            .info()
            .runId();
    store()
        .logInputs(
            run,
            List.of(
                new DatasetInput(
                    List.of(new Tag("mlflow.data.context", "training")),
                    new Dataset("iris", "d1g3st", "local", "{}", null, null))));
    registry().createRegisteredModel("m", null, List.of());
    ModelVersion v =
        registry().createModelVersion("m", "runs:/" + run + "/model", run, List.of(), null, null);

    assertThat(v.runId()).isEqualTo(run);
    Map<String, String> tags = tagMap(v.tags());
    assertThat(tags)
        .containsEntry(Lineage.RUN_ID, run)
        .containsEntry(Lineage.EXPERIMENT_ID, "0")
        .containsEntry(Lineage.NOTEBOOK, "notebooks/train.ipynb")
        .containsEntry(Lineage.NOTEBOOK_SHA256, "f00d")
        .containsEntry(Lineage.PIPELINE_VERSION, "3")
        .containsEntry(Lineage.PIPELINE_SCRIPT, "pipelines/Train.java")
        .containsEntry(Lineage.GIT_COMMIT, "abc123")
        .containsEntry(Lineage.GIT_DIRTY, "false")
        .containsEntry(
            Lineage.DATASETS,
            "[{\"name\":\"iris\",\"digest\":\"d1g3st\",\"context\":\"training\"}]");

    // lineage is what the run said at registration: later run edits do not rewrite it
    store().setTag(run, new Tag("mlflow.source.git.commit", "later"));
    assertThat(tagMap(registry().getModelVersion("m", "1").tags()))
        .containsEntry(Lineage.GIT_COMMIT, "abc123");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().setModelVersionTag("m", "1", new Tag(Lineage.GIT_COMMIT, "forged")),
        "read-only");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().deleteModelVersionTag("m", "1", Lineage.GIT_COMMIT));
    // MLflow's copy_model_version sends the source's tags, lineage included: the copy is made,
    // its lineage is the server's own from the run, and the lineage it was sent is dropped
    ModelVersion copy =
        registry()
            .createModelVersion(
                "m",
                "models:/m/1",
                run,
                List.of(
                    new Tag(Lineage.GIT_COMMIT, "abc123"),
                    new Tag(Lineage.NOTEBOOK, "forged"),
                    new Tag("k", "v")),
                null,
                null);
    assertThat(tagMap(copy.tags()))
        .containsEntry(Lineage.GIT_COMMIT, "later")
        .containsEntry(Lineage.NOTEBOOK, "notebooks/train.ipynb")
        .containsEntry("k", "v");
    Map<String, String> withoutRun =
        tagMap(
            registry()
                .createModelVersion(
                    "m", "s", null, List.of(new Tag(Lineage.NOTEBOOK, "x")), null, null)
                .tags());
    assertThat(withoutRun).isEmpty();
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> registry().createModelVersion("m", "s", "feedbeef", List.of(), null, null));
    // a version without a run has no lineage tags
    assertThat(newVersion("m").tags()).isEmpty();
  }

  @Test
  default void aNestedRunsLineageTakesWhatItLacksFromItsParents() {
    // `./trackbook run` logs the pipeline's facts on its own run and the notebook's runs nest
    // under it, and a sweep logs its dataset and git facts on the parent: a version registered
    // from the nested run (%register) had no pipeline, notebook, git or dataset lineage.
    String pipeline =
        store()
            .createRun(
                "0",
                "alice",
                1_000,
                "02-email-classifier",
                List.of(
                    new Tag("mlflow.source.git.commit", "abc123"),
                    new Tag("trackbook.pipeline.source", "notebooks/train.ipynb"),
                    new Tag("trackbook.pipeline.source_sha256", "f00d"),
                    new Tag("trackbook.pipeline.version", "3"),
                    new Tag("trackbook.pipeline.script", "pipelines/Train.java"),
                    new Tag("trackbook.pipeline.git_dirty", "false")))
            .info()
            .runId();
    store()
        .logInputs(
            pipeline,
            List.of(
                new DatasetInput(
                    List.of(), new Dataset("emails", "d1g3st", "local", "{}", null, null))));
    String sweep =
        store()
            .createRun(
                "0",
                "alice",
                1_001,
                "sweep",
                List.of(
                    new Tag("mlflow.parentRunId", pipeline),
                    new Tag("mlflow.source.git.commit", "def456")))
            .info()
            .runId();
    String trial =
        store()
            .createRun("0", "alice", 1_002, "trial", List.of(new Tag("mlflow.parentRunId", sweep)))
            .info()
            .runId();
    registry().createRegisteredModel("nested", null, List.of());
    Map<String, String> tags =
        tagMap(
            registry()
                .createModelVersion(
                    "nested", "runs:/" + trial + "/model", trial, List.of(), null, null)
                .tags());
    assertThat(tags)
        .containsEntry(Lineage.RUN_ID, trial)
        .containsEntry(Lineage.NOTEBOOK, "notebooks/train.ipynb")
        .containsEntry(Lineage.NOTEBOOK_SHA256, "f00d")
        .containsEntry(Lineage.PIPELINE_SCRIPT, "pipelines/Train.java")
        .containsEntry(Lineage.PIPELINE_VERSION, "3")
        .containsEntry(Lineage.GIT_COMMIT, "def456") // the nearest run that says
        .containsEntry(Lineage.DATASETS, "[{\"name\":\"emails\",\"digest\":\"d1g3st\"}]")
        // the only dirty flag is the pipeline's, about abc123: not a fact about def456
        .doesNotContainKey(Lineage.GIT_DIRTY);

    // a fact comes with its subject: the sha of the notebook the trial names, the dirty flag of
    // the commit it names, each from the nearest run naming the same one
    String paired =
        store()
            .createRun(
                "0",
                "alice",
                1_004,
                "paired",
                List.of(
                    new Tag("mlflow.parentRunId", pipeline),
                    new Tag("mlflow.source.name", "notebooks/train.ipynb"),
                    new Tag("mlflow.source.git.commit", "abc123")))
            .info()
            .runId();
    String elsewhere =
        store()
            .createRun(
                "0",
                "alice",
                1_005,
                "elsewhere",
                List.of(
                    new Tag("mlflow.parentRunId", pipeline),
                    new Tag("mlflow.source.name", "notebooks/other.ipynb")))
            .info()
            .runId();
    assertThat(
            tagMap(
                registry().createModelVersion("nested", "s", paired, List.of(), null, null).tags()))
        .containsEntry(Lineage.NOTEBOOK_SHA256, "f00d")
        .containsEntry(Lineage.GIT_COMMIT, "abc123")
        .containsEntry(Lineage.GIT_DIRTY, "false");
    assertThat(
            tagMap(
                registry()
                    .createModelVersion("nested", "s", elsewhere, List.of(), null, null)
                    .tags()))
        .containsEntry(Lineage.NOTEBOOK, "notebooks/other.ipynb")
        .doesNotContainKey(Lineage.NOTEBOOK_SHA256) // f00d is train.ipynb's
        .containsEntry(Lineage.GIT_COMMIT, "abc123")
        .containsEntry(Lineage.GIT_DIRTY, "false");

    // a parent that is gone (or a parent id that names no run) ends the walk, not the version
    String orphan =
        store()
            .createRun(
                "0",
                "alice",
                1_003,
                "orphan",
                List.of(new Tag("mlflow.parentRunId", "0123456789abcdef0123456789abcdef")))
            .info()
            .runId();
    assertThat(
            tagMap(
                registry().createModelVersion("nested", "s", orphan, List.of(), null, null).tags()))
        .containsOnlyKeys(Lineage.RUN_ID, Lineage.EXPERIMENT_ID);
    // nor does a parent id no run can have (a tag is user data; this one is no valid run id)
    String misnamed =
        store()
            .createRun(
                "0",
                "alice",
                1_006,
                "misnamed",
                List.of(new Tag("mlflow.parentRunId", "my parent")))
            .info()
            .runId();
    assertThat(
            tagMap(
                registry()
                    .createModelVersion("nested", "s", misnamed, List.of(), null, null)
                    .tags()))
        .containsOnlyKeys(Lineage.RUN_ID, Lineage.EXPERIMENT_ID);
  }

  // ------------------------------------------------------------------ aliases and stages

  @Test
  default void aliasesPointAtOneVersionAndMove() {
    registry().createRegisteredModel("m", null, List.of());
    newVersion("m");
    newVersion("m");
    registry().setRegisteredModelAlias("m", "champion", "1");
    registry().setRegisteredModelAlias("m", "challenger", "2");
    assertThat(registry().getModelVersionByAlias("m", "champion").version()).isEqualTo("1");
    assertThat(registry().getModelVersion("m", "1").aliases()).containsExactly("champion");

    registry().setRegisteredModelAlias("m", "champion", "2");
    assertThat(registry().getModelVersionByAlias("m", "champion").version()).isEqualTo("2");
    assertThat(registry().getModelVersion("m", "1").aliases()).isEmpty();
    assertThat(registry().getModelVersion("m", "2").aliases())
        .containsExactly("challenger", "champion");
    assertThat(registry().getRegisteredModel("m").aliases())
        .containsExactly(new ModelAlias("challenger", "2"), new ModelAlias("champion", "2"));

    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> registry().setRegisteredModelAlias("m", "champion", "7"),
        "version=7");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().setRegisteredModelAlias("m", "latest", "1"));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().setRegisteredModelAlias("m", "v2", "1"));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().setRegisteredModelAlias("m", "has space", "1"));

    registry().deleteRegisteredModelAlias("m", "challenger");
    // as MLflow: an alias the model lacks is INVALID_PARAMETER_VALUE; a missing model is not found
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().getModelVersionByAlias("m", "challenger"),
        "alias challenger not found");
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> registry().getModelVersionByAlias("ghost", "challenger"));
    registry().deleteRegisteredModelAlias("m", "challenger"); // not there: success, as in MLflow
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> registry().deleteRegisteredModelAlias("ghost", "challenger"));
    // deleting the version takes its aliases along
    registry().deleteModelVersion("m", "2");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().getModelVersionByAlias("m", "champion"));
  }

  @Test
  default void stageTransitionsArchiveOthersAndLatestVersionsFollow() {
    registry().createRegisteredModel("m", null, List.of());
    for (int i = 0; i < 4; i++) {
      newVersion("m");
    }
    registry().transitionModelVersionStage("m", "1", "production", false);
    registry().transitionModelVersionStage("m", "2", "Production", false);
    assertThat(registry().getModelVersion("m", "1").currentStage()).isEqualTo("Production");

    ModelVersion v3 = registry().transitionModelVersionStage("m", "3", "PRODUCTION", true);
    assertThat(v3.currentStage()).isEqualTo("Production");
    assertThat(registry().getModelVersion("m", "1").currentStage()).isEqualTo("Archived");
    assertThat(registry().getModelVersion("m", "2").currentStage()).isEqualTo("Archived");
    assertThat(registry().getModelVersion("m", "4").currentStage()).isEqualTo("None");

    assertThat(
            registry().getLatestVersions("m", List.of()).stream()
                .map(v -> v.currentStage() + ":" + v.version())
                .toList())
        .containsExactly("None:4", "Production:3", "Archived:2");
    assertThat(registry().getLatestVersions("m", List.of("production")))
        .extracting(ModelVersion::version)
        .containsExactly("3");
    assertThat(registry().getRegisteredModel("m").latestVersions())
        .extracting(ModelVersion::version)
        .containsExactly("4", "3", "2");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().transitionModelVersionStage("m", "1", "Live", false),
        "Live");
    // As MLflow: archiving others only makes sense on a move into Staging or Production.
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().transitionModelVersionStage("m", "1", "None", true),
        "not an Active stage");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE, () -> registry().getLatestVersions("m", List.of("x")));
  }

  // ------------------------------------------------------------------ search

  @Test
  default void searchRegisteredModelsFiltersOrdersAndPages() {
    for (String name : List.of("alpha-net", "beta-net", "gamma-tree", "delta-net")) {
      registry()
          .createRegisteredModel(
              name, null, List.of(new Tag("kind", name.endsWith("net") ? "nn" : "tree")));
    }
    assertThat(names(registry().searchRegisteredModels(null, List.of(), 100, null)))
        .containsExactly("alpha-net", "beta-net", "delta-net", "gamma-tree");
    assertThat(names(registry().searchRegisteredModels("name LIKE '%-net'", List.of(), 100, null)))
        .containsExactly("alpha-net", "beta-net", "delta-net");
    assertThat(names(registry().searchRegisteredModels("name LIKE 'B%'", List.of(), 100, null)))
        .isEmpty();
    assertThat(names(registry().searchRegisteredModels("name ILIKE 'B%'", List.of(), 100, null)))
        .containsExactly("beta-net");
    assertThat(
            names(registry().searchRegisteredModels("name = 'gamma-tree'", List.of(), 100, null)))
        .containsExactly("gamma-tree");
    assertThat(
            names(
                registry()
                    .searchRegisteredModels(
                        "tags.kind = 'nn' AND name != 'alpha-net'",
                        List.of("name DESC"),
                        100,
                        null)))
        .containsExactly("delta-net", "beta-net");

    Page<RegisteredModel> first =
        registry().searchRegisteredModels(null, List.of("name ASC"), 3, null);
    assertThat(names(first)).containsExactly("alpha-net", "beta-net", "delta-net");
    assertThat(first.nextPageToken()).isNotNull();
    Page<RegisteredModel> second =
        registry().searchRegisteredModels(null, List.of("name ASC"), 3, first.nextPageToken());
    assertThat(names(second)).containsExactly("gamma-tree");
    assertThat(second.nextPageToken()).isNull();

    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().searchRegisteredModels("metrics.acc > 1", List.of(), 10, null));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().searchRegisteredModels("name = 'a' OR name = 'b'", List.of(), 10, null));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().searchRegisteredModels(null, List.of("size"), 10, null));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().searchRegisteredModels(null, List.of(), 10, first.nextPageToken()));
  }

  @Test
  default void searchModelVersionsByNameRunAndTags() {
    String runA = store().createRun("0", "u", 1, "a", List.of()).info().runId();
    String runB = store().createRun("0", "u", 1, "b", List.of()).info().runId();
    registry().createRegisteredModel("m1", null, List.of());
    registry().createRegisteredModel("m2", null, List.of());
    registry().createModelVersion("m1", "s", runA, List.of(new Tag("k", "x")), null, null);
    registry().createModelVersion("m1", "s", runB, List.of(), null, null);
    registry().createModelVersion("m2", "s", runA, List.of(), null, null);

    // By name: each name's newest version first, as MLflow appends version DESC.
    assertThat(versions(registry().searchModelVersions(null, List.of("name"), 100, null)))
        .containsExactly("m1/2", "m1/1", "m2/1");
    assertThat(versions(registry().searchModelVersions("name = 'm1'", List.of(), 100, null)))
        .containsExactly("m1/2", "m1/1");
    assertThat(
            versions(
                registry()
                    .searchModelVersions(
                        "run_id = '" + runA + "'", List.of("name DESC"), 100, null)))
        .containsExactly("m2/1", "m1/1");
    assertThat(
            versions(
                registry()
                    .searchModelVersions(
                        "run_id IN ('" + runA + "', '" + runB + "') AND name = 'm1'",
                        List.of("version_number ASC"),
                        100,
                        null)))
        .containsExactly("m1/1", "m1/2");
    assertThat(versions(registry().searchModelVersions("tags.k = 'x'", List.of(), 100, null)))
        .containsExactly("m1/1");
    assertThat(
            versions(
                registry()
                    .searchModelVersions(
                        "name = 'm1' AND version_number > 1", List.of(), 100, null)))
        .containsExactly("m1/2");
    // the version as the quoted string the API hands out, compared as a number as in MLflow
    assertThat(
            versions(
                registry()
                    .searchModelVersions(
                        "name = 'm1' AND version_number >= '2'", List.of(), 100, null)))
        .containsExactly("m1/2");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().searchModelVersions("version_number = 'two'", List.of(), 10, null));

    Page<ModelVersion> first = registry().searchModelVersions(null, List.of("name"), 2, null);
    assertThat(versions(first)).containsExactly("m1/2", "m1/1");
    assertThat(
            versions(
                registry().searchModelVersions(null, List.of("name"), 2, first.nextPageToken())))
        .containsExactly("m2/1");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> registry().searchModelVersions("params.x = '1'", List.of(), 10, null));
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  default void concurrentCreatorsGetDistinctVersionNumbers() throws Exception {
    registry().createRegisteredModel("busy", null, List.of());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<List<String>>> work = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        work.add(
            () -> {
              List<String> mine = new ArrayList<>();
              for (int i = 0; i < 5; i++) {
                mine.add(newVersion("busy").version());
              }
              return mine;
            });
      }
      Set<String> all = new HashSet<>();
      for (Future<List<String>> f : pool.invokeAll(work)) {
        all.addAll(f.get());
      }
      Set<String> expected = new HashSet<>();
      for (int i = 1; i <= 30; i++) {
        expected.add(Integer.toString(i));
      }
      assertThat(all).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void concurrentMovesOfOneAliasAllSucceed() throws Exception {
    registry().createRegisteredModel("moves", null, List.of());
    newVersion("moves");
    newVersion("moves");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String target = Integer.toString(1 + t % 2);
        work.add(
            () -> {
              for (int i = 0; i < 15; i++) {
                registry().setRegisteredModelAlias("moves", "champion", target);
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(work)) {
        f.get(); // an upsert: two moves at once never collide on the alias's key
      }
      assertThat(registry().getModelVersionByAlias("moves", "champion").version()).isIn("1", "2");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void concurrentMovesIntoOneStageLeaveOneVersionThere() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 8; round++) {
        String model = "staged-" + round;
        registry().createRegisteredModel(model, null, List.of());
        newVersion(model);
        newVersion(model);
        newVersion(model);
        registry().transitionModelVersionStage(model, "1", "Production", false);
        List<Callable<ModelVersion>> moves =
            List.of(
                () -> registry().transitionModelVersionStage(model, "2", "Production", true),
                () -> registry().transitionModelVersionStage(model, "3", "Production", true));
        for (Future<ModelVersion> f : pool.invokeAll(moves)) {
          f.get();
        }
        List<String> inProduction =
            versions(registry().searchModelVersions("name = '" + model + "'", List.of(), 10, null))
                .stream()
                .filter(
                    nv ->
                        registry()
                            .getModelVersion(model, nv.substring(nv.indexOf('/') + 1))
                            .currentStage()
                            .equals("Production"))
                .toList();
        assertThat(inProduction).as("round %d", round).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void aVersionsTagsHoldStillWhileAnAliasPreconditionLooksAtThem() throws Exception {
    registry().createRegisteredModel("gated", null, List.of());
    newVersion("gated");
    registry().setModelVersionTag("gated", "1", new Tag("trackbook.validation.status", "passed"));
    java.util.concurrent.CountDownLatch looking = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> setAlias =
          pool.submit(
              () -> {
                registry()
                    .setRegisteredModelAlias(
                        "gated",
                        "champion",
                        "1",
                        v -> {
                          looking.countDown();
                          try {
                            release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        });
                return null;
              });
      assertThat(looking.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      Future<?> revalidate =
          pool.submit(
              () -> {
                registry()
                    .setModelVersionTag(
                        "gated", "1", new Tag("trackbook.validation.status", "failed"));
                return null;
              });
      Thread.sleep(300);
      // Another writer (on PostgreSQL: another server instance) waits for the alias's commit.
      assertThat(revalidate.isDone()).isFalse();
      release.countDown();
      setAlias.get(10, java.util.concurrent.TimeUnit.SECONDS);
      revalidate.get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(registry().getModelVersionByAlias("gated", "champion").version()).isEqualTo("1");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  default void aVersionDeletedWhileItsAliasIsSetIsNeverAServerError() throws Exception {
    registry().createRegisteredModel("vanishing", null, List.of());
    newVersion("vanishing");
    java.util.concurrent.CountDownLatch looking = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> setAlias =
          pool.submit(
              () -> {
                registry()
                    .setRegisteredModelAlias(
                        "vanishing",
                        "champion",
                        "1",
                        v -> {
                          looking.countDown();
                          try {
                            release.await(2, java.util.concurrent.TimeUnit.SECONDS);
                          } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                          }
                        });
                return null;
              });
      assertThat(looking.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      Future<?> delete =
          pool.submit(
              () -> {
                registry().deleteModelVersion("vanishing", "1");
                return null;
              });
      Thread.sleep(300);
      release.countDown();
      delete.get(10, java.util.concurrent.TimeUnit.SECONDS);
      try {
        setAlias.get(10, java.util.concurrent.TimeUnit.SECONDS);
        // serialized (SQLite, one writer): the alias was set, then went with its version
        assertCode(
            ErrorCode.INVALID_PARAMETER_VALUE,
            () -> registry().getModelVersionByAlias("vanishing", "champion"));
      } catch (java.util.concurrent.ExecutionException e) {
        // concurrent (PostgreSQL): the insert's foreign key no longer resolves
        assertThat(e.getCause())
            .isInstanceOfSatisfying(
                dev.trackbook.server.error.TrackingException.class,
                te -> assertThat(te.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
      }
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
