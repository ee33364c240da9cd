package dev.trackbook.server.model;

/** A run parameter; write-once per (run, key). */
public record Param(String key, String value) {}
