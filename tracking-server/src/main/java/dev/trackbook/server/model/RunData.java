package dev.trackbook.server.model;

import java.util.List;

/** MLflow RunData: the latest value of each metric key, all params, all tags. */
public record RunData(List<Metric> metrics, List<Param> params, List<Tag> tags) {}
