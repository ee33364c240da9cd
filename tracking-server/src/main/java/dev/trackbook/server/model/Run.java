package dev.trackbook.server.model;

import java.util.List;

/** An MLflow run: info, data and inputs. */
public record Run(RunInfo info, RunData data, List<DatasetInput> inputs) {}
