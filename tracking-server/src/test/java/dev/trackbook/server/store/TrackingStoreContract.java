package dev.trackbook.server.store;

import static dev.trackbook.server.store.StoreAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import dev.trackbook.server.model.Dataset;
import dev.trackbook.server.model.DatasetInput;
import dev.trackbook.server.model.Experiment;
import dev.trackbook.server.model.LifecycleStage;
import dev.trackbook.server.model.Metric;
import dev.trackbook.server.model.MetricPoint;
import dev.trackbook.server.model.Page;
import dev.trackbook.server.model.Param;
import dev.trackbook.server.model.Run;
import dev.trackbook.server.model.RunInfo;
import dev.trackbook.server.model.RunStatus;
import dev.trackbook.server.model.Tag;
import dev.trackbook.server.model.ViewType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TrackingStore} backend must have. Each backend's test class only
 * supplies {@link #store()}: a store on a fresh, empty database for each test method. The model
 * registry's contract ({@link ModelRegistryContract}) comes along.
 */
public interface TrackingStoreContract extends ModelRegistryContract {

  /** A store on a fresh database (only the Default experiment exists). */
  @Override
  TrackingStore store();

  // ------------------------------------------------------------------ helpers

  private String newExperiment(String name) {
    return store().createExperiment(name, null, List.of());
  }

  private String newRun(String experimentId, String name, long startTime) {
    return store().createRun(experimentId, "alice", startTime, name, List.of()).info().runId();
  }

  private List<String> runNames(Page<Run> page) {
    return page.items().stream().map(r -> r.info().runName()).toList();
  }

  private List<String> search(String experimentId, String filter, String... orderBy) {
    return runNames(
        store()
            .searchRuns(List.of(experimentId), filter, ViewType.ALL, 1000, List.of(orderBy), null));
  }

  private static Metric metric(String key, double value, long step) {
    return new Metric(key, value, 1_000 + step, step);
  }

  // ------------------------------------------------------------------ experiments

  @Test
  default void defaultExperimentExistsAfterOpen() {
    Experiment e = store().getExperiment("0");
    assertThat(e.name()).isEqualTo("Default");
    assertThat(e.artifactLocation()).isEqualTo("mlflow-artifacts:/0");
    assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertThat(store().getExperimentByName("Default").experimentId()).isEqualTo("0");
  }

  @Test
  default void createExperimentAssignsIdArtifactLocationAndTags() {
    String id = store().createExperiment("exp one", null, List.of(new Tag("team", "ml")));
    assertThat(id).matches("[1-9][0-9]*");
    Experiment e = store().getExperiment(id);
    assertThat(e.name()).isEqualTo("exp one");
    assertThat(e.artifactLocation()).isEqualTo("mlflow-artifacts:/" + id);
    assertThat(e.tags()).containsExactly(new Tag("team", "ml"));
    assertThat(e.creationTime()).isPositive();
    assertThat(store().getExperimentByName("exp one").experimentId()).isEqualTo(id);
    String second = store().createExperiment("exp two", "file:///data/x", null);
    assertThat(second).isNotEqualTo(id);
    assertThat(store().getExperiment(second).artifactLocation()).isEqualTo("file:///data/x");
  }

  @Test
  default void experimentNamesAreUniqueEvenWhenDeleted() {
    String id = newExperiment("dup");
    assertCode(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> newExperiment("dup"), "dup");
    store().deleteExperiment(id);
    // the name is not among the active experiments: the message says where it is
    assertCode(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        () -> newExperiment("dup"),
        "'dup'",
        "deleted",
        "id " + id,
        "Restore");
    String other = newExperiment("other");
    assertCode(
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        () -> store().renameExperiment(other, "dup"),
        "deleted",
        "id " + id);
  }

  @Test
  default void badExperimentNamesAndTagsAreRejected() {
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> newExperiment(""));
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> newExperiment(null));
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> newExperiment("x".repeat(257)), "256");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().createExperiment("t", null, List.of(new Tag("a/../b", "v"))),
        "a/../b");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().createExperiment("t", null, List.of(new Tag("k", "v".repeat(5001)))),
        "5000");
    // MLflow refuses a runs:/ URI as an experiment's artifact root
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().createExperiment("t", "runs:/0123abcd/model", List.of()),
        "runs:/");
    // nothing was half-created
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().getExperimentByName("t"));
  }

  @Test
  default void unknownExperimentsAreNotFoundNamingTheId() {
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().getExperiment("424242"), "424242");
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().getExperiment("abc"), "abc");
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().getExperimentByName("nope"), "nope");
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().deleteExperiment("99"), "99");
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().setExperimentTag("99", "k", "v"), "99");
  }

  @Test
  default void renameExperiment() {
    String id = newExperiment("old");
    newExperiment("taken");
    store().renameExperiment(id, "new");
    assertThat(store().getExperiment(id).name()).isEqualTo("new");
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().getExperimentByName("old"));
    assertCode(ErrorCode.RESOURCE_ALREADY_EXISTS, () -> store().renameExperiment(id, "taken"));
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().renameExperiment(id, " "));
    store().deleteExperiment(id);
    // MLflow refuses renaming a deleted experiment with INVALID_STATE, unlike its other writes
    assertCode(ErrorCode.INVALID_STATE, () -> store().renameExperiment(id, "newer"));
  }

  @Test
  default void deleteAndRestoreExperimentTakesItsRunsAlong() {
    String id = newExperiment("e");
    String kept = newRun(id, "deleted-before", 1);
    String run = newRun(id, "r", 2);
    store().deleteRun(kept);
    store().deleteExperiment(id);
    assertThat(store().getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(store().getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().createRun(id, "u", 1, null, List.of()),
        "is deleted");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE, () -> store().setExperimentTag(id, "k", "v"), "active");
    store().restoreExperiment(id);
    assertThat(store().getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertThat(store().getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    // a run deleted on its own before the experiment stays deleted
    assertThat(store().getRun(kept).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    // MLflow's restore_experiment looks among deleted experiments only
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().restoreExperiment(id), id, "active");
  }

  @Test
  default void deletingADeletedExperimentIsNotFoundAsInMlflow() {
    String id = newExperiment("twice");
    store().deleteExperiment(id);
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().deleteExperiment(id), id, "deleted");
    assertThat(store().getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
  }

  @Test
  default void aRunCreatedWhileItsExperimentIsDeletedGoesWithIt() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 30; round++) {
        String id = newExperiment("racing-" + round);
        java.util.concurrent.Future<String> created =
            pool.submit(
                () -> {
                  try {
                    return store().createRun(id, "u", 1, null, List.of()).info().runId();
                  } catch (dev.trackbook.server.error.TrackingException refused) {
                    return null; // the delete came first: refused, INVALID_PARAMETER_VALUE
                  }
                });
        java.util.concurrent.Future<?> deleted =
            pool.submit(
                () -> {
                  store().deleteExperiment(id);
                  return null;
                });
        deleted.get();
        String run = created.get();
        if (run != null) {
          // never an active run inside a deleted experiment
          assertThat(store().getRun(run).info().lifecycleStage())
              .as("round %d", round)
              .isEqualTo(LifecycleStage.DELETED);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void aParentRunTagLongerThanARunIdIsRefusedByEveryWayOfSettingIt() {
    // PostgreSQL indexes this tag's values; a long one failed there with a 500 (btree entry size)
    String run = newRun(newExperiment("parent-tag"), "child", 1);
    // 2000 random CJK characters: 6000 bytes of UTF-8 that no compression brings under the limit
    java.util.Random random = new java.util.Random(7);
    StringBuilder chars = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      chars.append((char) (0x4E00 + random.nextInt(0x5000)));
    }
    String value = chars.toString();
    Tag tag = new Tag(Run.PARENT_RUN_ID_TAG, value);
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().setTag(run, tag), "256");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logBatch(run, List.of(), List.of(), List.of(tag)),
        "256");
    assertThat(store().getRun(run).data().tags()).doesNotContain(tag);
  }

  @Test
  default void defaultExperimentCannotBeDeleted() {
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().deleteExperiment("0"), "0");
    // the same id written otherwise: it was deleted, and every run started without an experiment
    // failed from then on
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().deleteExperiment("00"), "0");
    assertThat(store().getExperiment("0").lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
  }

  @Test
  default void experimentTagsLastWriteWins() {
    String id = newExperiment("e");
    store().setExperimentTag(id, "k", "1");
    store().setExperimentTag(id, "k", "2");
    store().setExperimentTag(id, "other", "x");
    assertThat(store().getExperiment(id).tags())
        .containsExactlyInAnyOrder(new Tag("k", "2"), new Tag("other", "x"));
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().setExperimentTag(id, "", "v"));
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().setExperimentTag(id, "k", null));
  }

  @Test
  default void searchExperimentsByNameTagsViewAndOrderWithPaging() {
    String a = store().createExperiment("alpha", null, List.of(new Tag("team", "red")));
    String b = store().createExperiment("beta", null, List.of(new Tag("team", "blue")));
    String c = store().createExperiment("gamma", null, List.of());
    store().deleteExperiment(c);
    Function<Page<Experiment>, List<String>> names =
        p -> p.items().stream().map(Experiment::name).toList();

    assertThat(
            names.apply(
                store()
                    .searchExperiments(ViewType.ACTIVE_ONLY, null, List.of("name ASC"), 100, null)))
        .containsExactly("Default", "alpha", "beta");
    assertThat(names.apply(store().searchExperiments(ViewType.DELETED_ONLY, null, null, 100, null)))
        .containsExactly("gamma");
    assertThat(
            names.apply(
                store()
                    .searchExperiments(
                        ViewType.ALL, "name LIKE '%a'", List.of("name DESC"), 100, null)))
        .containsExactly("gamma", "beta", "alpha");
    assertThat(
            names.apply(
                store()
                    .searchExperiments(
                        ViewType.ALL,
                        "tags.team = 'red' OR name = 'gamma'",
                        List.of("name"),
                        100,
                        null)))
        .containsExactly("alpha", "gamma");
    assertThat(
            names.apply(
                store()
                    .searchExperiments(
                        ViewType.ALL, "attributes.name ILIKE 'BET%'", null, 100, null)))
        .containsExactly("beta");
    assertThat(
            names.apply(
                store()
                    .searchExperiments(
                        ViewType.ALL, "creation_time > 0 AND tags.team != 'red'", null, 100, null)))
        .containsExactly("beta");

    Page<Experiment> first =
        store().searchExperiments(ViewType.ALL, null, List.of("name"), 2, null);
    assertThat(names.apply(first)).containsExactly("Default", "alpha");
    Page<Experiment> second =
        store().searchExperiments(ViewType.ALL, null, List.of("name"), 2, first.nextPageToken());
    assertThat(names.apply(second)).containsExactly("beta", "gamma");
    assertThat(second.nextPageToken()).isNull();
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .searchExperiments(
                    ViewType.ALL, "name = 'x'", List.of("name"), 2, first.nextPageToken()),
        "page_token");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchExperiments(ViewType.ALL, "metrics.x > 1", null, 10, null),
        "metrics.x");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchExperiments(ViewType.ALL, null, List.of("bogus"), 10, null),
        "bogus");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchExperiments(ViewType.ALL, null, null, 0, null));
    assertThat(a).isNotEqualTo(b);
  }

  // ------------------------------------------------------------------ runs

  @Test
  default void createRunSetsMlflowFields() {
    String exp = newExperiment("e");
    Run run =
        store()
            .createRun(
                exp, "alice", 1234L, "first", List.of(new Tag("mlflow.source.type", "NOTEBOOK")));
    RunInfo info = run.info();
    assertThat(info.runId()).matches("[0-9a-f]{32}");
    assertThat(info.runName()).isEqualTo("first");
    assertThat(info.experimentId()).isEqualTo(exp);
    assertThat(info.userId()).isEqualTo("alice");
    assertThat(info.status()).isEqualTo(RunStatus.RUNNING);
    assertThat(info.startTime()).isEqualTo(1234L);
    assertThat(info.endTime()).isNull();
    assertThat(info.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertThat(info.artifactUri())
        .isEqualTo("mlflow-artifacts:/" + exp + "/" + info.runId() + "/artifacts");
    assertThat(run.data().tags())
        .contains(new Tag("mlflow.runName", "first"), new Tag("mlflow.source.type", "NOTEBOOK"));
    assertThat(store().getRun(info.runId())).isEqualTo(run);
  }

  @Test
  default void runsWithoutNameGetAReadableGeneratedName() {
    String exp = newExperiment("e");
    Run run = store().createRun(exp, null, 1L, null, List.of());
    assertThat(run.info().runName()).matches("[a-z]+-[a-z]+-\\d{1,3}");
    assertThat(run.data().tags()).contains(new Tag("mlflow.runName", run.info().runName()));
    Run fromTag =
        store().createRun(exp, null, 1L, null, List.of(new Tag("mlflow.runName", "tagged")));
    assertThat(fromTag.info().runName()).isEqualTo("tagged");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().createRun(exp, null, 1L, "a", List.of(new Tag("mlflow.runName", "b"))));
  }

  @Test
  default void createRunNeedsAnExistingExperiment() {
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> store().createRun("777", "u", 1L, null, List.of()),
        "777");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().createRun("0", "u", 1L, "x".repeat(251), List.of()));
  }

  @Test
  default void unknownRunsAreNotFoundNamingTheId() {
    String id = "0123456789abcdef0123456789abcdef";
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().getRun(id), id);
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> store().logBatch(id, List.of(metric("m", 1, 0)), List.of(), List.of()),
        id);
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().deleteRun(id), id);
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> store().updateRun(id, RunStatus.FINISHED, 1L, null),
        id);
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().getMetricHistory(id, "m", 10, null), id);
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().getRun("'; DROP TABLE runs; --"));
  }

  @Test
  default void updateRunChangesOnlyWhatIsGivenAndKeepsNameTagInSync() {
    String run = newRun("0", "before", 10);
    RunInfo info = store().updateRun(run, RunStatus.FINISHED, 99L, null);
    assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(info.endTime()).isEqualTo(99L);
    assertThat(info.runName()).isEqualTo("before");
    info = store().updateRun(run, null, null, "after");
    assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(info.endTime()).isEqualTo(99L);
    assertThat(info.runName()).isEqualTo("after");
    assertThat(store().getRun(run).data().tags()).contains(new Tag("mlflow.runName", "after"));
    // and the other way round: setting the tag renames the run
    store().setTag(run, new Tag("mlflow.runName", "via-tag"));
    assertThat(store().getRun(run).info().runName()).isEqualTo("via-tag");
    // an empty name changes nothing, whichever way it comes (MLflow's update_run_info)
    store().updateRun(run, null, null, "");
    store().setTag(run, new Tag("mlflow.runName", ""));
    store().logBatch(run, List.of(), List.of(), List.of(new Tag("mlflow.runName", "")));
    Run unchanged = store().getRun(run);
    assertThat(unchanged.info().runName()).isEqualTo("via-tag");
    assertThat(unchanged.data().tags()).contains(new Tag("mlflow.runName", "via-tag"));
  }

  @Test
  default void deletingOrRestoringARunAgainIsFineAsInMlflow() {
    // MLflow's delete_run and restore_run look at a run in any stage, unlike an experiment's
    String run = newRun("0", "r", 1);
    store().restoreRun(run);
    store().deleteRun(run);
    store().deleteRun(run);
    assertThat(store().getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    store().restoreRun(run);
    assertThat(store().getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
  }

  @Test
  default void deletedRunsRejectWritesUntilRestored() {
    String run = newRun("0", "r", 1);
    store().deleteRun(run);
    assertThat(store().getRun(run).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE, () -> store().logMetric(run, metric("m", 1, 0)), run);
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().logParam(run, new Param("p", "1")));
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().setTag(run, new Tag("t", "1")));
    assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().deleteTag(run, "mlflow.runName"));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().updateRun(run, RunStatus.FINISHED, 2L, null));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logBatch(run, List.of(), List.of(), List.of()));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logInputs(run, List.of(new DatasetInput(List.of(), dataset("d", "1")))));
    store().restoreRun(run);
    store().logMetric(run, metric("m", 1, 0));
    assertThat(store().getRun(run).data().metrics()).containsExactly(metric("m", 1, 0));
  }

  @Test
  default void logBatchStoresAllAndGetRunShowsLatestMetricPerKey() {
    String run = newRun("0", "r", 1);
    store()
        .logBatch(
            run,
            List.of(
                new Metric("loss", 0.9, 100, 0),
                new Metric("loss", 0.5, 90, 2), // higher step wins over later timestamp
                new Metric("loss", 0.7, 200, 1),
                new Metric("acc", 0.1, 100, 5),
                new Metric("acc", 0.2, 101, 5)), // same step: later timestamp wins
            List.of(new Param("lr", "0.01"), new Param("layers", "3")),
            List.of(new Tag("team", "a")));
    // an older point logged later does not replace the latest
    store().logMetric(run, new Metric("loss", 0.1, 300, 1));
    Run r = store().getRun(run);
    assertThat(r.data().metrics())
        .containsExactlyInAnyOrder(new Metric("loss", 0.5, 90, 2), new Metric("acc", 0.2, 101, 5));
    assertThat(r.data().params())
        .containsExactlyInAnyOrder(new Param("lr", "0.01"), new Param("layers", "3"));
    assertThat(r.data().tags()).contains(new Tag("team", "a"));
    assertThat(store().getMetricHistory(run, "loss", 100, null).items()).hasSize(4);
  }

  @Test
  default void metricHistoryPagesCoverEveryPointOnceInOrder() {
    String run = newRun("0", "r", 1);
    List<Metric> points = new ArrayList<>();
    for (int step = 0; step < 70; step++) {
      // several points per step (same step, other times and values), NaN included
      points.add(new Metric("m", step + 0.5, 100 + step, step));
      points.add(new Metric("m", -step - 0.5, 100 + step, step));
      points.add(new Metric("m", Double.NaN, 100 + step, step));
      points.add(new Metric("m", 1e300, 99, step));
    }
    points.add(new Metric("m", 1, 5, -3)); // a negative step comes first
    for (int from = 0; from < points.size(); from += 150) {
      store()
          .logBatch(
              run, points.subList(from, Math.min(points.size(), from + 150)), List.of(), List.of());
    }
    List<Metric> whole = store().getMetricHistory(run, "m", 1000, null).items();
    assertThat(whole).hasSize(points.size()).containsExactlyInAnyOrderElementsOf(points);
    for (int pageSize : new int[] {1, 2, 7, 100}) {
      assertThat(allPages(run, "m", pageSize))
          .as("page size %d", pageSize)
          .containsExactlyElementsOf(whole);
    }
  }

  @Test
  default void paramsAreWriteOnce() {
    String run = newRun("0", "r", 1);
    store().logParam(run, new Param("lr", "0.01"));
    store().logParam(run, new Param("lr", "0.01")); // the same value again is fine
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logParam(run, new Param("lr", "0.02")),
        "lr",
        "0.01",
        "0.02");
    assertThat(store().getRun(run).data().params()).containsExactly(new Param("lr", "0.01"));
  }

  @Test
  default void logBatchIsAtomic() {
    String run = newRun("0", "r", 1);
    store().logParam(run, new Param("lr", "0.01"));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .logBatch(
                    run,
                    List.of(metric("m", 1, 0)),
                    List.of(new Param("a", "1"), new Param("lr", "0.5")),
                    List.of(new Tag("t", "x"))));
    Run r = store().getRun(run);
    assertThat(r.data().metrics()).isEmpty();
    assertThat(r.data().params()).containsExactly(new Param("lr", "0.01"));
    assertThat(r.data().tags()).extracting(Tag::key).doesNotContain("t");
    assertThat(store().getMetricHistory(run, "m", 10, null).items()).isEmpty();
  }

  @Test
  default void resentMetricsAreNotDuplicated() {
    String run = newRun("0", "r", 1);
    List<Metric> batch = List.of(metric("m", 1.5, 0), metric("m", 2.5, 1), metric("m", 2.5, 1));
    store().logBatch(run, batch, List.of(new Param("p", "v")), List.of());
    store().logBatch(run, batch, List.of(new Param("p", "v")), List.of()); // lost ack: resent
    assertThat(store().getMetricHistory(run, "m", 100, null).items())
        .containsExactly(metric("m", 1.5, 0), metric("m", 2.5, 1));
    // a different value at the same step and time is a different point
    store().logMetric(run, metric("m", 3.5, 1));
    assertThat(store().getMetricHistory(run, "m", 100, null).items()).hasSize(3);
  }

  @Test
  default void changeTagAppliesItsChangeAtomicallyAndValidatesTheResult() throws Exception {
    String run = newRun("0", "changed", 1);
    store().changeTag(run, "history", old -> old == null ? "a" : old + "b");
    store().changeTag(run, "history", old -> old == null ? "a" : old + "b");
    assertThat(store().getRun(run).data().tags()).contains(new Tag("history", "ab"));
    // Concurrent changes all land: none reads a value another is about to replace.
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++) {
        done.add(pool.submit(() -> store().changeTag(run, "history", old -> old + "c")));
      }
      for (var f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(store().getRun(run).data().tags())
        .contains(new Tag("history", "ab" + "c".repeat(20)));
    // Also the very first changes of a tag, when there is no row yet for a change to wait on.
    java.util.concurrent.ExecutorService first =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        done.add(
            first.submit(
                () -> store().changeTag(run, "fresh", old -> old == null ? "d" : old + "d")));
      }
      for (var f : done) {
        f.get();
      }
    } finally {
      first.shutdown();
    }
    assertThat(store().getRun(run).data().tags()).contains(new Tag("fresh", "d".repeat(8)));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().changeTag(run, "history", old -> "x".repeat(100_000)));
    store().deleteRun(run);
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE, () -> store().changeTag(run, "history", old -> "y"));
  }

  @Test
  default void tagsLastWriteWinsAndCanBeDeleted() {
    String run = newRun("0", "r", 1);
    store().setTag(run, new Tag("k", "1"));
    store().setTag(run, new Tag("k", "2"));
    assertThat(store().getRun(run).data().tags())
        .contains(new Tag("k", "2"))
        .doesNotContain(new Tag("k", "1"));
    store().deleteTag(run, "k");
    assertThat(store().getRun(run).data().tags()).extracting(Tag::key).doesNotContain("k");
    assertCode(ErrorCode.RESOURCE_DOES_NOT_EXIST, () -> store().deleteTag(run, "k"), "k");
  }

  @Test
  default void mlflowLimitsAreEnforced() {
    String run = newRun("0", "r", 1);
    List<Metric> metrics1001 = new ArrayList<>();
    for (int i = 0; i < 1001; i++) {
      metrics1001.add(metric("m", i, i));
    }
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logBatch(run, metrics1001, List.of(), List.of()),
        "1000");
    List<Param> params101 = new ArrayList<>();
    List<Tag> tags101 = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      params101.add(new Param("p" + i, "v"));
      tags101.add(new Tag("t" + i, "v"));
    }
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logBatch(run, List.of(), params101, List.of()),
        "100");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logBatch(run, List.of(), List.of(), tags101),
        "100");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .logBatch(run, metrics1001.subList(0, 901), params101.subList(0, 100), List.of()),
        "1000");
    // exactly at the limits is fine
    store().logBatch(run, metrics1001.subList(0, 1000), List.of(), List.of());
    store().logBatch(run, List.of(), params101.subList(0, 100), tags101.subList(0, 100));

    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logMetric(run, metric("k".repeat(251), 1, 0)),
        "250");
    store().logMetric(run, metric("k".repeat(250), 1, 0));
    for (String bad :
        List.of(
            "a/../b",
            "../a",
            "..a",
            "/abs",
            "a//b",
            "./a",
            "",
            "semi;colon",
            "quote'",
            "new\nline")) {
      assertCode(
          ErrorCode.INVALID_PARAMETER_VALUE, () -> store().logMetric(run, metric(bad, 1, 0)));
      assertCode(
          ErrorCode.INVALID_PARAMETER_VALUE, () -> store().logParam(run, new Param(bad, "v")));
      assertCode(ErrorCode.INVALID_PARAMETER_VALUE, () -> store().setTag(run, new Tag(bad, "v")));
    }
    store().logMetric(run, metric("train/loss-1.0 at:epoch_x", 1, 0)); // every allowed character
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logParam(run, new Param("big", "v".repeat(6001))),
        "6000");
    store().logParam(run, new Param("big", "v".repeat(6000)));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().setTag(run, new Tag("big", "v".repeat(8001))),
        "8000");
    store().setTag(run, new Tag("big", "v".repeat(8000)));
    assertThat(store().getRun(run).data().tags()).contains(new Tag("big", "v".repeat(8000)));
  }

  @Test
  default void negativeMetricTimestampsAreRejectedAsMlflowDoes() {
    String run = newRun("0", "r", 1);
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().logMetric(run, new Metric("m", 1, -1, 0)),
        "timestamp");
    // in a batch too, also behind a valid point of the same key; nothing of the batch is stored
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .logBatch(
                    run,
                    List.of(new Metric("m", 1, 5, 0), new Metric("m", 2, -5, 1)),
                    List.of(),
                    List.of()),
        "timestamp");
    assertThat(store().getMetricHistory(run, "m", 100, null).items()).isEmpty();
    store().logMetric(run, new Metric("m", 1, 0, -3)); // timestamp 0 and a negative step are fine
    assertThat(store().getMetricHistory(run, "m", 100, null).items()).hasSize(1);
  }

  @Test
  default void nanAndInfinityAreStoredAsMlflowDoes() {
    String run = newRun("0", "r", 1);
    store()
        .logBatch(
            run,
            List.of(
                new Metric("nan", Double.NaN, 1, 0),
                new Metric("pinf", Double.POSITIVE_INFINITY, 1, 0),
                new Metric("ninf", Double.NEGATIVE_INFINITY, 1, 0)),
            List.of(),
            List.of());
    Run r = store().getRun(run);
    assertThat(r.data().metrics())
        .containsExactlyInAnyOrder(
            new Metric("nan", Double.NaN, 1, 0),
            new Metric("pinf", Double.MAX_VALUE, 1, 0),
            new Metric("ninf", -Double.MAX_VALUE, 1, 0));
    assertThat(store().getMetricHistory(run, "nan", 10, null).items().get(0).value()).isNaN();
    // a NaN point is a point: resending it does not duplicate it
    store().logMetric(run, new Metric("nan", Double.NaN, 1, 0));
    assertThat(store().getMetricHistory(run, "nan", 10, null).items()).hasSize(1);
  }

  @Test
  default void metricHistoryIsOrderedAndPaged() {
    String run = newRun("0", "r", 1);
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      points.add(metric("m", i * 0.5, i));
    }
    List<Metric> shuffled = new ArrayList<>(points);
    Collections.shuffle(shuffled, new java.util.Random(7));
    store().logBatch(run, shuffled, List.of(), List.of());
    store().logMetric(run, metric("other", 1, 0));
    List<Metric> all = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<Metric> page = store().getMetricHistory(run, "m", 10, token);
      all.addAll(page.items());
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(all).isEqualTo(points);
    String firstToken = store().getMetricHistory(run, "m", 10, null).nextPageToken();
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().getMetricHistory(run, "other", 10, firstToken),
        "page_token");
    assertThat(store().getMetricHistory(run, "missing", 10, null).items()).isEmpty();
  }

  /** Every page of a history in turn, as a client pages through it. */
  private List<Metric> allPages(String run, String key, int pageSize) {
    List<Metric> all = new ArrayList<>();
    String token = null;
    do {
      Page<Metric> page = store().getMetricHistory(run, key, pageSize, token);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
      all.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    return all;
  }

  @Test
  default void historyIsTheSortedSetOfPointsWhateverTheOrderAndOverlapOfBatches() {
    // Batches out of order, overlapping, resent in other groupings, single points appended after
    // and into the middle: the history is every distinct point once, in order, however paged.
    String run = newRun("0", "r", 1);
    java.util.Random random = new java.util.Random(11);
    java.util.TreeMap<String, Metric> expected = new java.util.TreeMap<>();
    List<List<Metric>> batches = new ArrayList<>();
    for (int b = 0; b < 12; b++) {
      List<Metric> batch = new ArrayList<>();
      int from = b * 700 - (b % 3) * 150; // neighbours overlap by up to 300 steps
      for (int i = 0; i < 1000; i++) {
        long step = from + i;
        Metric m = new Metric("m", Math.sin(step), 10_000 + step, step);
        batch.add(m);
      }
      Collections.shuffle(batch, random);
      batches.add(batch);
    }
    Collections.shuffle(batches, random);
    for (List<Metric> batch : batches) {
      store().logBatch(run, batch, List.of(), List.of());
      batch.forEach(m -> expected.put(m.step() + ":" + m.timestamp(), m));
    }
    List<Metric> resent = new ArrayList<>(batches.get(3).subList(100, 900));
    resent.addAll(batches.get(5).subList(0, 200));
    store().logBatch(run, resent, List.of(), List.of()); // nothing new
    for (long step = 20_000; step < 20_600; step++) { // one call per point, as loops do
      Metric m = new Metric("m", step, 50_000 + step, step);
      store().logMetric(run, m);
      expected.put(m.step() + ":" + m.timestamp(), m);
    }
    Metric late = new Metric("m", -1, 99, 5_000); // into the middle, after everything
    store().logMetric(run, late);
    expected.put(late.step() + ":" + late.timestamp(), late);
    Metric twin = new Metric("m", 7, 10_000 + 5_000, 5_000); // same step and time, other value
    store().logMetric(run, twin);
    expected.put("twin", twin);

    List<Metric> want = new ArrayList<>(expected.values());
    want.sort(
        java.util.Comparator.comparingLong(Metric::step)
            .thenComparingLong(Metric::timestamp)
            .thenComparingDouble(Metric::value));
    assertThat(allPages(run, "m", 25_000)).isEqualTo(want);
    assertThat(allPages(run, "m", 997)).isEqualTo(want);
    assertThat(allPages(run, "m", 1)).hasSize(want.size()).isEqualTo(want);
    assertThat(store().getRun(run).data().metrics())
        .containsExactly(new Metric("m", 20_599, 50_000 + 20_599, 20_599));
  }

  @Test
  default void wideBatchesKeepEveryKeysHistory() {
    // More keys in one batch than one query names (the tails of 900 keys are looked up in parts);
    // per key, some batches extend its last chunk, some cannot (full, or out of order) and start a
    // new one; another run's keys of the same names stay apart.
    String run = newRun("0", "r", 1);
    String other = newRun("0", "other", 1);
    int keys = 900;
    java.util.Map<String, List<Metric>> want = new java.util.TreeMap<>();
    for (int round = 0; round < 6; round++) {
      List<Metric> batch = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        String key = "k" + k;
        // every 7th key gets its points back to front in round 3: not a continuation of its tail
        long step = round == 3 && k % 7 == 0 ? -1 - k : round * 100 + k % 50;
        Metric m = new Metric(key, round + k / 1000.0, 1_000 + round, step);
        batch.add(m);
        want.computeIfAbsent(key, x -> new ArrayList<>()).add(m);
      }
      Collections.shuffle(batch, new java.util.Random(round));
      store().logBatch(run, batch, List.of(), List.of());
      if (round == 4) {
        // one key gets more points than a tail takes in place
        List<Metric> many = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
          many.add(new Metric("k1", i, 2_000 + i, 500 + i));
        }
        store().logBatch(run, many, List.of(), List.of());
        want.get("k1").addAll(many);
      }
      store().logBatch(other, List.of(new Metric("k2", -round, 5, round)), List.of(), List.of());
    }
    java.util.Comparator<Metric> order =
        java.util.Comparator.comparingLong(Metric::step)
            .thenComparingLong(Metric::timestamp)
            .thenComparingDouble(Metric::value);
    for (String key : List.of("k0", "k1", "k2", "k7", "k500", "k899")) {
      List<Metric> expected = new ArrayList<>(want.get(key));
      expected.sort(order);
      assertThat(allPages(run, key, 1000)).as(key).isEqualTo(expected);
    }
    assertThat(allPages(other, "k2", 1000)).hasSize(6);
    assertThat(store().getRun(run).data().metrics()).hasSize(keys);
  }

  @Test
  default void pointsLoggedWithoutStepKeepTheirTimestampOrder() {
    // MLflow clients log step 0 when none is given: a history of one step and many timestamps
    String run = newRun("0", "r", 1);
    List<Metric> want = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      Metric m = new Metric("loss", 1.0 / (i + 1), 1_000 + i, 0);
      want.add(m);
      if (i % 500 == 499) {
        store().logBatch(run, want.subList(i - 499, i + 1), List.of(), List.of());
      }
    }
    for (int i = 1500; i < 1600; i++) {
      Metric m = new Metric("loss", 0.5, 1_000 + i, 0);
      want.add(m);
      store().logMetric(run, m);
    }
    assertThat(allPages(run, "loss", 300)).isEqualTo(want);
    assertThat(store().getMetricHistoryBulkInterval(List.of(run), "loss", null, null, 10))
        .containsExactly(new MetricPoint(run, "loss", 0.5, 2_599, 0));
  }

  @Test
  default void bulkIntervalFindsTheLastStepInsideAChunk() {
    String run = newRun("0", "r", 1);
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 3000; i += 3) {
      points.add(metric("m", i, i)); // steps 0, 3, 6, ...
    }
    store().logBatch(run, points, List.of(), List.of());
    List<MetricPoint> window =
        store().getMetricHistoryBulkInterval(List.of(run), "m", 1000L, 2000L, 4);
    // 1000 and 2000 are no steps: the range's first and last steps are 1002 and 1998
    assertThat(window).extracting(MetricPoint::step).startsWith(1002L).endsWith(1998L);
    assertThat(window).hasSizeBetween(3, 4);
    assertThat(store().getMetricHistoryBulkInterval(List.of(run), "m", 1000L, 1001L, 4)).isEmpty();
  }

  @Test
  default void bulkIntervalSamplesEvenlyAndKeepsFirstAndLast() {
    String a = newRun("0", "a", 1);
    String b = newRun("0", "b", 2);
    List<Metric> points = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      points.add(metric("loss", 1.0 / (i + 1), i));
    }
    store().logBatch(a, points, List.of(), List.of());
    store().logBatch(b, points.subList(0, 50), List.of(), List.of());
    store().logMetric(a, new Metric("loss", 42, 5000, 999)); // a second point at the last step

    List<MetricPoint> sample =
        store().getMetricHistoryBulkInterval(List.of(a, b), "loss", null, null, 20);
    List<Long> stepsA =
        sample.stream().filter(p -> p.runId().equals(a)).map(MetricPoint::step).toList();
    List<Long> stepsB =
        sample.stream().filter(p -> p.runId().equals(b)).map(MetricPoint::step).toList();
    assertThat(stepsA).hasSizeBetween(15, 20).isSorted().doesNotHaveDuplicates();
    assertThat(stepsA.get(0)).isZero();
    assertThat(stepsA.get(stepsA.size() - 1)).isEqualTo(999L);
    for (int i = 1; i < stepsA.size(); i++) {
      assertThat(stepsA.get(i) - stepsA.get(i - 1))
          .as("gap")
          .isLessThanOrEqualTo(2 * 1000 / 19 + 1);
    }
    // the latest point at the last step
    assertThat(
            sample.stream()
                .filter(p -> p.runId().equals(a) && p.step() == 999)
                .findFirst()
                .orElseThrow()
                .value())
        .isEqualTo(42.0);
    assertThat(stepsB).hasSizeBetween(15, 20).startsWith(0L).endsWith(49L);

    List<MetricPoint> window =
        store().getMetricHistoryBulkInterval(List.of(a), "loss", 100L, 200L, 5);
    assertThat(window).hasSizeBetween(3, 5);
    assertThat(window.get(0).step()).isEqualTo(100L);
    assertThat(window.get(window.size() - 1).step()).isEqualTo(200L);

    // asking for at least as many points as there are steps returns every step
    assertThat(store().getMetricHistoryBulkInterval(List.of(b), "loss", null, null, 50))
        .extracting(MetricPoint::step)
        .hasSize(50);
    assertThat(store().getMetricHistoryBulkInterval(List.of(a), "loss", null, null, 1))
        .extracting(MetricPoint::step)
        .containsExactly(999L);
    assertThat(store().getMetricHistoryBulkInterval(List.of(a), "nope", null, null, 10)).isEmpty();
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().getMetricHistoryBulkInterval(List.of(a), "loss", 10L, 5L, 10));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().getMetricHistoryBulkInterval(List.of(a), "loss", null, null, 0));
    String unknown = "ffffffffffffffffffffffffffffffff";
    assertCode(
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        () -> store().getMetricHistoryBulkInterval(List.of(a, unknown), "loss", null, null, 10),
        unknown);
  }

  private static Dataset dataset(String name, String digest) {
    return new Dataset(name, digest, "local", "{\"uri\":\"/data/" + name + "\"}", null, null);
  }

  @Test
  default void logInputsRecordsDatasetsOncePerNameAndDigest() {
    String run = newRun("0", "r", 1);
    DatasetInput train =
        new DatasetInput(
            List.of(new Tag("mlflow.data.context", "training")), dataset("iris", "abc"));
    store().logInputs(run, List.of(train));
    store().logInputs(run, List.of(train));
    store().logInputs(run, List.of(new DatasetInput(List.of(), dataset("iris", "def"))));
    List<DatasetInput> inputs = store().getRun(run).inputs();
    assertThat(inputs).hasSize(2);
    assertThat(inputs).contains(train);
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .logInputs(
                    run, List.of(new DatasetInput(List.of(), dataset("x", "d".repeat(37))))));
    assertThat(search("0", "dataset.name = 'iris' AND dataset.context = 'training'"))
        .containsExactly("r");
    assertThat(search("0", "dataset.digest = 'zzz'")).isEmpty();
  }

  // ------------------------------------------------------------------ search

  private String searchFixture() {
    String exp = newExperiment("search");
    String a = newRun(exp, "a", 100);
    String b = newRun(exp, "b", 200);
    String c = newRun(exp, "c", 300);
    newRun(exp, "d", 400);
    store()
        .logBatch(
            a,
            List.of(metric("acc", 0.9, 0), metric("loss", 0.1, 0)),
            List.of(new Param("lr", "0.01"), new Param("opt", "adam")),
            List.of(new Tag("my key", "alpha"), new Tag("team", "red")));
    store()
        .logBatch(
            b,
            List.of(metric("acc", 0.4, 0)),
            List.of(new Param("lr", "0.1"), new Param("opt", "sgd")),
            List.of(new Tag("my key", "Alpha"), new Tag("team", "blue")));
    store()
        .logBatch(
            c,
            List.of(metric("acc", 0.7, 0), metric("loss", 0.3, 0)),
            List.of(new Param("lr", "0.01")),
            List.of(new Tag("my key", "beta")));
    store().updateRun(b, RunStatus.FINISHED, 250L, null);
    store().updateRun(c, RunStatus.FAILED, 350L, null);
    return exp;
  }

  @Test
  default void searchRunsWithMlflowFilterGrammar() {
    String exp = searchFixture();
    assertThat(search(exp, null)).containsExactly("d", "c", "b", "a"); // start_time DESC
    assertThat(search(exp, "")).containsExactly("d", "c", "b", "a");
    assertThat(search(exp, "metrics.acc > 0.5")).containsExactly("c", "a");
    assertThat(search(exp, "metrics.acc >= 0.7 and metrics.loss < 0.2")).containsExactly("a");
    assertThat(search(exp, "metrics.acc != 0.4")).containsExactly("c", "a");
    assertThat(search(exp, "metric.acc <= 0.4")).containsExactly("b");
    assertThat(search(exp, "params.lr = '0.01'")).containsExactly("c", "a");
    assertThat(search(exp, "params.opt != 'adam'"))
        .containsExactly("b"); // runs without opt don't match
    assertThat(search(exp, "params.lr = \"0.1\"")).containsExactly("b");
    assertThat(search(exp, "tags.\"my key\" LIKE 'a%'"))
        .containsExactly("a"); // LIKE is case-sensitive
    assertThat(search(exp, "tags.`my key` ILIKE 'a%'")).containsExactly("b", "a");
    assertThat(search(exp, "tags.`my key` LIKE 'a_pha'")).containsExactly("a");
    assertThat(search(exp, "tags.team IN ('red', 'blue')")).containsExactly("b", "a");
    assertThat(search(exp, "tags.team NOT IN ('red')")).containsExactly("b");
    assertThat(search(exp, "attributes.status = 'FINISHED'")).containsExactly("b");
    assertThat(search(exp, "attributes.status != 'RUNNING'")).containsExactly("c", "b");
    assertThat(search(exp, "run_name = 'c'")).containsExactly("c");
    assertThat(search(exp, "attributes.run_name LIKE '%b%'")).containsExactly("b");
    // MLflow's alias, as its UI writes it
    assertThat(search(exp, "attributes.`Run name` = 'b'")).containsExactly("b");
    assertThat(search(exp, "attributes.`Run Name` LIKE '%c%'")).containsExactly("c");
    assertThat(search(exp, "start_time >= 200 AND start_time < 400")).containsExactly("c", "b");
    assertThat(search(exp, "attributes.end_time > 300")).containsExactly("c");
    assertThat(search(exp, "attributes.user_id = 'alice'")).hasSize(4);
    String idOfB =
        store()
            .searchRuns(List.of(exp), "run_name = 'b'", ViewType.ALL, 10, null, null)
            .items()
            .get(0)
            .info()
            .runId();
    String idOfC =
        store()
            .searchRuns(List.of(exp), "run_name = 'c'", ViewType.ALL, 10, null, null)
            .items()
            .get(0)
            .info()
            .runId();
    assertThat(search(exp, "attributes.run_id IN ('" + idOfB + "', '" + idOfC + "')"))
        .containsExactly("c", "b");
    assertThat(search(exp, "run_id = '" + idOfB + "'")).containsExactly("b");
    assertThat(search(exp, "metrics.nothing > 0")).isEmpty();
  }

  @Test
  default void likeAndIlikeEscapeWithABackslashAlikeOnEveryBackend() {
    String exp = newExperiment("e");
    for (String name : List.of("a_b", "A_B", "axb", "abc\\", "abcd")) {
      newRun(exp, name, 100);
    }
    // a backslash makes the next wildcard literal, for LIKE and ILIKE alike (SQLite's ILIKE took
    // it as a plain character and found nothing)
    assertThat(search(exp, "run_name LIKE 'a\\_b'")).containsExactly("a_b");
    assertThat(search(exp, "run_name ILIKE 'a\\_b'")).containsExactlyInAnyOrder("a_b", "A_B");
    assertThat(search(exp, "run_name ILIKE 'ABC\\d'")).containsExactly("abcd");
    // a lone backslash at the end has nothing to escape: it is itself (PostgreSQL failed the query)
    assertThat(search(exp, "run_name LIKE 'abc\\'")).containsExactly("abc\\");
    assertThat(search(exp, "run_name ILIKE 'ABC\\'")).containsExactly("abc\\");
    assertThat(search(exp, "run_name LIKE 'abc\\\\'")).containsExactly("abc\\");
  }

  @Test
  default void searchRunsSupportsOrAndParenthesesWithAndBindingTighter() {
    String exp = searchFixture();
    // a OR (b AND c): the AND binds tighter
    assertThat(search(exp, "run_name = 'd' OR params.lr = '0.01' AND metrics.acc > 0.8"))
        .containsExactly("d", "a");
    assertThat(search(exp, "(run_name = 'd' OR params.lr = '0.01') AND metrics.acc > 0.8"))
        .containsExactly("a");
    assertThat(search(exp, "metrics.acc < 0.5 or tags.team = 'red' OR run_name = 'c'"))
        .containsExactly("c", "b", "a");
    assertThat(
            search(exp, "((params.opt = 'sgd') or (params.opt = 'adam')) and (metrics.acc > 0.5)"))
        .containsExactly("a");
  }

  @Test
  default void sqlLookingFilterTextIsDataNeverSql() {
    String exp = searchFixture();
    store().setTag(newRun(exp, "e", 500), new Tag("note", "x' OR 1=1 --"));
    assertThat(search(exp, "params.lr = ''' OR 1=1 --'")).isEmpty();
    assertThat(search(exp, "tags.note = 'x'' OR 1=1 --'")).containsExactly("e");
    assertThat(search(exp, "tags.team = '\"; DROP TABLE runs; --'")).isEmpty();
    assertThat(search(exp, "tags.`x; DROP TABLE runs` = 'a'")).isEmpty();
    for (String hostile :
        List.of(
            "' OR 1=1 --",
            "\"; DROP TABLE runs",
            "params.lr = '0.01'; DROP TABLE runs",
            "1=1",
            "metrics.acc > 0 --",
            "tags.team = 'red' UNION SELECT * FROM runs")) {
      assertCode(
          ErrorCode.INVALID_PARAMETER_VALUE,
          () -> store().searchRuns(List.of(exp), hostile, ViewType.ALL, 10, null, null),
          "position");
    }
    assertThat(search(exp, null)).hasSize(5); // nothing was dropped
  }

  @Test
  default void filterErrorsNameTheTokenAndPosition() {
    String exp = newExperiment("e");
    Function<String, String> error =
        f ->
            catchThrowableOfType(
                    TrackingException.class,
                    () -> store().searchRuns(List.of(exp), f, ViewType.ALL, 10, null, null))
                .getMessage();
    assertThat(error.apply("metrics.acc >")).contains("position 13", "end of input");
    assertThat(error.apply("metrics.acc ~ 1")).contains("position 12", "'~'");
    assertThat(error.apply("bogus.x = 1")).contains("position 0", "bogus");
    assertThat(error.apply("metrics.acc = 'high'")).contains("metrics.acc", "number");
    assertThat(error.apply("params.lr > '1'")).contains("params.lr", ">");
    assertThat(error.apply("params.lr = 1")).contains("params.lr", "quoted");
    assertThat(error.apply("(metrics.acc > 1")).contains("')'");
    assertThat(error.apply("tags.t = 'open")).contains("unterminated");
    assertThat(error.apply("attributes.colour = 'red'")).contains("colour");
    assertThat(error.apply("metrics.acc > 1 metrics.loss < 2")).contains("position 16", "AND, OR");
  }

  @Test
  default void orderByPutsRunsLackingTheKeyLast() {
    String exp = searchFixture();
    assertThat(search(exp, null, "metrics.acc DESC")).containsExactly("a", "c", "b", "d");
    assertThat(search(exp, null, "metrics.acc ASC")).containsExactly("b", "c", "a", "d");
    assertThat(search(exp, null, "metrics.loss")).containsExactly("a", "c", "d", "b");
    assertThat(search(exp, null, "params.opt DESC")).containsExactly("b", "a", "d", "c");
    assertThat(search(exp, null, "tags.team ASC")).containsExactly("b", "a", "d", "c");
    assertThat(search(exp, null, "attributes.start_time ASC")).containsExactly("a", "b", "c", "d");
    assertThat(search(exp, null, "run_name DESC")).containsExactly("d", "c", "b", "a");
    assertThat(search(exp, null, "end_time DESC")).containsExactly("c", "b", "d", "a");
    assertThat(search(exp, null, "params.lr", "metrics.acc DESC"))
        .containsExactly("a", "c", "b", "d");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .searchRuns(
                    List.of(exp), null, ViewType.ALL, 10, List.of("metrics.acc SIDEWAYS"), null),
        "SIDEWAYS");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .searchRuns(List.of(exp), null, ViewType.ALL, 10, List.of("attributes.nope"), null),
        "nope");
  }

  @Test
  default void orderByAMetricTheFilterNamesKeepsMlflowOrderAndPaging() {
    // Such searches start from the metric's value index (issue 9); the result must be the one the
    // general query gives, which an OR of the same condition still takes.
    String exp = newExperiment("metric-driven");
    String other = newExperiment("metric-driven-other");
    double[] acc = {0.9, 0.7, 0.7, 0.7, 0.3, 0.1, Double.NaN, 0.95, 0.7, 0.8};
    for (int i = 0; i < acc.length; i++) {
      // r2 and r3 tie on acc and start_time: run id decides
      String id = newRun(exp, "r" + i, i == 3 ? 2 : i);
      store().logBatch(id, List.of(metric("acc", acc[i], 0)), List.of(), List.of());
      if (i == 7) {
        store().deleteRun(id);
      }
    }
    newRun(exp, "no-acc", 100);
    String elsewhere = newRun(other, "elsewhere", 1);
    store().logBatch(elsewhere, List.of(metric("acc", 0.99, 0)), List.of(), List.of());
    String run8 =
        store()
            .searchRuns(List.of(exp), "run_name = 'r8'", ViewType.ALL, 1, null, null)
            .items()
            .get(0)
            .info()
            .runId();
    store().logBatch(run8, List.of(), List.of(new Param("lr", "0.1")), List.of());

    List<String> desc = search(exp, "metrics.acc > 0.2", "metrics.acc DESC");
    assertThat(desc.subList(0, 2)).containsExactly("r7", "r0");
    assertThat(desc.subList(2, 4)).containsExactly("r9", "r8");
    assertThat(desc).hasSize(8).endsWith("r4").doesNotContain("r5", "r6", "no-acc", "elsewhere");
    assertThat(desc)
        .isEqualTo(search(exp, "metrics.acc > 0.2 OR metrics.acc > 0.2", "metrics.acc DESC"));
    for (String[] q :
        new String[][] {
          {"metrics.acc > 0.2", "metrics.acc ASC"},
          {"metrics.acc <= 0.7 AND params.lr = '0.1'", "metrics.acc DESC"},
          {"metrics.acc != 0.7 AND start_time < 9", "metrics.acc"},
          {"metrics.acc >= 0.7", "metrics.acc DESC", "run_name DESC"},
          {"metrics.acc = 0.7", "metrics.acc ASC", "start_time ASC"},
        }) {
      List<String> order = List.of(q).subList(1, q.length);
      assertThat(search(exp, q[0], order.toArray(String[]::new)))
          .as(String.join(" / ", q))
          .isEqualTo(search(exp, q[0] + " OR " + q[0], order.toArray(String[]::new)))
          .isNotEmpty();
    }

    // without a filter on acc, the runs with NaN and then the run without acc follow; pages that
    // start before, at and after that boundary all continue the same list
    List<String> all = search(exp, null, "metrics.acc DESC");
    assertThat(all.subList(0, 4)).containsExactly("r7", "r0", "r9", "r8");
    assertThat(all.subList(6, 11)).containsExactly("r1", "r4", "r5", "r6", "no-acc");
    assertThat(search(exp, null, "metrics.acc ASC").subList(0, 3))
        .containsExactly("r5", "r4", "r8");
    for (int size = 1; size <= 4; size++) {
      List<String> pages = new ArrayList<>();
      String next = null;
      do {
        Page<Run> page =
            store()
                .searchRuns(
                    List.of(exp), null, ViewType.ALL, size, List.of("metrics.acc DESC"), next);
        assertThat(page.items()).hasSizeBetween(1, size);
        pages.addAll(runNames(page));
        next = page.nextPageToken();
      } while (next != null);
      assertThat(pages).as("pages of " + size).isEqualTo(all);
    }

    List<String> paged = new ArrayList<>();
    String token = null;
    do {
      Page<Run> page =
          store()
              .searchRuns(
                  List.of(exp),
                  "metrics.acc > 0.2",
                  ViewType.ACTIVE_ONLY,
                  2,
                  List.of("metrics.acc DESC"),
                  token);
      paged.addAll(runNames(page));
      token = page.nextPageToken();
    } while (token != null);
    assertThat(paged)
        .containsExactlyElementsOf(desc.stream().filter(n -> !n.equals("r7")).toList());
    assertThat(
            runNames(
                store()
                    .searchRuns(
                        List.of(exp, other),
                        "metrics.acc > 0.9",
                        ViewType.DELETED_ONLY,
                        10,
                        List.of("metrics.acc DESC"),
                        null)))
        .containsExactly("r7");
    assertThat(
            runNames(
                store()
                    .searchRuns(
                        List.of(exp, other),
                        "metrics.acc > 0.85",
                        ViewType.ACTIVE_ONLY,
                        10,
                        List.of("metrics.acc DESC"),
                        null)))
        .containsExactly("elsewhere", "r0");
  }

  @Test
  default void searchRunsPagesWithOpaqueTokensBoundToTheQuery() {
    String exp = newExperiment("paging");
    for (int i = 0; i < 7; i++) {
      newRun(exp, "r" + i, i);
    }
    List<String> seen = new ArrayList<>();
    String token = null;
    List<Integer> sizes = new ArrayList<>();
    do {
      Page<Run> page =
          store()
              .searchRuns(
                  List.of(exp),
                  "start_time >= 0",
                  ViewType.ACTIVE_ONLY,
                  3,
                  List.of("start_time ASC"),
                  token);
      sizes.add(page.items().size());
      seen.addAll(runNames(page));
      token = page.nextPageToken();
    } while (token != null);
    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(seen).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6");

    String next =
        store()
            .searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 3, List.of(), null)
            .nextPageToken();
    assertThat(next).isNotNull();
    assertThat(
            runNames(
                store().searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 3, List.of(), next)))
        .containsExactly("r3", "r2", "r1");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .searchRuns(
                    List.of(exp), "run_name = 'r1'", ViewType.ACTIVE_ONLY, 3, List.of(), next),
        "page_token");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchRuns(List.of("0"), null, ViewType.ACTIVE_ONLY, 3, List.of(), next),
        "page_token");
    String tampered =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(
                        java.util.Base64.getUrlDecoder().decode(next),
                        java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"offset\":3", "\"offset\":0")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 3, List.of(), tampered),
        "page_token");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store()
                .searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 3, List.of(), "not a token!"),
        "page_token");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 0, List.of(), null));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () ->
            store().searchRuns(List.of(exp), null, ViewType.ACTIVE_ONLY, 50_001, List.of(), null));
  }

  @Test
  default void searchRunsHonoursViewTypeAndExperimentIds() {
    String e1 = newExperiment("one");
    String e2 = newExperiment("two");
    newRun(e1, "live", 1);
    String dead = newRun(e1, "dead", 2);
    newRun(e2, "other", 3);
    store().deleteRun(dead);
    Function<ViewType, List<String>> names =
        v -> runNames(store().searchRuns(List.of(e1), null, v, 10, null, null));
    assertThat(names.apply(ViewType.ACTIVE_ONLY)).containsExactly("live");
    assertThat(names.apply(ViewType.DELETED_ONLY)).containsExactly("dead");
    assertThat(names.apply(ViewType.ALL)).containsExactly("dead", "live");
    assertThat(
            runNames(
                store().searchRuns(List.of(e1, e2), null, ViewType.ACTIVE_ONLY, 10, null, null)))
        .containsExactly("other", "live");
    assertThat(store().searchRuns(List.of("9999"), null, ViewType.ALL, 10, null, null).items())
        .isEmpty();
    assertThat(store().searchRuns(List.of(), null, ViewType.ALL, 10, null, null).items()).isEmpty();
    Run found = store().searchRuns(List.of(e2), null, ViewType.ALL, 10, null, null).items().get(0);
    assertThat(found).isEqualTo(store().getRun(found.info().runId()));
  }

  @Test
  default void searchRunGroupsPagesParentsWithAllTheirChildren() {
    String exp = newExperiment("groups");
    String elsewhere = newRun(newExperiment("elsewhere"), "foreign-parent", 0);
    String sweep = newRun(exp, "sweep", 1);
    Function<String, List<Tag>> under = p -> List.of(new Tag(Run.PARENT_RUN_ID_TAG, p));
    String trial1 =
        store().createRun(exp, "alice", 2, "trial-1", under.apply(sweep)).info().runId();
    store().createRun(exp, "alice", 3, "trial-2", under.apply(sweep));
    store().createRun(exp, "alice", 4, "deep", under.apply(trial1));
    newRun(exp, "solo", 5);
    store().createRun(exp, "alice", 6, "adopted", under.apply(elsewhere));
    store().logBatch(trial1, List.of(), List.of(new Param("lr", "0.1")), List.of());

    // Newest first: the sweep's runs come between and before it; the page keeps them together.
    Page<Run> first =
        store().searchRunGroups(List.of(exp), null, ViewType.ACTIVE_ONLY, 2, null, null);
    assertThat(runNames(first)).containsExactly("adopted", "solo");
    assertThat(first.nextPageToken()).isNotNull();
    Page<Run> second =
        store()
            .searchRunGroups(
                List.of(exp), null, ViewType.ACTIVE_ONLY, 2, null, first.nextPageToken());
    assertThat(runNames(second)).containsExactly("deep", "trial-2", "trial-1", "sweep");
    assertThat(second.nextPageToken()).isNull();
    assertThat(second.items().get(3)).isEqualTo(store().getRun(sweep));

    // The order is the search's; a run whose parent does not match heads its own group.
    Function<String, List<String>> groupsOf =
        filter ->
            runNames(
                store()
                    .searchRunGroups(
                        List.of(exp),
                        filter,
                        ViewType.ACTIVE_ONLY,
                        1,
                        List.of("attributes.start_time ASC"),
                        null));
    assertThat(groupsOf.apply(null)).containsExactly("sweep", "trial-1", "trial-2", "deep");
    assertThat(groupsOf.apply("params.lr = '0.1'")).containsExactly("trial-1");
    assertThat(groupsOf.apply("attributes.run_name != 'trial-1'"))
        .containsExactly("sweep", "trial-2");
    store().deleteRun(sweep);
    assertThat(groupsOf.apply(null)).containsExactly("trial-1", "deep");

    String runsToken =
        store().searchRuns(List.of(exp), null, ViewType.ALL, 1, null, null).nextPageToken();
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchRunGroups(List.of(exp), null, ViewType.ALL, 1, null, runsToken),
        "page_token");
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchRunGroups(List.of(exp), "params.lr ==", ViewType.ALL, 1, null, null));
    assertCode(
        ErrorCode.INVALID_PARAMETER_VALUE,
        () -> store().searchRunGroups(List.of(exp), null, ViewType.ALL, 0, null, null));
    assertThat(store().searchRunGroups(List.of(), null, ViewType.ALL, 10, null, null).items())
        .isEmpty();
  }

  @Test
  default void searchRunGroupsKeepsInterleavedSweepsApartInSearchOrder() {
    String exp = newExperiment("group-edges");
    String a = newRun(exp, "a", 1);
    String b = newRun(exp, "b", 2);
    Function<String, List<Tag>> under = p -> List.of(new Tag(Run.PARENT_RUN_ID_TAG, p));
    String a1 = store().createRun(exp, "alice", 3, "a1", under.apply(a)).info().runId();
    String b1 = store().createRun(exp, "alice", 4, "b1", under.apply(b)).info().runId();
    String a2 = store().createRun(exp, "alice", 5, "a2", under.apply(a)).info().runId();
    String self = newRun(exp, "self", 6);
    store().setTag(self, new Tag(Run.PARENT_RUN_ID_TAG, self));
    // a loop only hand-set tags make: neither run is top-level, so neither is listed
    String x = newRun(exp, "x", 7);
    String y = newRun(exp, "y", 8);
    store().setTag(x, new Tag(Run.PARENT_RUN_ID_TAG, y));
    store().setTag(y, new Tag(Run.PARENT_RUN_ID_TAG, x));
    store().logMetric(a1, metric("score", 0.9, 0));
    store().logMetric(b1, metric("score", 0.5, 0));
    store().logMetric(a2, metric("score", 0.1, 0));

    BiFunction<List<String>, String, Page<Run>> page =
        (order, token) ->
            store().searchRunGroups(List.of(exp), null, ViewType.ACTIVE_ONLY, 2, order, token);
    Page<Run> first = page.apply(List.of(), null);
    assertThat(runNames(first)).containsExactly("self", "b1", "b");
    assertThat(runNames(page.apply(List.of(), first.nextPageToken())))
        .containsExactly("a2", "a1", "a");
    // groups sort where their top-level run sorts (the parents lack the metric: last, by start
    // time); their runs come in the search's order
    Page<Run> byScore = page.apply(List.of("metrics.score DESC"), null);
    assertThat(runNames(byScore)).containsExactly("b1", "self", "b");
    assertThat(runNames(page.apply(List.of("metrics.score DESC"), byScore.nextPageToken())))
        .containsExactly("a1", "a2", "a");
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  default void concurrentWritersLoseNothing() throws Exception {
    int writers = 10;
    int batchesPerWriter = 30;
    String shared = newRun("0", "shared", 1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        tasks.add(
            () -> {
              String own =
                  store().createRun("0", "w", writer, "writer-" + writer, List.of()).info().runId();
              for (int i = 0; i < batchesPerWriter; i++) {
                List<Metric> batch = new ArrayList<>();
                for (int j = 0; j < 10; j++) {
                  batch.add(new Metric("m", i * 10 + j, writer, i * 10 + j));
                }
                store()
                    .logBatch(
                        own,
                        batch,
                        List.of(new Param("p" + i, "v")),
                        List.of(new Tag("t", "" + i)));
                store().logMetric(shared, new Metric("w" + writer, i, i, i));
                store().setTag(shared, new Tag("last", "" + writer));
              }
              return own;
            });
      }
      Set<String> runs = new HashSet<>();
      for (Future<String> f : pool.invokeAll(tasks, 5, TimeUnit.MINUTES)) {
        runs.add(f.get()); // rethrows any writer's failure ("database is locked" included)
      }
      assertThat(runs).hasSize(writers);
      for (String run : runs) {
        assertThat(store().getMetricHistory(run, "m", 100_000, null).items())
            .hasSize(batchesPerWriter * 10);
        assertThat(store().getRun(run).data().params()).hasSize(batchesPerWriter);
      }
      Run sharedRun = store().getRun(shared);
      assertThat(sharedRun.data().metrics()).hasSize(writers);
      for (int w = 0; w < writers; w++) {
        assertThat(store().getMetricHistory(shared, "w" + w, 1000, null).items())
            .hasSize(batchesPerWriter);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
