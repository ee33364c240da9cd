package dev.trackbook.server.model;

/** MLflow Dataset, identified within an experiment by (name, digest). */
public record Dataset(
    String name, String digest, String sourceType, String source, String schema, String profile) {}
