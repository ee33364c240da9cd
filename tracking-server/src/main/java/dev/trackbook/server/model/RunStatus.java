package dev.trackbook.server.model;

/** MLflow's run status (mlflow/protos/service.proto RunStatus). */
public enum RunStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED;

  public boolean isTerminated() {
    return this == FINISHED || this == FAILED || this == KILLED;
  }
}
