/**
 * Model validation ({@code trackbook validate}) and serving ({@code trackbook serve}): a sandboxed
 * child JVM that checks a model against its descriptor, and a Javalin scoring server that follows a
 * registry alias with blue/green switches and an optional canary.
 */
package dev.trackbook.cli.serving;
