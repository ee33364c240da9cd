package dev.trackbook.server.auth;

/**
 * A token as the server knows it: everything but the secret, which is never stored.
 *
 * @param id public identifier (shown by {@code token list}, used by {@code token revoke})
 * @param name what the token is for, chosen by its creator
 * @param createdTime epoch milliseconds
 * @param lastUsedTime epoch milliseconds of the last accepted request (recorded at most once a
 *     minute per server), or null if never used
 * @param revokedTime epoch milliseconds of revocation, or null while the token is valid
 */
public record ApiToken(
    String id, String name, Scope scope, long createdTime, Long lastUsedTime, Long revokedTime) {

  public boolean revoked() {
    return revokedTime != null;
  }
}
