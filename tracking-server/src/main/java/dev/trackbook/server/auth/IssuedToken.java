package dev.trackbook.server.auth;

/**
 * A token just created, with its secret: the only moment the secret exists outside the client that
 * holds it. {@link #toString()} leaves the secret out so it cannot slip into a log.
 *
 * @param secret the bearer token to hand to the user once
 */
public record IssuedToken(ApiToken token, String secret) {
  @Override
  public String toString() {
    return "IssuedToken[" + token + ", secret=***]";
  }
}
