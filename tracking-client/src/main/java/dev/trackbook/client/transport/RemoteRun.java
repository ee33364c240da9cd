package dev.trackbook.client.transport;

/**
 * The identity of a run on the server, as runs/create, runs/search and runs/get return it, and
 * whether the run is deleted (lifecycle_stage).
 */
public record RemoteRun(String runId, String experimentId, String artifactUri, boolean deleted) {}
