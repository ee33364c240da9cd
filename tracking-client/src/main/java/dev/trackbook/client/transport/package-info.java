/**
 * The MLflow REST calls the client makes, over {@link java.net.http.HttpClient}. Internal to
 * tracking-client.
 */
package dev.trackbook.client.transport;
