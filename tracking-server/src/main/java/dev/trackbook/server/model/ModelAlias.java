package dev.trackbook.server.model;

/** A registered model's alias and the version number it points at. */
public record ModelAlias(String alias, String version) {}
