package dev.trackbook.server.model;

import java.util.List;

/**
 * One version of a registered model (MLflow's {@code ModelVersion}). {@code version} is the decimal
 * version number, as MLflow's wire format has it.
 *
 * @param currentStage one of {@link ModelStage}'s wire names
 * @param aliases the aliases of the model that point at this version
 */
public record ModelVersion(
    String name,
    String version,
    long creationTimestamp,
    long lastUpdatedTimestamp,
    String currentStage,
    String description,
    String source,
    String runId,
    ModelVersionStatus status,
    String statusMessage,
    List<Tag> tags,
    String runLink,
    List<String> aliases) {}
