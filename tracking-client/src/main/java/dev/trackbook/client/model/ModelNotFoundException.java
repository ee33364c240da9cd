package dev.trackbook.client.model;

import java.io.IOException;

/**
 * The registry has no such model, version or alias (MLflow's RESOURCE_DOES_NOT_EXIST; for an alias,
 * INVALID_PARAMETER_VALUE).
 */
public final class ModelNotFoundException extends IOException {
  public ModelNotFoundException(String message) {
    super(message);
  }
}
