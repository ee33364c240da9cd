package dev.trackbook.server.model;

import java.util.List;

/** A dataset used by a run, with input tags such as {@code mlflow.data.context=training}. */
public record DatasetInput(List<Tag> tags, Dataset dataset) {}
