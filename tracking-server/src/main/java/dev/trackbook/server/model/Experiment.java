package dev.trackbook.server.model;

import java.util.List;

/** An MLflow experiment. Ids are decimal strings; "0" is the Default experiment. */
public record Experiment(
    String experimentId,
    String name,
    String artifactLocation,
    LifecycleStage lifecycleStage,
    long creationTime,
    long lastUpdateTime,
    List<Tag> tags) {}
