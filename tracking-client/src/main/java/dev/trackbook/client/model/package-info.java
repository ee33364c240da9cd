/**
 * Logged models: the descriptor written next to a model's files, the {@link
 * dev.trackbook.client.model.ModelFlavor} SPI through which a framework module (tracking-djl) saves
 * and loads its models, model URIs ({@code models:/NAME/3}, {@code models:/NAME@champion}, {@code
 * runs:/RUN/path}) and their resolution through the MLflow model registry REST API.
 */
package dev.trackbook.client.model;
