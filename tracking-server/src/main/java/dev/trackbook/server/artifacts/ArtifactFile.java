package dev.trackbook.server.artifacts;

/**
 * One entry of an artifact listing, as MLflow's {@code FileInfo}: {@code path} relative to the
 * listed root, {@code fileSize} null for directories.
 */
public record ArtifactFile(String path, boolean isDir, Long fileSize) {}
