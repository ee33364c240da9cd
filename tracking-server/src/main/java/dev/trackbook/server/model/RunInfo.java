package dev.trackbook.server.model;

/** MLflow RunInfo. {@code endTime} is null while a run has not ended. */
public record RunInfo(
    String runId,
    String runName,
    String experimentId,
    String userId,
    RunStatus status,
    long startTime,
    Long endTime,
    String artifactUri,
    LifecycleStage lifecycleStage) {}
