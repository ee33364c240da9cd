/**
 * The Java tracking API of Trackbook: {@link dev.trackbook.client.Tracking} for notebook cells,
 * magics and pipeline scripts, {@link dev.trackbook.client.TrackingClient} for an instance with its
 * own settings. Calls journal to disk and return; a background thread sends to an MLflow-compatible
 * server.
 */
package dev.trackbook.client;
