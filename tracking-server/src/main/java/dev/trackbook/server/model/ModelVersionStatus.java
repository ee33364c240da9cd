package dev.trackbook.server.model;

/**
 * MLflow's {@code ModelVersionStatus}, in proto order (numbered from 1 in model_registry.proto).
 */
public enum ModelVersionStatus {
  PENDING_REGISTRATION,
  FAILED_REGISTRATION,
  READY
}
