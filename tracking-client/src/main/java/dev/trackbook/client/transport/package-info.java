/**
 * The MLflow REST calls the client makes ({@link dev.trackbook.client.transport.MlflowRestApi}),
 * also used by the magics and tracking-data for the reads and calls the journal does not carry.
 */
package dev.trackbook.client.transport;
