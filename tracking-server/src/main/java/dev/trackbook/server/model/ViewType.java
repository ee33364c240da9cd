package dev.trackbook.server.model;

/** Which lifecycle stages a search returns (MLflow ViewType). */
public enum ViewType {
  ACTIVE_ONLY,
  DELETED_ONLY,
  ALL
}
