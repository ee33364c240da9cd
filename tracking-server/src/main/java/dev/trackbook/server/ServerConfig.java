package dev.trackbook.server;

import java.util.Set;

/**
 * How the tracking server listens and what it accepts.
 *
 * @param host interface to bind; 127.0.0.1 keeps the server local to the machine
 * @param port TCP port; 0 picks a free one ({@link TrackingServer#port()} tells which)
 * @param maxJsonBodyBytes the largest JSON request body; larger ones get 413 REQUEST_TOO_LARGE
 * @param maxArtifactBytes the largest artifact upload; larger ones get 413 REQUEST_TOO_LARGE
 * @param requireValidationAliases model aliases (e.g. {@code champion}, {@code prod}) that may only
 *     point at a version whose tag {@code trackbook.validation.status} is {@code passed}; setting
 *     one on any other version is refused with 400 (matched case-insensitively)
 */
public record ServerConfig(
    String host,
    int port,
    long maxJsonBodyBytes,
    long maxArtifactBytes,
    Set<String> requireValidationAliases) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5000;

  /**
   * 5 MiB of JSON holds a full log-batch (1000 metrics, 100 params of 6000 chars, 100 tags of 8000
   * chars) with room to spare.
   */
  public static final long DEFAULT_MAX_JSON_BODY_BYTES = 5L * 1024 * 1024;

  /**
   * 10 GiB: a model's weights easily pass the 32 MiB this once was, and MLflow's server has no cap.
   * An upload streams to a temp file beside its target, so the cap costs nothing; it only stops a
   * runaway writer from filling the disk ({@code server --max-artifact-mb} sets it).
   */
  public static final long DEFAULT_MAX_ARTIFACT_BYTES = 10L * 1024 * 1024 * 1024;

  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxJsonBodyBytes <= 0 || maxArtifactBytes <= 0) {
      throw new IllegalArgumentException("body limits must be positive");
    }
    requireValidationAliases =
        requireValidationAliases == null ? Set.of() : Set.copyOf(requireValidationAliases);
  }

  /** 127.0.0.1:5000 with the default limits. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        DEFAULT_MAX_JSON_BODY_BYTES,
        DEFAULT_MAX_ARTIFACT_BYTES,
        Set.of());
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(
        newHost, port, maxJsonBodyBytes, maxArtifactBytes, requireValidationAliases);
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(
        host, newPort, maxJsonBodyBytes, maxArtifactBytes, requireValidationAliases);
  }

  public ServerConfig withLimits(long newMaxJsonBodyBytes, long newMaxArtifactBytes) {
    return new ServerConfig(
        host, port, newMaxJsonBodyBytes, newMaxArtifactBytes, requireValidationAliases);
  }

  /** The same configuration with these aliases gated on a passed validation. */
  public ServerConfig withRequireValidation(Set<String> aliases) {
    return new ServerConfig(host, port, maxJsonBodyBytes, maxArtifactBytes, aliases);
  }
}
