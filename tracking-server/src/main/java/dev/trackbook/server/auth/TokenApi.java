package dev.trackbook.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trackbook.server.api.ApiEndpoint;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/**
 * Token management over REST, under {@code /api/2.0/trackbook/tokens} (admin scope, see {@link
 * AccessPolicy}): {@code GET} lists, {@code POST .../create} with {@code {"name","scope"}} answers
 * the new token's secret once, {@code POST .../revoke} with {@code {"id"}} revokes.
 */
final class TokenApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TokenStore tokens;
  private final long maxBodyBytes;

  TokenApi(TokenStore tokens, long maxBodyBytes) {
    this.tokens = tokens;
    this.maxBodyBytes = maxBodyBytes;
  }

  List<ApiEndpoint> endpoints() {
    return List.of(
        new ApiEndpoint("listTokens", HandlerType.GET, "/trackbook/tokens", this::list, true),
        new ApiEndpoint(
            "createToken", HandlerType.POST, "/trackbook/tokens/create", this::create, true),
        new ApiEndpoint(
            "revokeToken", HandlerType.POST, "/trackbook/tokens/revoke", this::revoke, true));
  }

  private void list(Context ctx) throws JsonProcessingException {
    ObjectNode response = JSON.createObjectNode();
    ArrayNode list = response.putArray("tokens");
    tokens.list().forEach(t -> list.add(json(t)));
    write(ctx, response);
  }

  private void create(Context ctx) throws IOException {
    ObjectNode body = body(ctx);
    IssuedToken issued = tokens.create(text(body, "name"), Scope.parse(text(body, "scope")));
    ObjectNode response = JSON.createObjectNode();
    response.set("token", json(issued.token()));
    response.put("secret", issued.secret());
    ctx.header("Cache-Control", "no-store"); // the secret must not sit in a cache
    write(ctx, response);
  }

  private void revoke(Context ctx) throws IOException {
    ApiToken revoked = tokens.revoke(text(body(ctx), "id"));
    ObjectNode response = JSON.createObjectNode();
    response.set("token", json(revoked));
    write(ctx, response);
  }

  static ObjectNode json(ApiToken t) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", t.id());
    node.put("name", t.name());
    node.put("scope", t.scope().wireName());
    node.put("created_time", t.createdTime());
    if (t.lastUsedTime() != null) {
      node.put("last_used_time", t.lastUsedTime());
    }
    if (t.revokedTime() != null) {
      node.put("revoked_time", t.revokedTime());
    }
    return node;
  }

  private static String text(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      throw TrackingException.invalid("Missing value for required parameter '" + field + "'.");
    }
    if (!value.isTextual()) {
      throw TrackingException.invalid("Parameter '" + field + "' must be a string.");
    }
    if (value.asText().indexOf('\0') >= 0) {
      // as every other endpoint answers it (JsonEndpoints): PostgreSQL's text cannot hold U+0000
      throw TrackingException.invalid(
          "Invalid value: a string of the request contains the NUL character (U+0000), which no"
              + " text field can hold");
    }
    return value.asText();
  }

  /** A JSON object body of bounded size (the same rules as MLflow's endpoints). */
  private ObjectNode body(Context ctx) throws IOException {
    String type = ctx.contentType();
    String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!media.equals("application/json")) {
      throw TrackingException.invalid("Bad Request. Content-Type must be 'application/json'.");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() + (long) n > maxBodyBytes) {
          throw new TrackingException(
              ErrorCode.REQUEST_TOO_LARGE, "The request body is larger than the server's limit.");
        }
        out.write(buffer, 0, n);
      }
    }
    JsonNode json;
    try {
      json = JSON.readTree(out.toByteArray());
    } catch (JsonProcessingException e) {
      throw new TrackingException(
          ErrorCode.MALFORMED_REQUEST, "Malformed JSON in the request body.");
    }
    if (!(json instanceof ObjectNode object)) {
      throw new TrackingException(
          ErrorCode.MALFORMED_REQUEST, "The request body must be a JSON object.");
    }
    return object;
  }

  private static void write(Context ctx, ObjectNode response) throws JsonProcessingException {
    ctx.contentType("application/json").result(JSON.writeValueAsBytes(response));
  }
}
