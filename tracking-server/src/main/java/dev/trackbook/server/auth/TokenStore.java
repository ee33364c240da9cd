package dev.trackbook.server.auth;

import dev.trackbook.server.error.TrackingException;
import java.util.List;
import java.util.Optional;

/**
 * Where bearer tokens live. Secrets are never stored: only their SHA-256, so the store (or a backup
 * of it) cannot give a token away. One contract suite ({@code TokenStoreContract}) holds for every
 * backend.
 */
public interface TokenStore {

  /**
   * Creates a token.
   *
   * @param name what the token is for (1..256 characters)
   * @return the token with its secret, which cannot be obtained again
   * @throws TrackingException INVALID_PARAMETER_VALUE for an empty or too long name
   */
  IssuedToken create(String name, Scope scope);

  /**
   * The valid (not revoked) token with this secret, recording its use; empty for an unknown,
   * malformed or revoked secret. Never throws for a bad secret.
   */
  Optional<ApiToken> authenticate(String secret);

  /** Every token, revoked ones included, oldest first. */
  List<ApiToken> list();

  /**
   * Revokes a token; revoking a revoked token is a no-op.
   *
   * @return the token as revoked
   * @throws TrackingException RESOURCE_DOES_NOT_EXIST when no token has this id
   */
  ApiToken revoke(String id);
}
