package dev.trackbook.magics.browse;

import java.util.Map;

/** One run as {@code %runs} lists it: identity, status, times, params and latest metric values. */
record RunSummary(
    String runId,
    String runName,
    String experimentId,
    String status,
    long startTimeMillis,
    long endTimeMillis,
    Map<String, String> params,
    Map<String, Double> metrics) {}
