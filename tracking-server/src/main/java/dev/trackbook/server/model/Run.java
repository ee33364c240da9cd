package dev.trackbook.server.model;

import java.util.List;

/** An MLflow run: info, data and inputs. */
public record Run(RunInfo info, RunData data, List<DatasetInput> inputs) {

  /**
   * The tag naming a nested run's parent run (MLflow's {@code MLFLOW_PARENT_RUN_ID},
   * mlflow/utils/mlflow_tags.py); MLflow clients set it for {@code start_run(nested=True)}.
   */
  public static final String PARENT_RUN_ID_TAG = "mlflow.parentRunId";
}
