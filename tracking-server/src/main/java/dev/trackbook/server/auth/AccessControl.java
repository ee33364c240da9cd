package dev.trackbook.server.auth;

import dev.trackbook.server.api.ApiEndpoint;
import dev.trackbook.server.error.ErrorCode;
import dev.trackbook.server.error.TrackingException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The server's {@code --auth} mode: every request that {@link AccessPolicy} does not call public
 * needs {@code Authorization: Bearer <token>} with a sufficient scope. A missing, unknown or
 * revoked token answers 401 UNAUTHENTICATED with {@code WWW-Authenticate: Bearer}; a token whose
 * scope is too small answers 403 PERMISSION_DENIED (RFC 6750 section 3). When disabled, nothing is
 * checked and no token endpoint exists.
 */
public final class AccessControl {
  /** The request attribute holding the authenticated {@link ApiToken}. */
  public static final String TOKEN_ATTRIBUTE = "trackbook.token";

  private static final String BEARER = "bearer ";

  private final TokenStore tokens;

  private AccessControl(TokenStore tokens) {
    this.tokens = tokens;
  }

  /** No authentication: the server's behaviour without {@code --auth}. */
  public static AccessControl disabled() {
    return new AccessControl(null);
  }

  /** Bearer tokens from {@code tokens}; also serves the admin token endpoints. */
  public static AccessControl bearerTokens(TokenStore tokens) {
    if (tokens == null) {
      throw new IllegalArgumentException("bearer-token auth needs a token store");
    }
    return new AccessControl(tokens);
  }

  public boolean enabled() {
    return tokens != null;
  }

  /** The token management endpoints (admin scope), or none when disabled. */
  public List<ApiEndpoint> endpoints(long maxJsonBodyBytes) {
    return enabled() ? new TokenApi(tokens, maxJsonBodyBytes).endpoints() : List.of();
  }

  /**
   * Installs the check before every matched route, whoever registered it; call once from the
   * server's app factory. A request no route matches runs no handler and answers 404.
   */
  public void install(JavalinConfig javalin) {
    if (enabled()) {
      // beforeMatched, not before: only then does Javalin know the route, so the policy decides by
      // the route's pattern rather than by a raw path that routing might read differently.
      javalin.routes.beforeMatched(this::check);
    }
  }

  private void check(Context ctx) {
    Endpoint route = ctx.endpoints().matchedHttpEndpoint();
    Optional<Scope> required =
        AccessPolicy.required(ctx.method(), route == null ? null : route.path);
    if (required.isEmpty()) {
      return;
    }
    String secret = bearerSecret(ctx.header("Authorization"));
    if (secret == null) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"trackbook\"");
      throw new TrackingException(
          ErrorCode.UNAUTHENTICATED,
          "This server requires a token: send 'Authorization: Bearer <token>' (MLflow clients:"
              + " set MLFLOW_TRACKING_TOKEN).");
    }
    ApiToken token =
        tokens
            .authenticate(secret)
            .orElseThrow(
                () -> {
                  ctx.header(
                      "WWW-Authenticate", "Bearer realm=\"trackbook\", error=\"invalid_token\"");
                  return new TrackingException(
                      ErrorCode.UNAUTHENTICATED, "The token is not valid (unknown or revoked).");
                });
    if (!token.scope().grants(required.get())) {
      ctx.header(
          "WWW-Authenticate",
          "Bearer realm=\"trackbook\", error=\"insufficient_scope\", scope=\""
              + required.get().wireName()
              + "\"");
      throw new TrackingException(
          ErrorCode.PERMISSION_DENIED,
          "Token '"
              + token.name()
              + "' has scope "
              + token.scope().wireName()
              + "; "
              + ctx.method()
              + " "
              + (route == null ? "here" : route.path)
              + " needs "
              + required.get().wireName()
              + ".");
    }
    ctx.attribute(TOKEN_ATTRIBUTE, token);
  }

  /** The token of an {@code Authorization: Bearer <token>} header, or null. */
  static String bearerSecret(String header) {
    if (header == null || header.length() <= BEARER.length()) {
      return null;
    }
    if (!header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      return null;
    }
    String secret = header.substring(BEARER.length()).trim();
    return secret.isEmpty() ? null : secret;
  }
}
