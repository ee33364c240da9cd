package dev.trackbook.server.model;

/**
 * One metric point. Points are append-only and identified by (run, key, step, timestamp, value), so
 * a client that resends a batch after a lost acknowledgement does not create duplicates.
 */
public record Metric(String key, double value, long timestamp, long step) {}
