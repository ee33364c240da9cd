package dev.trackbook.client.journal;

/** The server-side identity of a run the client created. */
public record ResolvedRun(String runId, String experimentId, String artifactUri) {}
