package dev.trackbook.server.model;

/** MLflow's soft-delete state of experiments and runs. */
public enum LifecycleStage {
  ACTIVE("active"),
  DELETED("deleted");

  private final String wire;

  LifecycleStage(String wire) {
    this.wire = wire;
  }

  /** The lowercase form MLflow uses on the wire and in the store. */
  public String wire() {
    return wire;
  }

  public static LifecycleStage fromWire(String s) {
    for (LifecycleStage v : values()) {
      if (v.wire.equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown lifecycle stage " + s);
  }
}
