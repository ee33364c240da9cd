package dev.trackbook.server.model;

/** A metric point with the run it belongs to, as returned by get-history-bulk-interval. */
public record MetricPoint(String runId, String key, double value, long timestamp, long step) {}
