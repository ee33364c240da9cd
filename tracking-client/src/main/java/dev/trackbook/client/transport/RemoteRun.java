package dev.trackbook.client.transport;

/** The identity of a run on the server, as runs/create and runs/search return it. */
public record RemoteRun(String runId, String experimentId, String artifactUri) {}
