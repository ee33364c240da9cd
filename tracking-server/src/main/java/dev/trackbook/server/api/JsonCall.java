package dev.trackbook.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON endpoint's logic: arguments in, response object out; errors are thrown. */
@FunctionalInterface
interface JsonCall {
  ObjectNode call(ApiRequest request) throws Exception;
}
