/** The background thread that sends the journal to the server. Internal to tracking-client. */
package dev.trackbook.client.flush;
