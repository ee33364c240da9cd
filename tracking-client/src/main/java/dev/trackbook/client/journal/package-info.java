/**
 * The client's on-disk journal (segments, committed position, resolved runs). Internal to
 * tracking-client: other modules use {@link dev.trackbook.client.Tracking} or {@link
 * dev.trackbook.client.TrackingClient}.
 */
package dev.trackbook.client.journal;
