package dev.trackbook.server.model;

import java.util.List;

/**
 * A named model in the registry (MLflow's {@code RegisteredModel}).
 *
 * @param latestVersions the newest version in each stage that has one
 * @param aliases alias name to version number, e.g. {@code champion -> "3"}
 */
public record RegisteredModel(
    String name,
    long creationTimestamp,
    long lastUpdatedTimestamp,
    String description,
    List<ModelVersion> latestVersions,
    List<Tag> tags,
    List<ModelAlias> aliases) {}
