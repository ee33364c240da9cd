package dev.trackbook.server.model;

import dev.trackbook.server.error.TrackingException;
import java.util.Locale;

/**
 * MLflow's model version stages (mlflow/entities/model_registry/model_version_stages.py). Input is
 * matched case-insensitively, as MLflow does; output uses the canonical capitalized names.
 */
public enum ModelStage {
  NONE("None"),
  STAGING("Staging"),
  PRODUCTION("Production"),
  ARCHIVED("Archived");

  private final String wire;

  ModelStage(String wire) {
    this.wire = wire;
  }

  /** The name on the wire and in the database, e.g. {@code "Production"}. */
  public String wire() {
    return wire;
  }

  /** The stage named {@code text} in any case; INVALID_PARAMETER_VALUE for anything else. */
  public static ModelStage parse(String text) {
    if (text != null) {
      for (ModelStage stage : values()) {
        if (stage.wire.toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
          return stage;
        }
      }
    }
    throw TrackingException.invalid(
        "Invalid Model Version stage: "
            + text
            + ". Value must be one of None, Staging, Production, Archived.");
  }
}
